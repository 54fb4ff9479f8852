"""Reads for the public car page: the car's `Listing` row and a few similar cars.

Only `Listing` is read (see db/stock/tables.py): it holds nothing a customer may not see.
A page costs two queries at any stock size; both are indexed (unit is unique, status is
indexed).
"""

from __future__ import annotations

from piccolo.querystring import QueryString

from db.stock.tables import Listing, StockUnit

MAX_ID = 2**31 - 1  # an id past a 32-bit integer cannot exist (and PostgreSQL would refuse it)


async def listing(unit_id: int) -> dict | None:
    """The car's public copy, or None if it has never been listed (or does not exist)."""
    if not 0 < unit_id <= MAX_ID:
        return None
    return (
        await Listing.select(
            Listing.unit,
            Listing.status,
            Listing.slug,
            Listing.make,
            Listing.body_type,
            Listing.price,
            Listing.updated_at,
            Listing.page,
        )
        .where(Listing.unit == unit_id)
        .output(load_json=True)
        .first()
    )


async def similar(
    unit_id: int, make: str, body_type: str, price: int | None, limit: int = 4
) -> list[dict]:
    """Cars for sale to offer instead: the same make or body type first, nearest in price
    first; other cars nearest in price fill any places left, so a sold page is never empty
    while anything is for sale."""
    alike = QueryString(
        "CASE WHEN make = {} OR (body_type = {} AND body_type <> '') THEN 0 ELSE 1 END",
        make,
        body_type,
    )
    return (
        await Listing.select(Listing.unit, Listing.slug, Listing.card)
        .where((Listing.status == "available") & (Listing.unit != unit_id))
        .order_by(alike)
        .order_by(QueryString("ABS(COALESCE(price, 0) - {})", price or 0))
        .order_by(Listing.listed_at, ascending=False)
        .limit(limit)
        .output(load_json=True)
    )


async def stock_unit_exists(unit_id: int) -> bool:
    """For signed-in staff on a car that is not public: is there a stock view to offer?"""
    if not 0 < unit_id <= MAX_ID:
        return False
    return await StockUnit.exists().where(StockUnit.id == unit_id)
