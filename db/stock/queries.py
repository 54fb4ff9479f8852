"""Reads and writes for stock units: the inventory list, moves, certification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from piccolo.engine import engine_finder

from db.audit.queries import record_event
from db.settings import settings
from db.stock.listing import publish
from db.stock.rules import FINAL, State, aging_level, days_in_stock, move_problem
from db.stock.tables import CertificationResult, StockMove, StockUnit


class MoveRefused(ValueError):
    def __init__(self, message: str, **params) -> None:
        super().__init__(message)
        self.message, self.params = message, params


@dataclass(frozen=True)
class InventoryFilter:
    state: str = ""  # '' = all still in stock; 'all' includes cars that left
    make: str = ""
    sort: str = "age"  # age | make | price
    aged: bool = False  # only risk stock (45 days and more)


def _today() -> date:
    return datetime.now(ZoneInfo(settings().timezone)).date()


def _local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(settings().timezone)).date()


_COLUMNS = (
    StockUnit.id,
    StockUnit.state,
    StockUnit.purchase_price,
    StockUnit.recon_estimate,
    StockUnit.acquired_at,
    StockUnit.appraisal.id.as_alias("appraisal_id"),
    StockUnit.appraisal.make.as_alias("make"),
    StockUnit.appraisal.model.as_alias("model"),
    StockUnit.appraisal.trim.as_alias("trim"),
    StockUnit.appraisal.first_registration.as_alias("first_registration"),
    StockUnit.appraisal.mileage_km.as_alias("mileage_km"),
    StockUnit.appraisal.colour.as_alias("colour"),
    StockUnit.appraisal.forecast_retail.as_alias("forecast_retail"),
)


async def inventory(f: InventoryFilter) -> list[dict]:
    """The stock list in one query, with days in stock and aging worked out per car."""
    query = StockUnit.select(*_COLUMNS)
    if f.state in {s.value for s in State}:
        query = query.where(StockUnit.state == f.state)
    elif f.state != "all":
        query = query.where(StockUnit.state.not_in(list(FINAL)))
    if f.make:
        query = query.where(StockUnit.appraisal.make == f.make)
    rows = await query.order_by(StockUnit.acquired_at)
    today = _today()
    for row in rows:
        row["days"] = days_in_stock(_local_day(row["acquired_at"]), today)
        row["aging"] = aging_level(row["days"])
        row["cost"] = row["purchase_price"] + row["recon_estimate"]
    if f.aged:
        rows = [r for r in rows if r["aging"] >= 2]
    if f.sort == "make":
        rows.sort(key=lambda r: (r["make"], r["model"]))
    elif f.sort == "price":
        rows.sort(key=lambda r: r["forecast_retail"] or 0, reverse=True)
    return rows


async def makes_in_stock() -> list[str]:
    rows = await StockUnit.select(StockUnit.appraisal.make.as_alias("make")).distinct()
    return sorted({r["make"] for r in rows if r["make"]})


async def unit(unit_id: int) -> dict | None:
    row = await StockUnit.select(*_COLUMNS).where(StockUnit.id == unit_id).first()
    if row:
        row["days"] = days_in_stock(_local_day(row["acquired_at"]), _today())
        row["aging"] = aging_level(row["days"])
        row["cost"] = row["purchase_price"] + row["recon_estimate"]
        row["certified"] = await certified(unit_id)
    return row


async def certified(unit_id: int) -> bool:
    latest = (
        await CertificationResult.select(CertificationResult.passed)
        .where(CertificationResult.unit == unit_id)
        .order_by(CertificationResult.id, ascending=False)
        .first()
    )
    return bool(latest and latest["passed"])


async def moves(unit_id: int) -> list[dict]:
    return (
        await StockMove.select(
            StockMove.from_state,
            StockMove.to_state,
            StockMove.note,
            StockMove.created_at,
            StockMove.actor.display_name.as_alias("actor_name"),
        )
        .where(StockMove.unit == unit_id)
        .order_by(StockMove.id, ascending=False)
    )


async def certifications(unit_id: int) -> list[dict]:
    return (
        await CertificationResult.select(
            CertificationResult.passed,
            CertificationResult.note,
            CertificationResult.created_at,
            CertificationResult.inspector.display_name.as_alias("inspector_name"),
        )
        .where(CertificationResult.unit == unit_id)
        .order_by(CertificationResult.id, ascending=False)
    )


async def move(unit_id: int, target: str, actor_id: int, note: str = "") -> None:
    """Move a car one step, checked against the rules, recorded in one transaction."""
    is_certified = await certified(unit_id)
    async with engine_finder().transaction():
        row = (
            await StockUnit.select(StockUnit.state, StockUnit.retail_price)
            .where(StockUnit.id == unit_id)
            .first()
        )
        if row is None:
            raise LookupError(unit_id)
        problem = move_problem(
            row["state"], target, certified=is_certified, priced=bool(row["retail_price"])
        )
        if problem:
            raise MoveRefused(problem, current=row["state"], target=target)
        changes = {StockUnit.state: target}
        if target in FINAL:
            changes[StockUnit.left_at] = datetime.now(UTC)
        await StockUnit.update(changes).where(
            (StockUnit.id == unit_id) & (StockUnit.state == row["state"])
        )
        await StockMove.insert(
            StockMove(
                unit=unit_id, from_state=row["state"], to_state=target, note=note, actor=actor_id
            )
        )
        await publish(unit_id)
    await record_event("stock_moved", actor_id=actor_id, subject=str(unit_id), to_state=target)


async def certify(unit_id: int, passed: bool, note: str, actor_id: int) -> None:
    await CertificationResult.insert(
        CertificationResult(unit=unit_id, passed=passed, note=note, inspector=actor_id)
    )
    await publish(unit_id)
    await record_event(
        "certification_recorded", actor_id=actor_id, subject=str(unit_id), passed=passed
    )
