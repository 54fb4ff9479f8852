"""The retail price: one car, one price, and every change to it kept (PriceChange)."""

from __future__ import annotations

from piccolo.engine import engine_finder

from db.audit.queries import record_event
from db.stock.listing import publish
from db.stock.rules import in_stock
from db.stock.tables import PriceChange, StockUnit


class PriceRefused(ValueError):
    """The car has left stock: its price is history now."""


async def set_price(unit_id: int, price: int, reason: str, actor_id: int) -> int | None:
    """Set the retail price: a PriceChange row and the car's price in one transaction, then
    the public copy. Returns the previous price. Setting the same price again is a no-op."""
    async with engine_finder().transaction():
        row = (
            await StockUnit.select(StockUnit.state, StockUnit.retail_price)
            .where(StockUnit.id == unit_id)
            .first()
        )
        if row is None:
            raise LookupError(unit_id)
        if not in_stock(row["state"]):
            raise PriceRefused(unit_id)
        previous = row["retail_price"]
        if previous == price:
            return previous
        await PriceChange.insert(
            PriceChange(unit=unit_id, price=price, previous=previous, reason=reason, actor=actor_id)
        )
        await StockUnit.update({StockUnit.retail_price: price}).where(StockUnit.id == unit_id)
        await publish(unit_id)
    await record_event(
        "retail_price_set",
        actor_id=actor_id,
        subject=str(unit_id),
        price=price,
        previous=previous,
        reason=reason,
    )
    return previous


async def price_history(unit_id: int) -> list[dict]:
    """Every price the car has had, newest first, with who set it and why."""
    return (
        await PriceChange.select(
            PriceChange.id,
            PriceChange.price,
            PriceChange.previous,
            PriceChange.reason,
            PriceChange.created_at,
            PriceChange.actor.display_name.as_alias("actor_name"),
        )
        .where(PriceChange.unit == unit_id)
        .order_by(PriceChange.id, ascending=False)
    )
