from datetime import date

from db.stock.rules import State, aging_level, allowed_moves, days_in_stock, move_problem


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
