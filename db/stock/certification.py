"""The dealership's certification checklist, and a manager's edits of it.

Until a manager first edits it the checklist is `DEFAULT_CERTIFICATION_POINTS`, shown in
the reader's language; the first edit copies the defaults into rows in the manager's
language, so from then on the dealership's own wording is kept. Results copy the labels
they were judged against, so an edit never rewrites a past inspection. Points are never
deleted, only deactivated (and may be brought back).
"""

from __future__ import annotations

from collections.abc import Callable

from piccolo.engine import engine_finder

from db.audit.queries import record_event
from db.stock.rules import DEFAULT_CERTIFICATION_POINTS, N_
from db.stock.tables import CertificationPoint as Point

LABEL_MAX = 128


class PointRefused(ValueError):
    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.message, self.key = message, key  # the point's key as the list now shows it


async def points(translate: Callable[[str], str]) -> list[dict]:
    """Every point in order, inactive ones included, each with a `key` the edit forms post:
    the row id, or 'd<n>' for the n-th default while the list is still the defaults."""
    rows = (
        await Point.select(Point.id, Point.label, Point.active)
        .order_by(Point.position)
        .order_by(Point.id)
    )
    if not rows:
        return [
            {"key": f"d{i}", "label": translate(label), "active": True}
            for i, label in enumerate(DEFAULT_CERTIFICATION_POINTS)
        ]
    return [{**r, "key": str(r["id"])} for r in rows]


async def checklist(translate: Callable[[str], str]) -> list[str]:
    """The labels an inspection is judged against, in order."""
    return [p["label"] for p in await points(translate) if p["active"]]


async def _ensure_rows(translate: Callable[[str], str], actor_id: int) -> None:
    async with engine_finder().transaction():
        if await Point.exists():
            return
        await Point.insert(
            *(
                Point(label=translate(label)[:LABEL_MAX], position=i)
                for i, label in enumerate(DEFAULT_CERTIFICATION_POINTS)
            )
        )
    await record_event("certification_point_changed", actor_id=actor_id, action="copied")


def _find(key: str, shown: list[dict]) -> dict:
    """The point a form's key names in the list as it is now. A 'd<n>' key from a page
    loaded before the first edit names the n-th point (the copy keeps the defaults' order)."""
    for point in shown:
        if point["key"] == key:
            return point
    if key.startswith("d") and key[1:].isdigit() and int(key[1:]) < len(shown):
        return shown[int(key[1:])]
    raise LookupError(key)


async def _row_id(point: dict, translate: Callable[[str], str], actor_id: int) -> int:
    """The row of a point, copying the defaults first if this is the first edit."""
    if "id" in point:
        return point["id"]
    await _ensure_rows(translate, actor_id)
    rows = await Point.select(Point.id).order_by(Point.position).order_by(Point.id)
    return rows[int(point["key"][1:])]["id"]


def _clean(label: str, shown: list[dict], own_key: str = "") -> str:
    label = " ".join(label.split())
    if not label:
        raise PointRefused(N_("Write what the inspector checks."), own_key)
    if len(label) > LABEL_MAX:
        raise PointRefused(N_("At most 128 characters."), own_key)
    if any(p["active"] and p["label"] == label and p["key"] != own_key for p in shown):
        raise PointRefused(N_("That point is already on the checklist."), own_key)
    return label


async def _log(actor_id: int, action: str, point_id: int, label: str) -> None:
    await record_event(
        "certification_point_changed",
        actor_id=actor_id,
        subject=str(point_id),
        action=action,
        label=label,
    )


async def add_point(label: str, translate: Callable[[str], str], actor_id: int) -> int:
    label = _clean(label, await points(translate))
    await _ensure_rows(translate, actor_id)
    last = await Point.select(Point.position).order_by(Point.position, ascending=False).first()
    new = await Point.insert(
        Point(label=label, position=(last["position"] + 1) if last else 0)
    ).returning(Point.id)
    await _log(actor_id, "added", new[0]["id"], label)
    return new[0]["id"]


async def rename_point(
    key: str, label: str, translate: Callable[[str], str], actor_id: int
) -> None:
    shown = await points(translate)
    point = _find(key, shown)
    label = _clean(label, shown, point["key"])
    point_id = await _row_id(point, translate, actor_id)
    await Point.update({Point.label: label}).where(Point.id == point_id)
    await _log(actor_id, "renamed", point_id, f"{point['label']} → {label}")


async def set_active(
    key: str, active: bool, translate: Callable[[str], str], actor_id: int
) -> None:
    shown = await points(translate)
    point = _find(key, shown)
    if active:
        _clean(point["label"], shown, point["key"])  # no second copy of an active point
    point_id = await _row_id(point, translate, actor_id)
    await Point.update({Point.active: active}).where(Point.id == point_id)
    await _log(actor_id, "restored" if active else "deactivated", point_id, point["label"])


async def move_point(
    key: str, direction: int, translate: Callable[[str], str], actor_id: int
) -> None:
    """Swap a point with the active point above (-1) or below (+1) it; the list is then
    renumbered, so positions stay distinct whatever happened before."""
    point = _find(key, await points(translate))
    point_id = await _row_id(point, translate, actor_id)
    rows = await Point.select(Point.id, Point.active).order_by(Point.position).order_by(Point.id)
    active = [r for r in rows if r["active"]]
    at = next((i for i, r in enumerate(active) if r["id"] == point_id), None)
    if at is None or not 0 <= at + direction < len(active):
        return  # inactive, or already first or last
    a, b = rows.index(active[at]), rows.index(active[at + direction])
    rows[a], rows[b] = rows[b], rows[a]
    async with engine_finder().transaction():
        for position, r in enumerate(rows):
            await Point.update({Point.position: position}).where(Point.id == r["id"])
    await _log(actor_id, "moved up" if direction < 0 else "moved down", point_id, point["label"])
