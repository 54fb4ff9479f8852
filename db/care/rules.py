"""After-sale care rules: when each care task falls due, what counts as a working day, and
what a survey answer must be. Plain functions, tested without a database."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar


def N_(message: str) -> str:
    """Marks a message id for translation; it is translated where it is shown."""
    return message


# The care plan, in the order the customer meets it (seeds 002, 003).
KINDS = {
    "thank_you": N_("Thank-you message (within 24 hours)"),
    "call_early": N_("Care call (3–5 working days)"),
    "call_week": N_("Care call (one week)"),
    "survey": N_("Satisfaction survey"),
    "referral": N_("Ask for a referral"),
    "first_service": N_("First-service reminder (3 months)"),
}

SATISFACTION = {
    5: N_("Very satisfied"),
    4: N_("Satisfied"),
    3: N_("Neutral"),
    2: N_("Dissatisfied"),
    1: N_("Very dissatisfied"),
}
LIKELIHOOD = {
    5: N_("Very likely"),
    4: N_("Likely"),
    3: N_("Not sure"),
    2: N_("Unlikely"),
    1: N_("Very unlikely"),
}
COMMENT_MAX = 1000
NOTE_MAX = 1000


@dataclass(frozen=True)
class PlannedTask:
    kind: str
    due_on: date
    window_end: date | None


def is_working_day(day: date) -> bool:
    """A Chinese working day: holidays off, the adjusted weekend days (调休) on. Outside the
    years chinese-calendar knows, Monday to Friday."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def working_day_after(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself not counted)."""
    day, found = start, 0
    while found < n:
        day += timedelta(days=1)
        if is_working_day(day):
            found += 1
    return day


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later, or the month's last day if it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def care_plan(sold_on: date) -> list[PlannedTask]:
    """The care tasks for a car sold (handed over) on `sold_on`, the dealership's day."""
    three_months = add_months(sold_on, 3)
    return [
        PlannedTask("thank_you", sold_on, sold_on + timedelta(days=1)),
        PlannedTask("call_early", working_day_after(sold_on, 3), working_day_after(sold_on, 5)),
        PlannedTask("call_week", sold_on + timedelta(days=7), sold_on + timedelta(days=9)),
        # asked on the week's call, or soon after, while the sale is fresh
        PlannedTask("survey", sold_on + timedelta(days=7), sold_on + timedelta(days=14)),
        PlannedTask("referral", sold_on + timedelta(days=14), sold_on + timedelta(days=30)),
        # the reminder must reach the customer before the service falls due at 3 months
        PlannedTask("first_service", three_months - timedelta(days=7), three_months),
    ]


def task_state(due_on: date, window_end: date | None, today: date, *, done: bool) -> str:
    """done | later | due (today, or still inside its window) | overdue."""
    if done:
        return "done"
    if today < due_on:
        return "later"
    if today <= (window_end or due_on):
        return "due"
    return "overdue"


def _score(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 5 else None


@dataclass(frozen=True)
class SurveyAnswers:
    satisfaction: int
    repurchase: int | None
    referral: int | None
    comment: str


def read_survey(
    satisfaction: str | None, repurchase: str | None, referral: str | None, comment: str | None
) -> tuple[SurveyAnswers | None, dict[str, str]]:
    """The answers as typed (strings from a form): the survey, or {field: message id}.
    Satisfaction is required; the likelihoods may be left unanswered."""
    errors: dict[str, str] = {}
    score = _score(satisfaction)
    if score is None:
        errors["satisfaction"] = N_("Choose how satisfied the customer is (1 to 5).")
    scores = {}
    for field, raw in (("repurchase", repurchase), ("referral", referral)):
        scores[field] = _score(raw)
        if (raw or "").strip() and scores[field] is None:
            errors[field] = N_("Choose from 1 to 5, or leave it unanswered.")
    text = (comment or "").strip()
    if len(text) > COMMENT_MAX:
        errors["comment"] = N_("The comment can be at most 1000 characters.")
    if errors:
        return None, errors
    assert score is not None
    return SurveyAnswers(score, scores["repurchase"], scores["referral"], text), {}


def note_problem(note: str) -> str | None:
    if len(note.strip()) > NOTE_MAX:
        return N_("The note can be at most 1000 characters.")
    return None
