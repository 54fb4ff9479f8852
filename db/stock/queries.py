"""Reads and writes for stock units: the inventory list, moves, certification.

Costs reach the web layer only for those who may see them: `with_cost=False` leaves every
cost and margin out of the rows (a consultant's page never even receives the numbers).
Reconditioning tasks, prices, the checklist and bids live in recon.py, pricing.py,
certification.py and wholesale.py beside this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from piccolo.engine import engine_finder
from piccolo.query.functions.aggregate import Count, Sum

from db.audit.queries import record_event
from db.dealership.queries import current_stock_rules
from db.settings import settings
from db.stock.listing import publish
from db.stock.rules import (
    FINAL,
    State,
    aging_level,
    certification_passed,
    days_in_stock,
    failed_first,
    gross_margin,
    is_aged,
    move_problem,
    next_action,
    total_cost,
)
from db.stock.tables import CertificationResult, ListingPhoto, ReconTask, StockMove, StockUnit


class MoveRefused(ValueError):
    def __init__(self, message: str, **params) -> None:
        super().__init__(message)
        self.message, self.params = message, params


@dataclass(frozen=True)
class InventoryFilter:
    state: str = ""  # '' = all still in stock; 'all' includes cars that left
    make: str = ""
    sort: str = "age"  # age (oldest first) | newest | price (highest) | price_low | make
    aged: bool = False  # only risk stock (45 days and more)
    band: int | None = None  # only cars whose aging level is this (an age band: rules.age_bands)
    left_from: date | None = None  # only cars that left stock on or after this (local) day
    left_to: date | None = None  # ... and on or before this one
    acquired_by: int | None = None  # only cars this staff member bought in


def _today() -> date:
    return datetime.now(ZoneInfo(settings().timezone)).date()


def _local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(settings().timezone)).date()


def _day_start(day: date) -> datetime:
    """The first moment of a local day, in UTC."""
    return datetime.combine(day, time(), ZoneInfo(settings().timezone)).astimezone(UTC)


_COLUMNS = (
    StockUnit.id,
    StockUnit.state,
    StockUnit.purchase_price,
    StockUnit.recon_estimate,
    StockUnit.acquired_at,
    StockUnit.left_at,
    StockUnit.body_type,
    StockUnit.retail_price,
    StockUnit.sale_price,
    StockUnit.appraisal.id.as_alias("appraisal_id"),
    StockUnit.appraisal.make.as_alias("make"),
    StockUnit.appraisal.model.as_alias("model"),
    StockUnit.appraisal.trim.as_alias("trim"),
    StockUnit.appraisal.first_registration.as_alias("first_registration"),
    StockUnit.appraisal.mileage_km.as_alias("mileage_km"),
    StockUnit.appraisal.colour.as_alias("colour"),
    StockUnit.appraisal.forecast_retail.as_alias("forecast_retail"),
)


COST_KEYS = ("purchase_price", "recon_estimate", "recon_cost", "cost", "margin", "sale_price")


def _work_out(
    row: dict, today: date, tasks: dict, with_cost: bool, aging_days: tuple[int, ...]
) -> dict:
    """Days, aging, open tasks and (for cost-seers) the cost and margin of one car."""
    left = _local_day(row["left_at"]) if row["left_at"] else None
    row["days"] = days_in_stock(_local_day(row["acquired_at"]), today, left)
    row["aging"] = aging_level(row["days"], aging_days)
    row["open_tasks"], recon_cost = tasks.get(row["id"], (0, 0))
    if not with_cost:
        for key in COST_KEYS:
            row.pop(key, None)
        return row
    row["recon_cost"] = recon_cost
    row["cost"] = total_cost(row["purchase_price"], [recon_cost])
    # what it earned once sold (retail or to the trade), what it would earn until then
    row["margin"] = gross_margin(row["sale_price"] or row["retail_price"], row["cost"])
    return row


async def _task_totals(unit_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per car: (open tasks, the cost of all its tasks), in one grouped query."""
    if not unit_ids:
        return {}
    query = ReconTask.select(
        ReconTask.unit, ReconTask.done, Count(ReconTask.id, alias="n"), Sum(ReconTask.cost)
    ).where(ReconTask.removed_at.is_null() & ReconTask.unit.is_in(unit_ids))
    totals: dict[int, tuple[int, int]] = {}
    for r in await query.group_by(ReconTask.unit, ReconTask.done):
        open_, cost = totals.get(r["unit"], (0, 0))
        totals[r["unit"]] = (open_ + (0 if r["done"] else r["n"]), cost + int(r["sum"] or 0))
    return totals


async def _latest_verdicts(unit_ids: list[int]) -> dict[int, bool]:
    if not unit_ids:
        return {}
    rows = (
        await CertificationResult.select(CertificationResult.unit, CertificationResult.passed)
        .where(CertificationResult.unit.is_in(unit_ids))
        .order_by(CertificationResult.id)
    )
    return {r["unit"]: r["passed"] for r in rows}  # the newest verdict wins


async def _photo_counts(unit_ids: list[int]) -> dict[int, int]:
    if not unit_ids:
        return {}
    rows = (
        await ListingPhoto.select(ListingPhoto.unit, Count(ListingPhoto.id, alias="n"))
        .where(ListingPhoto.unit.is_in(unit_ids) & ListingPhoto.removed_at.is_null())
        .group_by(ListingPhoto.unit)
    )
    return {r["unit"]: r["n"] for r in rows}


def _sort(rows: list[dict], sort: str) -> None:
    if sort == "make":
        rows.sort(key=lambda r: (r["make"], r["model"]))
    elif sort == "newest":
        rows.reverse()
    elif sort in ("price", "price_low"):
        priced = [r for r in rows if r["retail_price"]]
        unpriced = [r for r in rows if not r["retail_price"]]  # last either way
        priced.sort(key=lambda r: r["retail_price"], reverse=sort == "price")
        rows[:] = priced + unpriced


