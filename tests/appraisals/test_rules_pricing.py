import dataclasses

import pytest

from db.appraisals.pricing import (
    DEFAULT_RULE,
    PricingRule,
    needs_approval,
    price_range,
)

RECON = [("Front bumper: Dent (Moderate)", 800), ("Tyres", 1200)]


def amounts(price):
    return [(d.key, d.amount) for d in price.deductions]


def test_the_formula_itemised_recon_first_then_in_formula_order():
    price = price_range(128_000, RECON)
    assert amounts(price) == [
        ("recon:Front bumper: Dent (Moderate)", 800),
        ("recon:Tyres", 1200),
        ("transport", 800),
        ("inspection", 300),
        ("tax", 640),  # 0.5% of 128,000
        ("fixed_costs", 2500),
        ("target_profit", 7680),  # 6% of 128,000
    ]
    assert price.max_buy == 128_000 - 13_920 == 114_080
    assert price.offer_high == 114_000  # rounded down to 100
    assert price.offer_low == 108_300  # 5% below 114,080 = 108,376, rounded down
    assert price.recon_total == 2000
    assert price.total_deductions == 13_920
    assert price.forecast_retail == 128_000


def test_labels_are_msgids_and_recon_items_keep_their_own_text():
    price = price_range(128_000, RECON)
    labels = [d.label for d in price.deductions]
    assert labels[:2] == ["Front bumper: Dent (Moderate)", "Tyres"]
    assert labels[2:] == [
        "Transport",
        "Inspection and certification",
        "Tax on resale",
        "Share of fixed costs (interest, wages, rent, office)",
        "Target profit",
    ]


def test_a_cheap_car_pays_the_minimum_target_profit():
    price = price_range(30_000, [])
    assert dict(amounts(price))["target_profit"] == 3000  # 6% would be 1,800
    assert price.max_buy == 30_000 - (800 + 300 + 150 + 2500 + 3000) == 23_250
    assert (price.offer_low, price.offer_high) == (22_000, 23_200)
    assert any("minimum margin" in r for r in price.reasons)


def test_minimum_profit_reason_only_when_it_applies():
    assert not any("minimum margin" in r for r in price_range(50_000, []).reasons)  # 6% = 3,000
    assert not any("minimum margin" in r for r in price_range(200_000, []).reasons)


@pytest.mark.parametrize(
    ("retail", "tax"), [(12_345, 62), (100, 1), (99_900, 500), (99_899, 499), (0, 0)]
)
def test_tax_rounds_half_up_to_the_yuan(retail, tax):
    assert dict(amounts(price_range(retail, [])))["tax"] == tax


def test_max_buy_never_below_zero_and_says_why():
    price = price_range(5_000, [("Engine rebuild", 20_000)])
    assert price.max_buy == 0
    assert (price.offer_low, price.offer_high) == (0, 0)
    assert (
        "Selling this car would cost more than it would fetch, so we cannot make a cash offer."
        in price.reasons
    )


def test_offers_round_down_and_low_never_exceeds_high():
    for retail in range(20_000, 400_000, 7_919):
        price = price_range(retail, [("Polish", 299)])
        assert price.offer_high % 100 == 0 and price.offer_low % 100 == 0
        assert price.offer_low <= price.offer_high <= price.max_buy
        assert price.max_buy - price.offer_high < 100


def test_a_managers_rule_changes_every_item():
    rule = PricingRule(
        transport=0,
        inspection=500,
        tax_permille=20,
        fixed_cost_share=4000,
        target_profit_permille=100,
        min_target_profit=0,
        offer_spread_permille=100,
    )
    price = price_range(100_000, [], rule)
    assert dict(amounts(price)) == {
        "transport": 0,
        "inspection": 500,
        "tax": 2000,
        "fixed_costs": 4000,
        "target_profit": 10_000,
    }
    assert price.max_buy == 83_500
    assert price.offer_low == 75_100  # 90% of 83,500 = 75,150


def test_default_rule_is_the_documented_one():
    assert dataclasses.asdict(DEFAULT_RULE) == {
        "transport": 800,
        "inspection": 300,
        "tax_permille": 5,
        "fixed_cost_share": 2500,
        "target_profit_permille": 60,
        "min_target_profit": 3000,
        "offer_spread_permille": 50,
        "outcome_due_days": 3,
    }


def test_recon_items_same_label_summed_free_ones_left_out_blank_is_generic():
    price = price_range(
        100_000, [("Tyres", 600), ("Bonnet: Replaced", 0), ("  ", 300), ("Tyres", 600)]
    )
    recon = [(d.key, d.label, d.amount) for d in price.deductions if d.key.startswith("recon")]
    assert recon == [("recon:Tyres", "Tyres", 1200), ("recon", "Reconditioning", 300)]


def test_negative_amounts_are_a_programming_error():
    with pytest.raises(ValueError):
        price_range(100_000, [("Discount", -500)])
    with pytest.raises(ValueError):
        price_range(-1, [])


def test_reasons_explain_the_range_to_the_owner_without_placeholders():
    price = price_range(128_000, RECON)
    assert price.reasons == (
        "The most we can pay is the price we expect to sell the car for, less repairs, "
        "transport, inspection, tax, running costs and our margin.",
    )
    everything = price_range(5_000, [("Engine rebuild", 20_000)]).reasons
    assert len(everything) == 4
    assert not any("{" in r for r in everything)


def test_no_repairs_is_worth_saying():
    assert "No repairs needed: the car can go on sale as it is." in price_range(80_000, []).reasons


@pytest.mark.parametrize(("recon", "heavy"), [(5_000, False), (5_001, True), (12_000, True)])
def test_heavy_reconditioning_is_explained_above_ten_percent(recon, heavy):
    price = price_range(50_000, [("Gearbox", recon)])
    assert (
        "The repairs come to more than a tenth of the retail price, "
        "so they weigh heavily on the offer." in price.reasons
    ) is heavy


@pytest.mark.parametrize(
    ("agreed", "needed"), [(114_079, False), (114_080, False), (114_081, True)]
)
def test_needs_approval_only_above_the_maximum(agreed, needed):
    assert needs_approval(agreed, price_range(128_000, RECON)) is needed


def test_any_price_on_a_car_with_no_maximum_needs_approval():
    assert needs_approval(1, price_range(5_000, [("Engine rebuild", 20_000)]))
    assert not needs_approval(0, price_range(5_000, [("Engine rebuild", 20_000)]))
