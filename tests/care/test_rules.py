"""Care plan due dates, working days (Chinese holidays and adjusted days, Mon–Fri outside
the calendar's years), task states and survey answers: plain functions, no database."""

from datetime import date

import pytest

from db.care.rules import (
    add_months,
    care_plan,
    is_working_day,
    note_problem,
    read_survey,
    task_state,
    working_day_after,
)


def _plan(sold_on: date) -> dict[str, tuple[date, date | None]]:
    return {t.kind: (t.due_on, t.window_end) for t in care_plan(sold_on)}


def test_the_plan_has_every_step_in_order():
    plan = care_plan(date(2026, 6, 10))
    assert [t.kind for t in plan] == [
        "thank_you",
        "call_early",
        "call_week",
        "survey",
        "referral",
        "first_service",
    ]


def test_across_national_day_the_call_waits_for_working_days():
    # Sold Tue 30 Sep 2025; 1–8 Oct are holidays, Sat 11 Oct is an adjusted working day.
    plan = _plan(date(2025, 9, 30))
    assert plan["thank_you"] == (date(2025, 9, 30), date(2025, 10, 1))
    # working days after: Thu 9, Fri 10, Sat 11 (adjusted), Mon 13, Tue 14
    assert plan["call_early"] == (date(2025, 10, 11), date(2025, 10, 14))
    # the one-week call counts calendar days, holiday or not
    assert plan["call_week"][0] == date(2025, 10, 7)
    assert plan["first_service"] == (date(2025, 12, 23), date(2025, 12, 30))


def test_over_a_weekend():
    # Sold Fri 20 Nov 2026: Mon 23, Tue 24, Wed 25 … Fri 27
    assert _plan(date(2026, 11, 20))["call_early"] == (date(2026, 11, 25), date(2026, 11, 27))
    assert not is_working_day(date(2026, 11, 21)) and not is_working_day(date(2026, 11, 22))


def test_outside_the_calendars_years_monday_to_friday():
    # 2030 is beyond chinese-calendar 1.11.0: 1 Oct 2030 (a Tuesday) counts as working
    assert is_working_day(date(2030, 10, 1))
    assert not is_working_day(date(2030, 10, 5))  # Saturday
    # Sold Fri 27 Sep 2030: Mon 30, Tue 1 Oct, Wed 2 … Fri 4
    assert working_day_after(date(2030, 9, 27), 3) == date(2030, 10, 2)
    assert _plan(date(2030, 9, 27))["call_early"] == (date(2030, 10, 2), date(2030, 10, 4))


def test_three_months_on_a_short_month():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert _plan(date(2026, 11, 30))["first_service"] == (date(2027, 2, 21), date(2027, 2, 28))


@pytest.mark.parametrize(
    ("today", "done", "state"),
    [
        (date(2026, 1, 9), False, "later"),
        (date(2026, 1, 10), False, "due"),
        (date(2026, 1, 12), False, "due"),  # inside the window
        (date(2026, 1, 13), False, "overdue"),
        (date(2026, 1, 13), True, "done"),
    ],
)
def test_task_state(today, done, state):
    assert task_state(date(2026, 1, 10), date(2026, 1, 12), today, done=done) == state


def test_a_task_without_a_window_is_overdue_the_day_after():
    assert task_state(date(2026, 1, 10), None, date(2026, 1, 11), done=False) == "overdue"


def test_survey_answers():
    answers, errors = read_survey("5", "4", "", "  很满意  ")
    assert errors == {}
    assert (answers.satisfaction, answers.repurchase, answers.referral) == (5, 4, None)
    assert answers.comment == "很满意"


@pytest.mark.parametrize("raw", [None, "", "0", "6", "abc", "3.5"])
def test_satisfaction_is_required_from_1_to_5(raw):
    answers, errors = read_survey(raw, "", "", "")
    assert answers is None
    assert errors == {"satisfaction": "Choose how satisfied the customer is (1 to 5)."}


def test_likelihoods_out_of_range_and_a_long_comment_are_refused():
    answers, errors = read_survey("4", "9", "0", "好" * 1001)
    assert answers is None
    assert set(errors) == {"repurchase", "referral", "comment"}
    assert read_survey("4", "", "", "好" * 1000)[1] == {}


def test_note_length():
    assert note_problem("好" * 1000) is None
    assert note_problem("好" * 1001) == "The note can be at most 1000 characters."
