"""What every photo table shares (appraisal photos, listing photos): uploads made once per
client id, and an order kept in a `position` column, changed by swapping neighbours."""

from __future__ import annotations

from piccolo.columns import Column
from piccolo.engine import engine_finder
from piccolo.table import Table


async def made_by(
    table: type[Table], owner: Column, owner_id: int, client_id: str, columns: tuple
) -> dict | None:
    """The photo an earlier try with `client_id` made, or None. A client id names one photo
    of one owner (appraisal, car): another owner's is a PermissionError."""
    existing = (
        await table.select(*columns, owner.as_alias("_owner"))
        .where(table.client_id == client_id)
        .output(load_json=True)
        .first()
    )
    if existing and existing.pop("_owner") != owner_id:
        raise PermissionError("client id belongs to another owner")
    return existing


async def swap_with_neighbour(table: type[Table], rows: list[dict], row_id: int, step: int) -> bool:
    """Swap row `row_id` with the one `step` places away in `rows` (dicts with `id` and
    `position`, in order), in one transaction; False when there is no such neighbour."""
    index = next((i for i, r in enumerate(rows) if r["id"] == row_id), None)
    if index is None or not 0 <= index + step < len(rows):
        return False
    a, b = rows[index], rows[index + step]
    async with engine_finder().transaction():
        await table.update({table.position: b["position"]}).where(table.id == a["id"])
        await table.update({table.position: a["position"]}).where(table.id == b["id"])
    return True
