"""The grades as the manager's policy has them, for forms and labels."""

from __future__ import annotations

from db.leads.rules import GRADE_WITHIN, GRADES, Policy
from web.i18n import gettext as _


def grade_choices(policy: Policy) -> dict[str, tuple[str, int, int]]:
    """Grade → (label, buys within days, next follow-up after days), like GRADES, with the
    label translated here: a grade whose days the manager changed says its own days."""
    choices = {}
    for grade, (label, within, _days) in GRADES.items():
        days = policy.buy_within[grade]
        text = _(label) if days == within else _(GRADE_WITHIN).format(grade=grade, n=days)
        choices[grade] = (text, days, policy.cadence[grade])
    return choices


def grade_labeller(policy: Policy):
    """A template's `grade_label(g)`."""
    choices = grade_choices(policy)
    return lambda g: choices[g][0] if g in choices else g
