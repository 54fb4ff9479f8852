"""The acquisition-cost rule (收购成本控制原则): how much we may pay for a car.

    maximum buy price = forecast retail − reconditioning − transport − inspection − tax
                        − this car's share of fixed costs − target profit

The cost items are company rules (`PricingRule`, edited by a manager), not the appraiser's
mood; the only judgement is the forecast retail price. Money is integer yuan throughout;
percentages are kept as per-mille integers so no float ever touches a price.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def N_(message: str) -> str:
    """Marks a message id for translation; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class PricingRule:
    transport: int = 800
    inspection: int = 300
    tax_permille: int = 5  # 0.5% of forecast retail: China's simplified used-car VAT on resale
    fixed_cost_share: int = 2500  # interest, wages, rent, office, per car
    target_profit_permille: int = 60  # 6% of forecast retail
    min_target_profit: int = 3000
    offer_spread_permille: int = 50  # the opening offer is this much below the maximum
    outcome_due_days: int = 3  # an appraisal without an outcome after this many days is flagged


DEFAULT_RULE = PricingRule()

HEAVY_RECON_PERMILLE = 100  # reconditioning above 10% of retail is worth explaining
OFFER_STEP = 100  # offers are round figures

RECON_LABEL = N_("Reconditioning")
RULE_LABELS = {
    "transport": N_("Transport"),
    "inspection": N_("Inspection and certification"),
    "tax": N_("Tax on resale"),
    "fixed_costs": N_("Share of fixed costs (interest, wages, rent, office)"),
    "target_profit": N_("Target profit"),
}


@dataclass(frozen=True)
class Deduction:
    key: (
        str  # a RULE_LABELS key, or "recon:<label>" per reconditioning item ("recon" if unlabelled)
    )
    label: str  # English msgid, or for a reconditioning item its own label text
    amount: int


@dataclass(frozen=True)
class PriceRange:
    forecast_retail: int
    deductions: tuple[Deduction, ...]  # reconditioning items first, then in formula order
    max_buy: int  # never below 0
    offer_low: int  # the opening offer, rounded down to 100 yuan
    offer_high: int  # max_buy rounded down to 100 yuan
    reasons: tuple[str, ...]  # English msgids, without placeholders, for the owner

    @property
    def recon_total(self) -> int:
        return sum(d.amount for d in self.deductions if d.key.split(":")[0] == "recon")

    @property
    def total_deductions(self) -> int:
        return sum(d.amount for d in self.deductions)


def _permille(amount: int, permille: int) -> int:
    """amount × permille / 1000, rounded half up, in integers."""
    return (amount * permille + 500) // 1000


def _round_down(amount: int) -> int:
    return amount // OFFER_STEP * OFFER_STEP


def _recon_deductions(items: Iterable[tuple[str, int]]) -> list[Deduction]:
    """One deduction per label (repeated labels are summed), in first-seen order; free
    items (a panel already replaced) cost nothing and are left out."""
    totals: dict[str, int] = {}
    for label, amount in items:
        if amount < 0:
            raise ValueError(f"reconditioning cost below zero: {label!r} {amount}")
        label = label.strip()
        totals[label] = totals.get(label, 0) + amount
    return [
        Deduction(f"recon:{label}", label, amount)
        if label
        else Deduction("recon", RECON_LABEL, amount)
        for label, amount in totals.items()
        if amount
    ]


def _reasons(
    forecast_retail: int, recon_total: int, min_profit_applies: bool, max_buy: int
) -> tuple[str, ...]:
    # No placeholders: every figure is in the deductions beside them.
    reasons = [
        N_(
            "The most we can pay is the price we expect to sell the car for, less repairs, "
            "transport, inspection, tax, running costs and our margin."
        )
    ]
    if not recon_total:
        reasons.append(N_("No repairs needed: the car can go on sale as it is."))
    elif recon_total * 1000 > HEAVY_RECON_PERMILLE * forecast_retail:
        reasons.append(
            N_(
                "The repairs come to more than a tenth of the retail price, "
                "so they weigh heavily on the offer."
            )
        )
    if min_profit_applies:
        reasons.append(
            N_(
                "On a car at this price our minimum margin applies, "
                "so it takes a larger share of the price."
            )
        )
    if max_buy == 0:
        reasons.append(
            N_(
                "Selling this car would cost more than it would fetch, "
                "so we cannot make a cash offer."
            )
        )
    return tuple(reasons)


def price_range(
    forecast_retail: int,
    recon_items: Iterable[tuple[str, int]],
    rule: PricingRule = DEFAULT_RULE,
) -> PriceRange:
    if forecast_retail < 0:
        raise ValueError(f"forecast retail price below zero: {forecast_retail}")
    recon = _recon_deductions(recon_items)
    share_profit = _permille(forecast_retail, rule.target_profit_permille)
    target_profit = max(share_profit, rule.min_target_profit)
    costs = {
        "transport": rule.transport,
        "inspection": rule.inspection,
        "tax": _permille(forecast_retail, rule.tax_permille),
        "fixed_costs": rule.fixed_cost_share,
        "target_profit": target_profit,
    }
    deductions = (*recon, *(Deduction(k, RULE_LABELS[k], v) for k, v in costs.items()))
    max_buy = max(0, forecast_retail - sum(d.amount for d in deductions))
    return PriceRange(
        forecast_retail=forecast_retail,
        deductions=deductions,
        max_buy=max_buy,
        offer_low=_round_down(max_buy * (1000 - rule.offer_spread_permille) // 1000),
        offer_high=_round_down(max_buy),
        reasons=_reasons(
            forecast_retail,
            sum(d.amount for d in recon),
            share_profit < rule.min_target_profit,
            max_buy,
        ),
    )


def needs_approval(agreed_price: int, price: PriceRange) -> bool:
    """A price above the maximum needs a manager's approval."""
    return agreed_price > price.max_buy
