"""Revealing a masked number: a colleague who is not the owner sees it only after logging a
follow-up on the lead or giving a reason. Every reveal is a Reveal row and an audit event;
a person may reveal a limited number a day, and a revealed number stays visible to them for
that lead for the rest of the day."""

from __future__ import annotations

from datetime import datetime

from piccolo.engine import engine_finder

from db.audit.queries import record_event
from db.leads.clock import day_start
from db.leads.rules import DAILY_REVEAL_LIMIT, N_
from db.leads.tables import FollowUp, Lead, Reveal


async def revealed_leads(user_id: int, lead_ids, now: datetime) -> set[int]:
    """Of `lead_ids`, those this person revealed today (one query, for lists and pages)."""
    ids = list(lead_ids)
    if not ids:
        return set()
    rows = await Reveal.select(Reveal.lead).where(
        (Reveal.actor == user_id) & Reveal.lead.is_in(ids) & (Reveal.created_at >= day_start(now))
    )
    return {row["lead"] for row in rows}


async def reveal(
    lead_id: int, user_id: int, reason: str, now: datetime, limit: int = DAILY_REVEAL_LIMIT
) -> str | None:
    """Record a reveal. An English message id if refused ({n}: the daily limit, `limit`:
    the policy's), else None."""
    reason = reason.strip()
    since = day_start(now)
    if not reason:
        followed = await FollowUp.exists().where(
            (FollowUp.lead == lead_id)
            & (FollowUp.actor == user_id)
            & (FollowUp.created_at >= since)
        )
        if not followed:
            return N_("Log a follow-up or give a reason to see the number.")
        reason = "follow-up logged"
    count = await Reveal.count().where((Reveal.actor == user_id) & (Reveal.created_at >= since))
    if count >= limit:
        return N_("You have revealed {n} numbers today, the daily limit.")
    lead = await Lead.select(Lead.id, Lead.owner).where(Lead.id == lead_id).first()
    if lead is None:
        return N_("There is no such lead.")
    async with engine_finder().transaction():
        await Reveal.insert(Reveal(lead=lead_id, actor=user_id, reason=reason, created_at=now))
        await record_event(
            "lead_revealed",
            actor_id=user_id,
            subject=f"lead:{lead_id}",
            owner=lead["owner"],
            reason=reason,
        )
    return None


async def recent_reveals(limit: int = 200) -> list[dict]:
    """Who saw whose number, when and why, newest first (the manager's list)."""
    return (
        await Reveal.select(
            Reveal.id,
            Reveal.reason,
            Reveal.created_at,
            Reveal.lead.as_alias("lead_id"),
            Reveal.lead.name.as_alias("lead_name"),
            Reveal.lead.owner.display_name.as_alias("owner_name"),
            Reveal.actor.display_name.as_alias("actor_name"),
        )
        .order_by(Reveal.id, ascending=False)
        .limit(limit)
    )
