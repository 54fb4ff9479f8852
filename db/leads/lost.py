"""Closing a lead lost (战败): the owner asks with a reason, a manager approves or sends it
back. Each step is a conditional UPDATE (the database decides against a concurrent change),
a LeadEvent and an audit row, in one transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from piccolo.engine import engine_finder

from db.audit.queries import record_event
from db.leads.rules import LOST_REASONS, N_
from db.leads.tables import Lead, LeadEvent

OPEN = (Lead.Status.new, Lead.Status.following)


async def ask(lead_id: int, actor_id: int, reason: str, note: str) -> str | None:
    """The owner asks to close the lead lost. An English message id if refused, else None."""
    if reason not in LOST_REASONS:
        return N_("Choose why the lead is lost.")
    now = datetime.now(UTC)
    async with engine_finder().transaction():
        done = (
            await Lead.update(
                {
                    Lead.status: Lead.Status.lost_pending,
                    Lead.lost_reason: reason,
                    Lead.lost_note: note.strip(),
                    Lead.updated_at: now,
                    Lead.last_activity_at: now,
                }
            )
            .where((Lead.id == lead_id) & (Lead.owner == actor_id) & Lead.status.is_in(list(OPEN)))
            .returning(Lead.id)
        )
        if not done:
            return N_("Only the owner of an open lead may ask to close it lost.")
        await LeadEvent.insert(
            LeadEvent(
                lead=lead_id,
                kind="lost_asked",
                actor=actor_id,
                detail={"reason": reason, "note": note.strip()},
            )
        )
        await record_event(
            "lead_lost_asked", actor_id=actor_id, subject=f"lead:{lead_id}", reason=reason
        )
    return None


async def decide(lead_id: int, manager_id: int, *, approve: bool, note: str = "") -> str | None:
    """Approve (→ lost) or send back (→ following) a pending request."""
    if not approve and not note.strip():
        return N_("Say why it goes back to the consultant.")
    now = datetime.now(UTC)
    status = Lead.Status.lost if approve else Lead.Status.following
    kind = "lost_approved" if approve else "lost_returned"
    async with engine_finder().transaction():
        done = (
            await Lead.update({Lead.status: status, Lead.updated_at: now})
            .where((Lead.id == lead_id) & (Lead.status == Lead.Status.lost_pending))
            .returning(Lead.id)
        )
        if not done:
            return N_("This request has already been decided.")
        await LeadEvent.insert(
            LeadEvent(lead=lead_id, kind=kind, actor=manager_id, detail={"note": note.strip()})
        )
        await record_event(
            f"lead_{kind}", actor_id=manager_id, subject=f"lead:{lead_id}", note=note.strip()
        )
    return None


async def pending() -> list[dict]:
    """Requests waiting for a manager, oldest first."""
    return (
        await Lead.select(
            Lead.id,
            Lead.name,
            Lead.grade,
            Lead.source,
            Lead.lost_reason,
            Lead.lost_note,
            Lead.updated_at,
            Lead.owner.display_name.as_alias("owner_name"),
        )
        .where(Lead.status == Lead.Status.lost_pending)
        .order_by(Lead.updated_at)
    )


async def lead_for_form(lead_id: int) -> dict | None:
    return (
        await Lead.select(Lead.id, Lead.name, Lead.status, Lead.owner)
        .where(Lead.id == lead_id)
        .first()
    )
