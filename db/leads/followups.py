"""Logging a contact with the customer: a FollowUp row and the lead's new state, together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from piccolo.engine import engine_finder

from db.leads.tables import FollowUp, Lead


@dataclass(frozen=True)
class NewFollowUp:
    channel: str
    said: str
    outcome: str
    grade: str
    next_date: date


async def log_follow_up(lead_id: int, actor_id: int, entry: NewFollowUp) -> None:
    """Append the follow-up and move the lead on (grade, next date, new → following, first
    contact, last activity) in one transaction."""
    now = datetime.now(UTC)
    async with engine_finder().transaction():
        lead = (
            await Lead.select(Lead.status, Lead.first_contact_at).where(Lead.id == lead_id).first()
        )
        if lead is None:
            raise LookupError(lead_id)
        await FollowUp.insert(
            FollowUp(
                lead=lead_id,
                actor=actor_id,
                channel=entry.channel,
                said=entry.said,
                outcome=entry.outcome,
                grade=entry.grade,
                next_date=entry.next_date,
            )
        )
        changes = {
            Lead.grade: entry.grade,
            Lead.next_follow_up: entry.next_date,
            Lead.last_activity_at: now,
            Lead.updated_at: now,
        }
        if lead["status"] == Lead.Status.new:
            changes[Lead.status] = Lead.Status.following
        if lead["first_contact_at"] is None:
            changes[Lead.first_contact_at] = now
        await Lead.update(changes).where(Lead.id == lead_id)


async def log_call_attempt(lead_id: int, actor_id: int) -> None:
    """Tapping the number: an attempt, not yet a contact (first_contact_at stays)."""
    now = datetime.now(UTC)
    async with engine_finder().transaction():
        await FollowUp.insert(FollowUp(lead=lead_id, actor=actor_id, channel="call_attempt"))
        await Lead.update({Lead.last_activity_at: now, Lead.updated_at: now}).where(
            Lead.id == lead_id
        )
