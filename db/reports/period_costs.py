"""The dealership's monthly running costs, entered by a manager on the dashboard, which
turn gross margin into net: what a typed month and amount may be (plain rules), and the
append-only writes and reads (the newest entry for a month is its figure)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from db.appraisals.checks import parse_money_wan
from db.audit.queries import record_event
from db.leads.rules import N_
from db.reports.tables import PeriodCost

COST_MAX = 100_000_000  # yuan: a month's costs above 1亿 is a typing slip


def parse_month(raw: str, today: date) -> date:
    """The first day of a month typed as 2026-11 (what <input type=month> sends) or
    2026-11-05; not after this month. Raises ValueError with an English message id."""
    text = unicodedata.normalize("NFKC", raw).strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", text)
    if not match:
        raise ValueError(N_("Choose a month."))
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 2000:
        raise ValueError(N_("Choose a month."))
    first = date(year, month, 1)
    if first > today.replace(day=1):
        raise ValueError(N_("Costs can be entered for this month or earlier."))
    return first


def parse_cost(raw: str) -> int:
    """A month's costs in whole yuan: "8.5万" or "85000"; 0 for a month without costs.
    Raises ValueError with an English message id for a negative or unreadable amount."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if text.startswith(("-", "−")):
        raise ValueError(N_("Costs cannot be negative."))
    try:
        value = parse_money_wan(text)
    except ValueError:
        raise ValueError(N_("Enter the month's costs, e.g. 8.5万 or 85000.")) from None
    if value is None:
        raise ValueError(N_("Enter the month's costs, e.g. 8.5万 or 85000."))
    if value > COST_MAX:
        raise ValueError(N_("That is more than ¥1亿 for a month; check the amount."))
    return value


async def enter_cost(month: date, amount: int, note: str, actor_id: int) -> None:
    """A new figure for the month (earlier ones are kept), with its audit event."""
    await PeriodCost.insert(PeriodCost(month=month, amount=amount, note=note, entered_by=actor_id))
    await record_event(
        "period_cost_entered",
        actor_id=actor_id,
        subject=month.isoformat()[:7],
        amount=amount,
        note=note,
    )


async def costs_for(months: list[date]) -> dict[date, dict]:
    """Each month's figure in force (its newest entry), with who entered it and when; a
    month without any entry is absent. One query."""
    if not months:
        return {}
    rows = (
        await PeriodCost.select(
            PeriodCost.month,
            PeriodCost.amount,
            PeriodCost.note,
            PeriodCost.created_at,
            PeriodCost.entered_by.display_name.as_alias("entered_by_name"),
        )
        .where(PeriodCost.month.is_in(months))
        .order_by(PeriodCost.id)
    )
    return {row["month"]: row for row in rows}  # the newest entry wins
