"""Leads for a manager's export: the /leads filters, every matching lead (not merged),
fetched in id-ordered batches so a big table never sits in memory at once."""

from __future__ import annotations

from collections.abc import AsyncIterator

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


def _where(status: str, grade: str, owner_id: int | None):
    where = Lead.status != Lead.Status.merged
    if owner_id:
        where &= Lead.owner == owner_id
    if status:
        where &= Lead.status == status
    if grade:
        where &= Lead.grade == grade
    return where


async def count(*, status: str = "", grade: str = "", owner_id: int | None = None) -> int:
    return await Lead.count().where(_where(status, grade, owner_id))


async def batches(
    *, status: str = "", grade: str = "", owner_id: int | None = None, size: int | None = None
) -> AsyncIterator[list[dict]]:
    """Lists of lead rows, oldest first, one query each (keyset on id)."""
    size = size or BATCH
    after = 0
    while True:
        rows = (
            await Lead.select(*_COLUMNS)
            .where(_where(status, grade, owner_id) & (Lead.id > after))
            .order_by(Lead.id)
            .limit(size)
        )
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        after = rows[-1]["id"]
