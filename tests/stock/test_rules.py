from datetime import date

import pytest

from db.stock.rules import (
    State,
    aging_level,
    allowed_moves,
    bid_problem,
    certification_passed,
    certification_problems,
    days_in_stock,
    failed_first,
    gross_margin,
    may_see_cost,
    may_set_price,
    move_problem,
    next_action,
    parse_price,
    parse_recon_cost,
    recon_kind,
    sale_problem,
    total_cost,
    winning_bid,
)


def test_the_path_forward_and_the_steps_back():
    assert move_problem("reconditioning", "certification", certified=False) is None
    assert move_problem("listed", "reserved", certified=True) is None
    assert move_problem("reserved", "listed", certified=True) is None  # the deal fell through
    assert move_problem("reserved", "sold", certified=True) is None


def test_no_listing_without_a_passed_certification_when_the_dealership_requires_it():
    assert move_problem("certification", "listed", certified=False) is not None
    assert move_problem("certification", "listed", certified=True) is None
    assert (
        move_problem("reconditioning", "listed", certified=False, certification_required=False)
        is None
    )


def test_steps_cannot_be_skipped_and_sold_cars_stay_sold():
    assert move_problem("reconditioning", "sold", certified=True) is not None
    assert move_problem("reconditioning", "reserved", certified=True) is not None
    assert move_problem("sold", "listed", certified=True) is not None
    assert move_problem("wholesale", "listed", certified=True) is not None


def test_wholesale_is_open_at_any_point_before_the_sale():
    for state in ("reconditioning", "certification", "listed", "reserved"):
        assert move_problem(state, "wholesale", certified=False) is None


def test_allowed_moves_offer_the_step_forward_first():
    assert allowed_moves("reconditioning", certified=False) == [
        State.CERTIFICATION,
        State.WHOLESALE,
    ]
    assert allowed_moves("certification", certified=True) == [
        State.LISTED,
        State.RECONDITIONING,
        State.WHOLESALE,
    ]
    assert allowed_moves("certification", certified=False) == [
        State.RECONDITIONING,
        State.WHOLESALE,
    ]
    assert allowed_moves("reserved", certified=True) == [State.SOLD, State.LISTED, State.WHOLESALE]
    assert allowed_moves("sold", certified=True) == []


def test_days_in_stock_and_aging():
    assert days_in_stock(date(2026, 10, 1), date(2026, 11, 22)) == 52
    assert days_in_stock(date(2026, 10, 1), date(2026, 11, 22), left=date(2026, 10, 11)) == 10
    assert [aging_level(d) for d in (0, 29, 30, 44, 45, 60, 90, 200)] == [0, 0, 1, 1, 2, 3, 4, 4]
    assert aging_level(40, (20, 40)) == 2


# --- costs, prices, certification and bids ---------------------------------------------------


def test_managers_and_appraisers_price_and_see_costs_consultants_do_not():
    assert may_set_price({"manager"}) and may_set_price({"appraiser"})
    assert not may_set_price({"consultant"}) and not may_set_price(set())
    assert may_see_cost({"appraiser", "consultant"})
    assert not may_see_cost({"consultant"})


@pytest.mark.parametrize(
    ("typed", "yuan"),
    [
        ("13.98万", 139800),
        ("13.98", 139800),  # a bare small number is 万, as on the appraisal sheet
        ("139800", 139800),
        ("¥139,800", 139800),
        ("１３９８００", 139800),  # full-width digits from a Chinese keyboard
        ("139800元", 139800),
        ("2000万", 20_000_000),
        ("1000", 1000),
        ("999", 9_990_000),  # read as 万 (under 1,000), within range
    ],
)
def test_a_price_is_typed_in_yuan_or_wan(typed, yuan):
    assert parse_price(typed) == yuan


