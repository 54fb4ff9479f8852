"""What the lead page and Today show of after-sale care (no web.leads import: the lead page
imports this)."""

from __future__ import annotations

from datetime import date

from db.care import queries
from db.care.rules import KINDS, LIKELIHOOD, SATISFACTION
from db.leads.enquiries import dealer_today

LABELS = {"kinds": KINDS, "satisfaction": SATISFACTION, "likelihood": LIKELIHOOD}


async def care_of(lead: dict, *, errors: dict | None = None, values: dict | None = None):
    """A won lead's care tasks and surveys for its page (two queries); None for other leads."""
    if lead["status"] != "won":
        return None
    today = dealer_today()
    care = await queries.for_lead(lead["id"], today)
    return {**care, **LABELS, "today": today, "errors": errors or {}, "typed": values or {}}


async def care_today(owner_id: int, *, team: bool, today: date | None = None) -> dict:
    """Today's care: a manager's team counts, or one person's due and overdue tasks (one
    query either way)."""
    care = await queries.today_care(owner_id, today or dealer_today(), team=team)
    return {**care, "kinds": KINDS}
