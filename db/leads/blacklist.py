"""The blacklist a manager keeps: numbers the capture form warns about. An entry is never
deleted: it is lifted (no longer warned about) and may be put back; every change is
audited."""

from __future__ import annotations

from datetime import datetime

from piccolo.engine import engine_finder

from db.audit.queries import record_event
from db.leads.rules import N_
from db.leads.tables import Blacklist


async def entries(limit: int = 500) -> list[dict]:
    """Warned-about numbers first, then lifted ones; newest first within each."""
    rows = (
        await Blacklist.select(
            Blacklist.id,
            Blacklist.phone,
            Blacklist.reason,
            Blacklist.created_at,
            Blacklist.lifted_at,
            Blacklist.created_by.display_name.as_alias("created_by_name"),
            Blacklist.lifted_by.display_name.as_alias("lifted_by_name"),
        )
        .order_by(Blacklist.id, ascending=False)
        .limit(limit)
    )
    rows.sort(key=lambda r: r["lifted_at"] is not None)  # stable: active first
    return rows


async def add(phone: str, reason: str, actor_id: int, now: datetime, ip: str = "") -> str | None:
    """Put a (normalised) number on the blacklist, or back on it when it was lifted.
    An English message id when it is on it already, else None."""
    reason = reason.strip()
    async with engine_finder().transaction():
        row = (
            await Blacklist.select(Blacklist.id, Blacklist.lifted_at, Blacklist.reason)
            .where(Blacklist.phone == phone)
            .first()
        )
        if row is not None and row["lifted_at"] is None:
            return N_("This number is on the blacklist already.")
        if row is None:
            await Blacklist.insert(
                Blacklist(phone=phone, reason=reason, created_by=actor_id, created_at=now)
            )
            kind = "blacklist_added"
        else:
            await Blacklist.update(
                {
                    Blacklist.reason: reason,
                    Blacklist.created_by: actor_id,
                    Blacklist.created_at: now,
                    Blacklist.lifted_at: None,
                    Blacklist.lifted_by: None,
                }
            ).where((Blacklist.id == row["id"]) & Blacklist.lifted_at.is_not_null())
            kind = "blacklist_readded"
        await record_event(
            kind,
            actor_id=actor_id,
            subject=f"blacklist:{phone}",
            ip=ip,
            reason=reason,
            **({"old_reason": row["reason"]} if row else {}),
        )
    return None


async def lift(entry_id: int, actor_id: int, now: datetime, ip: str = "") -> str | None:
    """Stop warning about a number (the entry stays, marked lifted). An English message
    id when there is no such active entry, else None."""
    async with engine_finder().transaction():
        done = (
            await Blacklist.update({Blacklist.lifted_at: now, Blacklist.lifted_by: actor_id})
            .where((Blacklist.id == entry_id) & Blacklist.lifted_at.is_null())
            .returning(Blacklist.phone, Blacklist.reason)
        )
        if not done:
            return N_("This entry was lifted already.")
        await record_event(
            "blacklist_lifted",
            actor_id=actor_id,
            subject=f"blacklist:{done[0]['phone']}",
            ip=ip,
            reason=done[0]["reason"],
        )
    return None
