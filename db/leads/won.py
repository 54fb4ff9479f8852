"""Winning a lead (成交): the owner or a manager names the car sold. One transaction: a
conditional UPDATE the database decides (the lead still open, the car not already won by
another lead), a LeadEvent, an audit row, and the after-sale care plan (db.care)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from piccolo.engine import engine_finder
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.query import WhereRaw

from db.audit.queries import record_event
from db.care.queries import plan_for_sale
from db.leads.leads import _title
from db.leads.rules import N_
from db.leads.tables import Lead, LeadEvent
from db.stock.tables import StockUnit

OPEN = [Lead.Status.new, Lead.Status.following]
SELLABLE = ["listed", "reserved", "sold"]  # a car a customer can have bought

# No other won lead has this car (the lead table's own name, as Piccolo writes it).
_CAR_FREE = "NOT EXISTS (SELECT 1 FROM \"lead\" AS w WHERE w.won_unit = {} AND w.status = 'won')"


def _transaction():
    """SQLite: take the write lock at BEGIN (IMMEDIATE), so two winners queue rather than
    both read first. PostgreSQL: the car's row lock below queues them."""
    engine = engine_finder()
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


async def cars_to_win() -> list[dict]:
    """Listed, reserved or sold cars that no won lead has yet, newest first (one query)."""
    taken = Lead.select(Lead.won_unit).where(
        (Lead.status == Lead.Status.won) & Lead.won_unit.is_not_null()
    )
    rows = (
        await StockUnit.select(
            StockUnit.id,
            StockUnit.state,
            StockUnit.retail_price,
            StockUnit.appraisal.make.as_alias("make"),
            StockUnit.appraisal.model.as_alias("model"),
            StockUnit.appraisal.trim.as_alias("trim"),
        )
        .where(StockUnit.state.is_in(SELLABLE) & StockUnit.id.not_in(taken))
        .order_by(StockUnit.id, ascending=False)
    )
    for row in rows:
        row["title"] = _title(row) or f"#{row['id']}"
    return rows


async def lead_for_form(lead_id: int) -> dict | None:
    return (
        await Lead.select(Lead.id, Lead.name, Lead.status, Lead.owner, Lead.unit)
        .where(Lead.id == lead_id)
        .first()
    )


async def win(
    lead_id: int, unit_id: int | None, actor_id: int, *, is_manager: bool, sold_on: date
) -> str | None:
    """Mark the lead won with the car sold. An English message id if refused, else None."""
    if unit_id is None:
        return N_("Choose the car the customer bought.")
    now = datetime.now(UTC)
    async with _transaction():
        car = StockUnit.select(StockUnit.state).where(StockUnit.id == unit_id)
        if not isinstance(engine_finder(), SQLiteEngine):
            car = car.lock_rows()  # concurrent winners of this car wait here, one at a time
        car = await car.first()
        if car is None or car["state"] not in SELLABLE:
            return N_("Choose the car the customer bought.")
        where = (Lead.id == lead_id) & Lead.status.is_in(OPEN) & WhereRaw(_CAR_FREE, unit_id)
        if not is_manager:
            where &= Lead.owner == actor_id
        done = await (
            Lead.update(
                {
                    Lead.status: Lead.Status.won,
                    Lead.won_unit: unit_id,
                    Lead.next_follow_up: None,
                    Lead.updated_at: now,
                    Lead.last_activity_at: now,
                }
            )
            .where(where)
            .returning(Lead.id)
        )
        if not done:
            return await _why_not(lead_id, unit_id, actor_id, is_manager=is_manager)
        await LeadEvent.insert(
            LeadEvent(lead=lead_id, kind="won", actor=actor_id, detail={"unit": unit_id})
        )
        await record_event("lead_won", actor_id=actor_id, subject=f"lead:{lead_id}", unit=unit_id)
        await plan_for_sale(lead_id, sold_on)
    return None


async def _why_not(lead_id: int, unit_id: int, actor_id: int, *, is_manager: bool) -> str:
    lead = await Lead.select(Lead.status, Lead.owner).where(Lead.id == lead_id).first()
    if lead is None or lead["status"] not in OPEN:
        return N_("This lead is no longer open: it has already been won or closed.")
    if not is_manager and lead["owner"] != actor_id:
        return N_("Only the lead's owner or a manager may mark it won.")
    return N_("This car has already been sold to another customer. Choose another.")
