"""A manager hands a lead to a consultant (also one from the public pool): a conditional
UPDATE the database decides against a concurrent claim, a LeadEvent {from, to} and an
audit row, in one transaction."""

from __future__ import annotations

from datetime import datetime

from piccolo.engine import engine_finder

from db.audit.queries import record_event
from db.leads.clock import tomorrow
from db.leads.rules import N_
from db.leads.tables import Lead, LeadEvent
from db.staff.tables import Staff

REOPENED = (Lead.Status.lost, Lead.Status.dormant)  # a pool lead handed out is worked again


async def assignable_consultants() -> list[dict]:
    """Active sales consultants, by name: whom a lead may be given to."""
    return (
        await Staff.select(Staff.id, Staff.display_name)
        .where((Staff.is_consultant == True) & (Staff.active == True))  # noqa: E712
        .order_by(Staff.display_name)
        .order_by(Staff.id)
    )


async def assign(
    lead_id: int, to_id: int | None, actor_id: int, now: datetime, ip: str = ""
) -> tuple[str, dict] | None:
    """Give the lead to `to_id`. None when done, else (English message id, its format
    arguments)."""
    person = None
    if to_id is not None:
        person = (
            await Staff.select(Staff.display_name, Staff.is_consultant, Staff.active)
            .where(Staff.id == to_id)
            .first()
        )
    if person is None or not person["is_consultant"]:
        return N_("Choose a sales consultant from the list."), {}
    name = person["display_name"]
    if not person["active"]:
        return N_("{name}'s account is switched off: choose an active consultant."), {"name": name}
    async with engine_finder().transaction():
        lead = (
            await Lead.select(
                Lead.owner, Lead.status, Lead.owner.display_name.as_alias("owner_name")
            )
            .where(Lead.id == lead_id)
            .first()
        )
        if lead is None:
            return N_("There is no such lead."), {}
        if lead["status"] == Lead.Status.merged:
            return N_("This lead was merged into another one: assign that one instead."), {}
        before = lead["owner"]
        if before == to_id:
            return N_("{name} already has this lead."), {"name": name}
        changes = {Lead.owner: to_id, Lead.pooled_at: None, Lead.updated_at: now}
        if before is None or lead["status"] in REOPENED:
            changes[Lead.next_follow_up] = tomorrow(now)
            if lead["status"] in REOPENED:
                changes[Lead.status] = Lead.Status.following
        same_owner = Lead.owner.is_null() if before is None else Lead.owner == before
        done = (
            await Lead.update(changes)
            .where(
                (Lead.id == lead_id)
                & same_owner
                & (Lead.status == lead["status"])
                & (Lead.status != Lead.Status.merged)
            )
            .returning(Lead.id)
        )
        if not done:
            return N_("The lead changed while you were assigning it: please try again."), {}
        await LeadEvent.insert(
            LeadEvent(
                lead=lead_id,
                kind="assigned",
                actor=actor_id,
                detail={
                    "from": before,
                    "to": to_id,
                    "from_name": lead["owner_name"] or "",
                    "to_name": name,
                    "how": "manager",
                },
                created_at=now,
            )
        )
        await record_event(
            "lead_assigned",
            actor_id=actor_id,
            subject=f"lead:{lead_id}",
            ip=ip,
            **{"from": before, "to": to_id},
        )
    return None
