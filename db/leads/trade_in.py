"""A trade-in (置换): the owner selling us their car also wants to buy one. The appraiser
passes the owner to sales with one tap; the lead is made from the appraisal's owner, linked
to it, and given round-robin to a consultant like a website enquiry. Passing twice, or an
owner who already has an open lead, never makes a second lead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from piccolo.engine import engine_finder

from db.appraisals.tables import Appraisal
from db.audit.queries import record_event
from db.leads.enquiries import dealer_today, next_consultant
from db.leads.leads import OPEN
from db.leads.policy import current_policy
from db.leads.rules import N_, mainland_mobile, next_follow_up
from db.leads.tables import Lead, LeadEvent


@dataclass(frozen=True)
class Passed:
    lead_id: int | None
    created: bool = False
    problem: str = ""  # an English message id when refused


async def trade_in_lead(appraisal_id: int) -> dict | None:
    """The lead this appraisal's owner was passed to, with its consultant, or None."""
    return (
        await Lead.select(Lead.id, Lead.status, Lead.owner.display_name.as_alias("owner_name"))
        .where(Lead.appraisal == appraisal_id)
        .order_by(Lead.id)
        .first()
    )


async def pass_to_sales(appraisal_id: int, actor_id: int, now: datetime | None = None) -> Passed:
    now = now or datetime.now(UTC)
    appraisal = (
        await Appraisal.select(
            Appraisal.id, Appraisal.owner_name, Appraisal.owner_phone, Appraisal.make
        )
        .where(Appraisal.id == appraisal_id)
        .first()
    )
    if appraisal is None:
        return Passed(None, problem=N_("There is no such appraisal."))
    phone = mainland_mobile(appraisal["owner_phone"])
    if phone is None:
        return Passed(
            None, problem=N_("Enter the owner's mainland mobile number first, then pass them on.")
        )
    async with engine_finder().transaction():
        linked = await trade_in_lead(appraisal_id)
        if linked is not None:
            return Passed(linked["id"])
        existing = (
            await Lead.select(Lead.id, Lead.appraisal)
            .where((Lead.phone == phone) & Lead.status.is_in(list(OPEN)))
            .order_by(Lead.id)
            .first()
        )
        if existing is not None:  # the owner is already a prospect: add the trade-in to it
            if existing["appraisal"] is None:
                await Lead.update({Lead.appraisal: appraisal_id, Lead.updated_at: now}).where(
                    Lead.id == existing["id"]
                )
            await LeadEvent.insert(
                LeadEvent(
                    lead=existing["id"],
                    kind="trade_in",
                    actor=actor_id,
                    detail={"appraisal": appraisal_id},
                    created_at=now,
                )
            )
            return Passed(existing["id"])
        owner = await next_consultant()
        cadence = (await current_policy()).cadence
        lead = Lead(
            name=(appraisal["owner_name"] or "").strip()[:64] or "车主",
            phone=phone,
            source=Lead.Source.trade_in,
            appraisal=appraisal_id,
            make="",
            grade="A",  # selling the old car now: a purchase is near
            owner=owner,
            created_by=actor_id,
            next_follow_up=next_follow_up("A", dealer_today(), cadence),
            last_activity_at=now,
            pooled_at=None if owner else now,
            created_at=now,
            updated_at=now,
        )
        await lead.save()
        await LeadEvent.insert(
            LeadEvent(
                lead=lead.id,
                kind="created",
                actor=actor_id,
                detail={"source": "trade_in", "appraisal": appraisal_id},
                created_at=now,
            ),
            LeadEvent(
                lead=lead.id,
                kind="assigned" if owner else "pooled",
                detail={"how": "round_robin", "to": owner},
                created_at=now,
            ),
        )
        await record_event(
            "lead_created", actor_id=actor_id, subject=f"lead:{lead.id}", appraisal=appraisal_id
        )
    return Passed(lead.id, created=True)
