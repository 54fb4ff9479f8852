"""Wholesale (批售): trade buyers' bids on a car, and the sale to the highest.

The sale goes through `queries.move`, so the path's rules apply and the move is recorded
like any other; the winning bid is marked and becomes the sale price; the losing bids stay.
"""

from __future__ import annotations

from piccolo.engine import engine_finder

from db.audit.queries import record_event
from db.stock import queries
from db.stock.rules import State, bid_problem, sale_problem
from db.stock.tables import StockUnit, WholesaleBid


class BidRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def bids(unit_id: int) -> list[dict]:
    """The car's bids, highest first (the earliest first among equal amounts)."""
    return (
        await WholesaleBid.select(
            WholesaleBid.id,
            WholesaleBid.dealer,
            WholesaleBid.contact,
            WholesaleBid.amount,
            WholesaleBid.note,
            WholesaleBid.won,
            WholesaleBid.created_at,
            WholesaleBid.actor.display_name.as_alias("actor_name"),
        )
        .where(WholesaleBid.unit == unit_id)
        .order_by(WholesaleBid.amount, ascending=False)
        .order_by(WholesaleBid.id)
    )


async def _state(unit_id: int) -> str:
    row = await StockUnit.select(StockUnit.state).where(StockUnit.id == unit_id).first()
    if row is None:
        raise LookupError(unit_id)
    return row["state"]


async def add_bid(
    unit_id: int, dealer: str, contact: str, amount: int, note: str, actor_id: int
) -> int:
    problem = bid_problem(await _state(unit_id), await bids(unit_id))
    if problem:
        raise BidRefused(problem)
    row = await WholesaleBid.insert(
        WholesaleBid(
            unit=unit_id,
            dealer=dealer[:64],
            contact=contact[:32],
            amount=amount,
            note=note,
            actor=actor_id,
        )
    ).returning(WholesaleBid.id)
    await record_event(
        "wholesale_bid_recorded", actor_id=actor_id, subject=str(unit_id), amount=amount
    )
    return row[0]["id"]


async def sell_to_bid(unit_id: int, bid_id: int, actor_id: int) -> None:
    """Sell the car to this bid, which must be the highest: the move to wholesale, the bid
    marked won and the sale price, in one transaction."""
    async with engine_finder().transaction():
        current = await bids(unit_id)
        problem = sale_problem(await _state(unit_id), current, bid_id)
        if problem:
            raise BidRefused(problem)
        bid = next(b for b in current if b["id"] == bid_id)
        await queries.move(unit_id, State.WHOLESALE, actor_id, f"{bid['dealer']} ¥{bid['amount']}")
        await WholesaleBid.update({WholesaleBid.won: True}).where(WholesaleBid.id == bid_id)
        # the sale price is for staff only: the public copy, written by the move, is complete
        await StockUnit.update({StockUnit.sale_price: bid["amount"]}).where(StockUnit.id == unit_id)
    await record_event(
        "wholesale_sold", actor_id=actor_id, subject=str(unit_id), amount=bid["amount"]
    )
