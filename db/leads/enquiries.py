"""Customers' enquiries from the car pages: stored as typed, counted for the spam limits,
listed for the consultants (the leads work will turn them into leads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from piccolo.engine import engine_finder
from piccolo.query.functions.aggregate import Count

from db.appraisals.checks import mask_phone
from db.audit.queries import record_event
from db.leads.policy import current_policy
from db.leads.rules import CONTACT_TIMES, next_follow_up
from db.leads.tables import Enquiry, Lead, LeadEvent
from db.settings import settings
from db.shares.links import credited_consultant
from db.staff.tables import Staff


@dataclass(frozen=True)
class NewEnquiry:
    unit_id: int
    name: str
    phone: str  # already normalised to 11 digits
    message: str
    contact_time: str
    client_key: str  # keyed hash of the IP (db.leads.rules.client_key)
    share_code: str = ""  # the consultant's short link the visitor came by, if any


async def recent_counts(client_key: str, phone: str) -> tuple[int, int]:
    """(enquiries from this visitor in the last hour, for this phone in the last day)."""
    now = datetime.now(UTC)
    by_client = await Enquiry.count().where(
        (Enquiry.client_hash == client_key) & (Enquiry.created_at > now - timedelta(hours=1))
    )
    for_phone = await Enquiry.count().where(
        (Enquiry.phone == phone) & (Enquiry.created_at > now - timedelta(days=1))
    )
    return by_client, for_phone


async def submit(enquiry: NewEnquiry) -> int:
    """Store the enquiry (consent given: the form refuses it otherwise), make it a lead
    assigned to the consultant whose short link brought the visitor, else round-robin (or
    left in the pool when no consultant is active), and audit it, all in one transaction."""
    async with engine_finder().transaction():
        row = Enquiry(
            unit=enquiry.unit_id,
            name=enquiry.name,
            phone=enquiry.phone,
            message=enquiry.message,
            contact_time=enquiry.contact_time,
            consent=True,
            source="shared_link" if enquiry.share_code else "website",
            share_code=enquiry.share_code,
            client_hash=enquiry.client_key,
        )
        await row.save()
        sharer = await credited_consultant(enquiry.share_code, enquiry.unit_id)
        owner = sharer or await next_consultant()
        cadence = (await current_policy()).cadence
        note = "\n".join(t for t in (enquiry.message, _contact_note(enquiry.contact_time)) if t)
        lead = Lead(
            name=enquiry.name,
            phone=enquiry.phone,
            source=Lead.Source.shared_link if sharer else Lead.Source.website,
            unit=enquiry.unit_id,
            grade="B",
            note=note,
            owner=owner,
            enquiry=row.id,
            next_follow_up=next_follow_up("B", dealer_today(), cadence),
            pooled_at=None if owner else datetime.now(UTC),
        )
        await lead.save()
        if owner:
            await Enquiry.update({Enquiry.assigned_to: owner}).where(Enquiry.id == row.id)
        await LeadEvent.insert(
            LeadEvent(lead=lead.id, kind="created", detail={"source": lead.source}),
            LeadEvent(
                lead=lead.id,
                kind="assigned" if owner else "pooled",
                detail={"how": "share" if sharer else "round_robin", "to": owner},
            ),
        )
        await record_event("enquiry_received", subject=f"enquiry:{row.id}", unit=enquiry.unit_id)
    return row.id


def dealer_today() -> date:
    return datetime.now(_tz()).date()


def _tz() -> ZoneInfo:
    return ZoneInfo(settings().timezone)


def _contact_note(key: str) -> str:
    return f"[{CONTACT_TIMES[key]}]" if key in CONTACT_TIMES else ""


async def next_consultant() -> int | None:
    """Round-robin without a stored pointer: the active consultant with the fewest website
    leads given today (dealership day), ties to the lowest id. Counting what was actually
    assigned keeps it fair across restarts and after someone is switched off, and needs no
    row that every enquiry would fight over. Two queries."""
    consultants = await Staff.select(Staff.id).where(
        (Staff.is_consultant == True) & (Staff.active == True)  # noqa: E712
    )
    if not consultants:
        return None
    start = datetime.combine(dealer_today(), time.min, _tz()).astimezone(UTC)
    counts = await (
        Lead.select(Lead.owner, Count(Lead.id, alias="n"))
        .where(
            (Lead.source == Lead.Source.website)
            & (Lead.created_at >= start)
            & Lead.owner.is_not_null()
        )
        .group_by(Lead.owner)
    )
    given = {r["owner"]: r["n"] for r in counts}
    return min((given.get(c["id"], 0), c["id"]) for c in consultants)[1]


async def recent(limit: int = 100) -> list[dict]:
    """The newest website enquiries with the car they are about, in one query.

    The phone comes masked for the list, and whole only for the consultant's call link.
    """
    rows = (
        await Enquiry.select(
            Enquiry.id,
            Enquiry.name,
            Enquiry.phone,
            Enquiry.message,
            Enquiry.contact_time,
            Enquiry.status,
            Enquiry.created_at,
            Enquiry.unit.id.as_alias("unit_id"),
            Enquiry.unit.appraisal.make.as_alias("make"),
            Enquiry.unit.appraisal.model.as_alias("model"),
            Enquiry.unit.appraisal.trim.as_alias("trim"),
        )
        .where(Enquiry.source == "website")
        .order_by(Enquiry.created_at, ascending=False)
        .order_by(Enquiry.id, ascending=False)
        .limit(limit)
    )
    for row in rows:
        row["title"] = " ".join(w for w in (row["make"], row["model"], row["trim"]) if w)
        row["phone_masked"] = mask_phone(row["phone"])
    return rows