async def inventory(f: InventoryFilter, *, with_cost: bool = True) -> list[dict]:
    """The stock list in four queries whatever its length (cars, task totals, latest
    verdicts, photo counts), with age, cost and the next thing to do worked out per car."""
    query = StockUnit.select(*_COLUMNS)
    if f.state in {s.value for s in State}:
        query = query.where(StockUnit.state == f.state)
    elif f.state != "all":
        query = query.where(StockUnit.state.not_in(list(FINAL)))
    if f.make:
        query = query.where(StockUnit.appraisal.make == f.make)
    if f.left_from:
        query = query.where(StockUnit.left_at >= _day_start(f.left_from))
    if f.left_to:
        query = query.where(StockUnit.left_at < _day_start(f.left_to + timedelta(days=1)))
    if f.acquired_by is not None:
        query = query.where(StockUnit.acquired_by == f.acquired_by)
    rows = await query.order_by(StockUnit.acquired_at).order_by(StockUnit.id)
    ids = [r["id"] for r in rows]
    tasks = await _task_totals(ids)
    verdicts = await _latest_verdicts(ids)
    photos = await _photo_counts(ids)
    today = _today()
    aging_days = (await current_stock_rules()).aging_days
    for row in rows:
        _work_out(row, today, tasks, with_cost, aging_days)
        row["certified"] = verdicts.get(row["id"], False)
        row["photos"] = photos.get(row["id"], 0)
        row["next"] = next_action(
            row["state"],
            open_tasks=row["open_tasks"],
            certified=row["certified"],
            priced=bool(row["retail_price"]),
            photos=row["photos"],
        )
    if f.aged:
        rows = [r for r in rows if is_aged(r["aging"])]
    if f.band is not None:
        rows = [r for r in rows if r["aging"] == f.band]
    _sort(rows, f.sort)
    return rows


async def makes_in_stock() -> list[str]:
    rows = await StockUnit.select(StockUnit.appraisal.make.as_alias("make")).distinct()
    return sorted({r["make"] for r in rows if r["make"]})


async def unit(unit_id: int, *, with_cost: bool = True) -> dict | None:
    row = await StockUnit.select(*_COLUMNS).where(StockUnit.id == unit_id).first()
    if row:
        aging_days = (await current_stock_rules()).aging_days
        _work_out(row, _today(), await _task_totals([unit_id]), with_cost, aging_days)
        row["certified"] = await certified(unit_id)
        row["photos"] = (await _photo_counts([unit_id])).get(unit_id, 0)
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
    """Every inspection of the car, newest first, each with its points failed first."""
    rows = (
        await CertificationResult.select(
            CertificationResult.id,
            CertificationResult.passed,
            CertificationResult.points,
            CertificationResult.note,
            CertificationResult.created_at,
            CertificationResult.inspector.display_name.as_alias("inspector_name"),
        )
        .where(CertificationResult.unit == unit_id)
        .order_by(CertificationResult.id, ascending=False)
        .output(load_json=True)
    )
    for row in rows:
        row["points"] = failed_first(row["points"] or [])
        row["failed"] = sum(1 for p in row["points"] if not p["passed"])
    return rows


async def move(unit_id: int, target: str, actor_id: int, note: str = "") -> None:
    """Move a car one step, checked against the rules, recorded in one transaction."""
    is_certified = await certified(unit_id)
    rules = await current_stock_rules()
    async with engine_finder().transaction():
        row = (
            await StockUnit.select(StockUnit.state, StockUnit.retail_price)
            .where(StockUnit.id == unit_id)
            .first()
        )
        if row is None:
            raise LookupError(unit_id)
        problem = move_problem(
            row["state"],
            target,
            certified=is_certified,
            priced=bool(row["retail_price"]),
            certification_required=rules.listing_needs_certification,
        )
        if problem:
            raise MoveRefused(problem, current=row["state"], target=target)
        changes = {StockUnit.state: target}
        if target in FINAL:
            changes[StockUnit.left_at] = datetime.now(UTC)
        if target == State.SOLD:
            # sold at the car's one price; a wholesale sale takes its bid (wholesale.py)
            changes[StockUnit.sale_price] = row["retail_price"]
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


async def certify(unit_id: int, points: list[dict] | bool, note: str, actor_id: int) -> bool:
    """Record an inspection against the checklist ([{label, passed, note}], every point
    answered); it passes only if every point passed. Returns the verdict.

    A bare True/False instead of points records a verdict without a checklist (what the
    first slice stored; kept for callers that only need a certified or failed car)."""
    if isinstance(points, bool):
        passed, points = points, []
    else:
        points = [
            {"label": p["label"], "passed": bool(p["passed"]), "note": p.get("note", "")}
            for p in points
        ]
        passed = certification_passed(points)
    await CertificationResult.insert(
        CertificationResult(
            unit=unit_id, passed=passed, points=points, note=note, inspector=actor_id
        )
    )
    await publish(unit_id)
    await record_event(
        "certification_recorded",
        actor_id=actor_id,
        subject=str(unit_id),
        passed=passed,
        failed=[p["label"] for p in points if not p["passed"]],
    )
    return passed


async def set_body_type(unit_id: int, body_type: str) -> bool:
    """The body type the public list filters on; False if there is no such car."""
    rows = (
        await StockUnit.update({StockUnit.body_type: body_type})
        .where(StockUnit.id == unit_id)
        .returning(StockUnit.id)
    )
    if rows:
        await publish(unit_id)
    return bool(rows)
