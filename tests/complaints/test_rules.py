"""The complaint workflow's rules, without a database."""

from datetime import UTC, date, datetime, timedelta

import pytest

from db.complaints.rules import (
    ACTIONS,
    NOTE_MAX,
    STEPS,
    action_problem,
    contacted_same_day,
    durations,
    may_close,
    new_complaint_problems,
    next_actions,
    phone_number,
)

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def test_every_action_leads_from_and_to_known_steps():
    for action in ACTIONS.values():
        assert set(action.from_steps) <= set(STEPS)
        assert action.to_step in STEPS


@pytest.mark.parametrize(
    ("step", "answer", "manager", "expected"),
    [
        ("recorded", "", False, ["contacted"]),
        ("contacted", "", False, ["proposed"]),
        ("returned", "", False, ["proposed"]),
        ("proposed", "", False, []),
        ("proposed", "", True, ["approved", "sent_back"]),
        ("approved", "", False, ["agreed", "declined"]),
        ("agreed", "", False, ["done"]),
        ("done", "", False, ["follow_up"]),
        ("following", "not_satisfied", False, ["follow_up"]),
        ("following", "not_satisfied", True, ["follow_up", "closed"]),
        ("following", "satisfied", False, ["follow_up", "closed"]),
        ("closed", "satisfied", True, []),
    ],
)
def test_next_actions_follow_the_order(step, answer, manager, expected):
    assert next_actions(step, answer, is_manager=manager) == expected


def test_a_step_cannot_be_skipped():
    problem = action_problem("agreed", "contacted", "", is_manager=True, note="")
    assert problem is not None and problem.field == "form" and not problem.forbidden


def test_only_a_manager_approves_or_sends_back():
    for action in ("approved", "sent_back"):
        problem = action_problem(action, "proposed", "", is_manager=False, note="x")
        assert problem is not None and problem.forbidden
    assert action_problem("approved", "proposed", "", is_manager=True, note="") is None


def test_sending_back_needs_a_reason():
    problem = action_problem("sent_back", "proposed", "", is_manager=True, note="  ")
    assert problem is not None and problem.field == "note"


def test_a_proposal_needs_its_text():
    assert action_problem("proposed", "contacted", "", is_manager=False, note="").field == "note"


def test_a_follow_up_records_the_customers_answer():
    assert action_problem("follow_up", "done", "", is_manager=False, note="ok").field == "answer"
    unhappy = action_problem(
        "follow_up", "done", "", is_manager=False, note="", answer="not_satisfied"
    )
    assert unhappy.field == "note"
    assert (
        action_problem("follow_up", "done", "", is_manager=False, note="", answer="satisfied")
        is None
    )


def test_closing_needs_the_customers_answer():
    assert action_problem("closed", "following", "satisfied", is_manager=False, note="") is None
    refused = action_problem("closed", "following", "not_satisfied", is_manager=False, note="x")
    assert refused is not None and refused.field == "form"
    # a manager may close an unsatisfied complaint, but only with a reason
    assert (
        action_problem("closed", "following", "not_satisfied", is_manager=True, note="").field
        == "note"
    )
    assert (
        action_problem(
            "closed", "following", "not_satisfied", is_manager=True, note="要求退车不合理"
        )
        is None
    )
    # never before a follow-up: not even a manager
    assert action_problem("closed", "done", "", is_manager=True, note="x") is not None
    assert action_problem("closed", "following", "", is_manager=True, note="x") is not None
    assert not may_close("", is_manager=True)


def test_a_long_note_is_refused():
    problem = action_problem(
        "contacted", "recorded", "", is_manager=False, note="长" * (NOTE_MAX + 1)
    )
    assert problem.field == "note"
    assert (
        action_problem("contacted", "recorded", "", is_manager=False, note="长" * NOTE_MAX) is None
    )


def test_an_unknown_action_is_refused():
    assert action_problem("teleport", "recorded", "", is_manager=True, note="").field == "form"


def _new(**kw):
    values = {
        "name": "刘女士",
        "phone": "139 1234 5678",
        "what": "故障灯亮",
        "received_at": NOW - timedelta(hours=1),
        "received_raw": "2026-11-23T09:00",
        "now": NOW,
        "has_lead": False,
    }
    return new_complaint_problems(**{**values, **kw})


def test_a_new_complaint_needs_who_what_when():
    assert _new() == {}
    assert set(_new(name="", phone="", what=" ")) == {"customer_name", "phone", "what"}
    assert "received_at" in _new(received_at=None, received_raw="")
    assert "received_at" in _new(received_at=None, received_raw="yesterday")
    # from a lead the customer is the lead's
    assert _new(name="", phone="", has_lead=True) == {}


def test_a_complaint_cannot_be_received_in_the_future():
    assert "received_at" in _new(received_at=NOW + timedelta(hours=2))
    assert _new(received_at=NOW - timedelta(days=3)) == {}


def test_what_is_limited():
    assert "what" in _new(what="x" * 2001)


def test_phone_numbers():
    assert phone_number("+86 139-1234-5678") == "13912345678"
    assert phone_number("0755-86271234") == "0755-86271234"
    assert phone_number("abc") is None
    assert phone_number("123") is None


def test_same_day_goal_on_the_dealerships_calendar():
    day = date(2026, 11, 20)
    assert contacted_same_day(day, day, date(2026, 11, 23)) is True
    assert contacted_same_day(day, day + timedelta(days=1), date(2026, 11, 23)) is False
    assert contacted_same_day(day, None, day) is None  # the day is still running
    assert contacted_same_day(day, None, day + timedelta(days=1)) is False


def test_durations_run_from_the_complaint_to_each_step():
    moments = [NOW + timedelta(minutes=5), NOW + timedelta(minutes=45), NOW + timedelta(days=1)]
    assert durations(NOW, moments) == [
        timedelta(minutes=5),
        timedelta(minutes=40),
        timedelta(days=1, minutes=-45),
    ]
