"""Customers' enquiries from the car pages: stored as typed, counted for the spam limits,
listed for the consultants (the leads work will turn them into leads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from db.appraisals.checks import mask_phone
from db.audit.queries import record_event
from db.leads.tables import Enquiry


@dataclass(frozen=True)
class NewEnquiry:
    unit_id: int
    name: str
    phone: str  # already normalised to 11 digits
    message: str
    contact_time: str
    client_key: str  # keyed hash of the IP (db.leads.rules.client_key)


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
    """Store the enquiry (consent given: the form refuses it otherwise) and audit it."""
    row = Enquiry(
        unit=enquiry.unit_id,
        name=enquiry.name,
        phone=enquiry.phone,
        message=enquiry.message,
        contact_time=enquiry.contact_time,
        consent=True,
        source="website",
        client_hash=enquiry.client_key,
    )
    await row.save()
    await record_event("enquiry_received", subject=f"enquiry:{row.id}", unit=enquiry.unit_id)
    return row.id


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
