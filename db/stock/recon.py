"""Reconditioning tasks (整备): the work done on a car before it is inspected and listed.

Each task's cost adds to the car's total cost (rules.total_cost). A removed task is kept,
marked `removed_at`, so the record of what was planned never disappears.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from piccolo.engine import engine_finder

from db.appraisals import condition_queries, price_queries
from db.audit.queries import record_event
from db.stock.rules import RECON_KINDS, in_stock, recon_kind
from db.stock.tables import ReconTask, StockUnit


class ReconRefused(ValueError):
    """The car has left stock: its reconditioning is a closed record."""


async def _check_in_stock(unit_id: int) -> None:
    row = await StockUnit.select(StockUnit.state).where(StockUnit.id == unit_id).first()
    if row is None:
        raise LookupError(unit_id)
    if not in_stock(row["state"]):
        raise ReconRefused(unit_id)


@dataclass(frozen=True)
class Suggestion:
    kind: str
    label: str  # in the language of whoever is looking
    cost: int


async def tasks(unit_id: int, *, with_cost: bool = True) -> list[dict]:
    """The car's tasks still planned or done, open ones first, in the order they were added."""
    rows = (
        await ReconTask.select(
            ReconTask.id,
            ReconTask.kind,
            ReconTask.label,
            ReconTask.cost,
            ReconTask.done,
            ReconTask.done_at,
        )
        .where((ReconTask.unit == unit_id) & ReconTask.removed_at.is_null())
        .order_by(ReconTask.id)
    )
    rows.sort(key=lambda r: r["done"])
    if not with_cost:
        for row in rows:
            del row["cost"]
    return rows


async def any_tasks(unit_id: int) -> bool:
    """Whether the car has ever had a task, removed ones included (then no seed is offered:
    someone has already planned the work)."""
    return await ReconTask.exists().where(ReconTask.unit == unit_id)


async def appraisal_estimate(unit_id: int, translate: Callable[[str], str]) -> list[Suggestion]:
    """The appraisal's reconditioning items (its suggestions with the appraiser's edits, and
    the items added by hand), as tasks to offer; labels in `translate`'s language."""
    unit = await StockUnit.select(StockUnit.appraisal).where(StockUnit.id == unit_id).first()
    if unit is None:
        return []
    findings = await condition_queries.findings_for(unit["appraisal"])
    items = await price_queries.recon_items(unit["appraisal"], findings)
    return [
        Suggestion(
            recon_kind(item.key),
            (item.suggestion.text(translate) if item.suggestion else item.label)[:128],
            item.cost,
        )
        for item in items
    ]


async def seed_from_appraisal(unit_id: int, actor_id: int, translate: Callable[[str], str]) -> int:
    """Add the appraisal's estimate as tasks, once: nothing happens if the car already has
    tasks (a second tap, or a colleague faster). Returns how many were added."""
    await _check_in_stock(unit_id)
    suggestions = await appraisal_estimate(unit_id, translate)
    async with engine_finder().transaction():
        if await any_tasks(unit_id) or not suggestions:
            return 0
        await ReconTask.insert(
            *(
                ReconTask(
                    unit=unit_id, kind=s.kind, label=s.label, cost=s.cost, created_by=actor_id
                )
                for s in suggestions
            )
        )
    await record_event(
        "recon_seeded", actor_id=actor_id, subject=str(unit_id), tasks=len(suggestions)
    )
    return len(suggestions)


async def add_task(unit_id: int, kind: str, label: str, cost: int, actor_id: int) -> int:
    assert kind in RECON_KINDS, kind
    await _check_in_stock(unit_id)
    row = await ReconTask.insert(
        ReconTask(unit=unit_id, kind=kind, label=label[:128], cost=cost, created_by=actor_id)
    ).returning(ReconTask.id)
    return row[0]["id"]


async def set_done(unit_id: int, task_id: int, done: bool) -> bool:
    """Tick a task done or open again; False if it is not this car's live task."""
    await _check_in_stock(unit_id)
    rows = (
        await ReconTask.update(
            {ReconTask.done: done, ReconTask.done_at: datetime.now(UTC) if done else None}
        )
        .where(
            (ReconTask.id == task_id) & (ReconTask.unit == unit_id) & ReconTask.removed_at.is_null()
        )
        .returning(ReconTask.id)
    )
    return bool(rows)


async def remove_task(unit_id: int, task_id: int) -> bool:
    await _check_in_stock(unit_id)
    rows = (
        await ReconTask.update({ReconTask.removed_at: datetime.now(UTC)})
        .where(
            (ReconTask.id == task_id) & (ReconTask.unit == unit_id) & ReconTask.removed_at.is_null()
        )
        .returning(ReconTask.id)
    )
    return bool(rows)