@pytest.mark.parametrize(
    "typed", ["", "abc", "-5", "0", "2000.01万", "139800.5", "13.987654万", "12万3", "1万万"]
)
def test_prices_outside_whole_yuan_from_1000_to_20_million_are_refused(typed):
    with pytest.raises(ValueError):
        parse_price(typed)


def test_a_task_costs_whole_yuan_from_0_to_half_a_million():
    assert parse_recon_cost("680") == 680
    assert parse_recon_cost("0") == 0
    assert parse_recon_cost("1,200") == 1200
    for bad in ("", "-1", "500001", "abc", "6.5", "1e3"):
        with pytest.raises(ValueError):
            parse_recon_cost(bad)


def test_total_cost_and_margin():
    assert total_cost(100000, [300, 400, 680]) == 101380
    assert gross_margin(None, 100000) is None
    profit, share = gross_margin(125000, 100000)
    assert profit == 25000 and share == pytest.approx(0.2)
    assert gross_margin(90000, 100000)[0] == -10000


def test_appraisal_items_become_tasks_of_a_kind():
    assert recon_kind("panel:front_bumper:scratch") == "exterior"
    assert recon_kind("check:interior:seats") == "interior"
    assert recon_kind("tyre:front_left") == "repair"
    assert recon_kind("check:chassis:brakes") == "repair"
    assert recon_kind("manual:ab12") == "repair"


def _p(label, passed, note=""):
    return {"label": label, "passed": passed, "note": note}


def test_certified_only_when_every_point_passes():
    assert certification_passed([_p("a", True), _p("b", True)])
    assert not certification_passed([_p("a", True), _p("b", False, "worn")])
    assert not certification_passed([])  # an empty checklist certifies nothing


def test_unanswered_points_and_failures_without_a_note_are_problems():
    points = [_p("a", True), _p("b", None), _p("c", False), _p("d", False, "  ")]
    points.append(_p("e", False, "x"))
    assert set(certification_problems(points)) == {1, 2, 3}


def test_failed_points_come_first_in_list_order():
    points = [_p("a", True), _p("b", False, "x"), _p("c", True), _p("d", False, "y")]
    assert [p["label"] for p in failed_first(points)] == ["b", "d", "a", "c"]


def _bids(*amounts, won=None):
    return [{"id": i + 1, "amount": a, "won": i + 1 == won} for i, a in enumerate(amounts)]


def test_the_highest_bid_wins_and_the_earliest_of_equals():
    assert winning_bid(_bids(80000, 86000, 83000))["id"] == 2
    assert winning_bid(_bids(86000, 86000))["id"] == 1
    assert winning_bid([]) is None


def test_only_the_highest_bid_may_buy_and_only_while_the_car_is_in_stock():
    bids = _bids(80000, 86000, 83000)
    assert sale_problem("listed", bids, 2) is None
    assert sale_problem("listed", bids, 3) is not None  # lower than the best
    assert sale_problem("listed", bids, 99) is not None
    assert sale_problem("sold", bids, 2) is not None
    assert bid_problem("reconditioning", bids) is None
    assert bid_problem("sold", []) is not None
    assert bid_problem("wholesale", _bids(80000, won=1)) is not None


def test_the_next_thing_to_do():
    def nxt(state, open_tasks=0, certified=False, priced=False, photos=0):
        return next_action(
            state, open_tasks=open_tasks, certified=certified, priced=priced, photos=photos
        )

    assert nxt("reconditioning", open_tasks=3) == "tasks_open"
    assert nxt("reconditioning") == "send_to_certification"
    assert nxt("certification") == "needs_certification"
    assert nxt("certification", certified=True) == "needs_price"
    assert nxt("certification", certified=True, priced=True) == "needs_photos"
    assert nxt("certification", certified=True, priced=True, photos=4) == "ready_to_list"
    assert nxt("listed", certified=True, priced=True) == "needs_photos"
    assert nxt("listed", certified=True, priced=True, photos=4) is None
    assert nxt("reserved") == "complete_sale"
    assert nxt("sold") is None
