"""Logging a contact with the customer: a FollowUp row and the lead's new state, together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from piccolo.engine import engine_finder

from db.idempotency import KeyTaken, keyed_transaction, unique_violation
from db.leads.tables import FollowUp, Lead


@dataclass(frozen=True)
class NewFollowUp:
    channel: str
    said: str
    outcome: str
    grade: str
    next_date: date


async def logged_with(client_key: str, lead_id: int, actor_id: int) -> int | None:
    """The follow-up an earlier try with this idempotency key logged, or None; KeyTaken when
    it was someone else's or on another lead."""
    row = (
        await FollowUp.select(FollowUp.id, FollowUp.lead, FollowUp.actor)
        .where(FollowUp.client_key == client_key)
        .first()
    )
    if row is None:
        return None
    if (row["lead"], row["actor"]) != (lead_id, actor_id):
        raise KeyTaken(client_key)
    return row["id"]


async def log_follow_up(
    lead_id: int, actor_id: int, entry: NewFollowUp, client_key: str | None = None
) -> bool:
    """Append the follow-up and move the lead on (grade, next date, new → following, first
    contact, last activity) in one transaction. With `client_key`, once per key: a retry
    (or two at once) changes nothing and answers False; True when this call logged it."""
    if client_key and await logged_with(client_key, lead_id, actor_id):
        return False
    try:
        await _log(lead_id, actor_id, entry, client_key)
    except Exception as error:
        if not (client_key and unique_violation(error)):
            raise
        if await logged_with(client_key, lead_id, actor_id) is None:
            raise
        return False
    return True


async def _log(lead_id: int, actor_id: int, entry: NewFollowUp, client_key: str | None) -> None:
    now = datetime.now(UTC)
    async with keyed_transaction():
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
                client_key=client_key or None,
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
