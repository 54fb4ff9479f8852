"""Merging a duplicate lead into another: the duplicate ends `merged` (never deleted), points
at the lead it joined, and its follow-ups and events show in that lead's history."""

from __future__ import annotations

from datetime import UTC, datetime

from piccolo.engine import engine_finder

from db.audit.queries import record_event
from db.leads.rules import N_, merge_problem
from db.leads.tables import Lead, LeadEvent


async def _lead(lead_id: int) -> dict | None:
    return (
        await Lead.select(Lead.id, Lead.status, Lead.owner, Lead.first_contact_at)
        .where(Lead.id == lead_id)
        .first()
    )


async def merge(
    source_id: int, into_id: int, actor_id: int, *, is_manager: bool, now: datetime | None = None
) -> str | None:
    """Merge lead `source_id` into `into_id`; an English message id when refused."""
    now = now or datetime.now(UTC)
    source, target = await _lead(source_id), await _lead(into_id)
    problem = merge_problem(source, target, actor_id=actor_id, is_manager=is_manager)
    if problem:
        return problem
    async with engine_finder().transaction():
        # conditional: of two merges of the same lead at once, the database lets one through
        done = (
            await Lead.update(
                {
                    Lead.status: Lead.Status.merged,
                    Lead.merged_into: into_id,
                    Lead.next_follow_up: None,
                    Lead.updated_at: now,
                }
            )
            .where(
                (Lead.id == source_id)
                & (Lead.status == source["status"])
                & (Lead.status != Lead.Status.merged)
            )
            .returning(Lead.id)
        )
        if not done:
            return N_("That lead is already merged into another.")
        changes = {Lead.last_activity_at: now, Lead.updated_at: now}
        firsts = [t for t in (source["first_contact_at"], target["first_contact_at"]) if t]
        if firsts:
            changes[Lead.first_contact_at] = min(firsts)
        await Lead.update(changes).where(Lead.id == into_id)
        await LeadEvent.insert(
            LeadEvent(
                lead=source_id,
                kind="merged_into",
                actor=actor_id,
                detail={"into": into_id},
                created_at=now,
            ),
            LeadEvent(
                lead=into_id,
                kind="merged",
                actor=actor_id,
                detail={"from": source_id},
                created_at=now,
            ),
        )
        await record_event(
            "lead_merged", actor_id=actor_id, subject=f"lead:{into_id}", merged=source_id
        )
    return None


async def merge_candidates(lead: dict, viewer_id: int, *, is_manager: bool) -> list[dict]:
    """Other leads that look like the same customer (same number or same name), which the
    viewer may merge into this one: one query."""
    same = Lead.name == lead["name"]
    if lead["phone"]:
        same |= Lead.phone == lead["phone"]
    where = (
        (Lead.id != lead["id"]) & Lead.status.not_in([Lead.Status.merged, Lead.Status.won]) & same
    )
    if not is_manager:
        where &= Lead.owner == viewer_id
    return (
        await Lead.select(Lead.id, Lead.name, Lead.status, Lead.created_at, Lead.source)
        .where(where)
        .order_by(Lead.id)
        .limit(10)
    )
