"""Leads for a manager's export: the /leads filters, every matching lead (not merged),
fetched in id-ordered batches so a big table never sits in memory at once."""

from __future__ import annotations

from collections.abc import AsyncIterator

from db.leads.filters import LeadFilters
from db.leads.tables import Lead

BATCH = 2000

_COLUMNS = (
    Lead.id,
    Lead.name,
    Lead.phone,
    Lead.source,
    Lead.grade,
    Lead.status,
    Lead.owner.display_name.as_alias("owner_name"),
    Lead.unit.id.as_alias("unit_id"),
    Lead.unit.appraisal.make.as_alias("car_make"),
    Lead.unit.appraisal.model.as_alias("car_model"),
    Lead.unit.appraisal.trim.as_alias("car_trim"),
    Lead.budget_min,
    Lead.budget_max,
    Lead.body_type,
    Lead.make,
    Lead.next_follow_up,
    Lead.created_at,
    Lead.last_activity_at,
)


async def count(**filters) -> int:
    """Leads matching the list's filters (db.leads.filters.LeadFilters' fields)."""
    return await Lead.count().where(LeadFilters(**filters).where())


async def batches(*, size: int | None = None, **filters) -> AsyncIterator[list[dict]]:
    """Lists of lead rows, oldest first, one query each (keyset on id)."""
    size = size or BATCH
    where = LeadFilters(**filters).where()
    after = 0
    while True:
        rows = (
            await Lead.select(*_COLUMNS)
            .where(where & (Lead.id > after))
            .order_by(Lead.id)
            .limit(size)
        )
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        after = rows[-1]["id"]
