"""A leaving consultant's open leads (their account switched off, or the sales consultant
role taken from them): to the public pool or to a named colleague, in the caller's
transaction, each move written as a lead event (pool.py and assign.py do the work)."""

from __future__ import annotations

from datetime import datetime

from piccolo.query.functions.aggregate import Count

from db.leads.assign import assign
from db.leads.pool import pool_leads_of
from db.leads.tables import Lead

# Leads someone is working on. Lost and dormant leads still under their name go to the pool
# with the nightly release like everyone else's; won and merged leads keep their history.
HANDED_OVER = [Lead.Status.new, Lead.Status.following, Lead.Status.lost_pending]


class HandoverRefused(Exception):
    """A lead could not be moved: `message` is an English message id, `args` its arguments."""

    def __init__(self, message: str, args: dict) -> None:
        super().__init__(message)
        self.message, self.args_ = message, args


async def open_lead_counts() -> dict[int, int]:
    """Open leads per owner, for the staff list (one query)."""
    rows = (
        await Lead.select(Lead.owner, Count(Lead.id, alias="n"))
        .where(Lead.owner.is_not_null() & Lead.status.is_in(HANDED_OVER))
        .group_by(Lead.owner)
    )
    return {r["owner"]: r["n"] for r in rows}


async def open_lead_count(owner_id: int) -> int:
    return await Lead.count().where((Lead.owner == owner_id) & Lead.status.is_in(HANDED_OVER))


async def hand_over(
    owner_id: int,
    to_id: int | None,
    actor_id: int,
    now: datetime,
    ip: str = "",
    reason: str = "owner_deactivated",
) -> int:
    """Moves the owner's open leads to `to_id`, or to the pool when None (the pool events
    say `reason`: deactivated, or no longer a consultant); returns how many.
    Call inside a transaction: a refused move raises HandoverRefused and undoes the rest."""
    if to_id is None:
        return await pool_leads_of(owner_id, HANDED_OVER, now, actor_id, reason)
    rows = await Lead.select(Lead.id).where(
        (Lead.owner == owner_id) & Lead.status.is_in(HANDED_OVER)
    )
    for row in rows:  # one assignment each: its own conditional UPDATE, lead event and audit
        refused = await assign(row["id"], to_id, actor_id, now, ip)
        if refused:
            raise HandoverRefused(*refused)
    return len(rows)
