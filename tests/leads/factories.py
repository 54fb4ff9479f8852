"""Small builders for leads in tests (the pool, lost and reveal tests own these)."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

from db.leads.tables import Lead

_phones = count(13800000001)


async def make_lead(owner: int | None, **fields) -> int:
    now = datetime.now(UTC)
    values = {
        "name": "王先生",
        "phone": str(next(_phones)),
        "source": Lead.Source.walk_in,
        "status": Lead.Status.following,
        "grade": "B",
        "owner": owner,
        "first_contact_at": now,
        "last_activity_at": now,
        **fields,
    }
    rows = await Lead.insert(Lead(**values)).returning(Lead.id)
    return rows[0]["id"]


async def lead_row(lead_id: int) -> dict:
    return await Lead.select().where(Lead.id == lead_id).first()
