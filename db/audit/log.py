"""The audit log as the manager reads it: newest first, a page at a time (keyset on id, so
a page never shifts while new events arrive), by person and by group of kinds."""

from __future__ import annotations

from dataclasses import dataclass

from db.audit.kinds import GROUPS, NAMED
from db.audit.tables import AuditEvent

PAGE_SIZE = 50


@dataclass(frozen=True)
class LogFilter:
    actor: int | None = None
    group: str = ""  # a key of GROUPS, or "" for everything
    before: int | None = None  # show events with a smaller id (older)


async def events(f: LogFilter, size: int = PAGE_SIZE) -> tuple[list[dict], int | None]:
    """One page and the id to continue from (None on the last page); one query."""
    e = AuditEvent
    where = e.id > 0
    if f.actor is not None:
        where &= e.actor == f.actor
    if f.group == "other":
        where &= e.kind.not_in(list(NAMED))
    elif f.group in GROUPS:
        where &= e.kind.is_in(list(GROUPS[f.group]))
    if f.before is not None:
        where &= e.id < f.before
    rows = (
        await e.select(
            e.id,
            e.kind,
            e.subject,
            e.detail,
            e.ip,
            e.created_at,
            e.actor,
            e.actor.display_name.as_alias("actor_name"),
        )
        .where(where)
        .order_by(e.id, ascending=False)
        .limit(size + 1)
        .output(load_json=True)
    )
    more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1]["id"] if more else None)
