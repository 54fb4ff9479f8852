"""The Today board (乾坤): one consultant's leads sorted into what needs doing today, and
the team's counts for a manager. A fixed number of queries whatever the data size."""

from __future__ import annotations

from datetime import datetime

from db.appraisals.checks import mask_phone
from db.leads.clock import day_start, local_today
from db.leads.rules import FIRST_RESPONSE_GOAL_MINUTES, sees_contact
from db.leads.tables import Lead

SECTIONS = ("due", "overdue", "new", "won", "lost")
OPEN = [Lead.Status.new, Lead.Status.following]
CLOSED_TODAY = [Lead.Status.won, Lead.Status.lost_pending, Lead.Status.lost]


def _today_filter(now: datetime):
    return Lead.status.is_in(OPEN) | (
        Lead.status.is_in(CLOSED_TODAY) & (Lead.updated_at >= day_start(now))
    )


def section_of(row: dict, now: datetime) -> str | None:
    """Which section a lead belongs in today, or None (open, but nothing due)."""
    today = local_today(now)
    if row["status"] == Lead.Status.won:
        return "won"
    if row["status"] in (Lead.Status.lost_pending, Lead.Status.lost):
        return "lost"
    if row["first_contact_at"] is None:
        return "new"
    due = row["next_follow_up"]
    if due is None:
        return None
    if due < today:
        return "overdue"
    if due == today:
        return "due"
    return None


def response_minutes(row: dict, now: datetime) -> int | None:
    """How long a website lead has waited for its first contact, in minutes."""
    if row["source"] != Lead.Source.website or row["first_contact_at"] is not None:
        return None
    return max(0, int((now - row["created_at"]).total_seconds() // 60))


async def board(owner_id: int, now: datetime, *, viewer_is_manager: bool = False) -> dict:
    """{section: [lead rows]} for one consultant, in one query."""
    rows = (
        await Lead.select(
            Lead.id,
            Lead.name,
            Lead.phone,
            Lead.grade,
            Lead.source,
            Lead.status,
            Lead.next_follow_up,
            Lead.first_contact_at,
            Lead.created_at,
        )
        .where((Lead.owner == owner_id) & _today_filter(now))
        .order_by(Lead.next_follow_up)
        .order_by(Lead.id)
    )
    sections: dict[str, list[dict]] = {name: [] for name in SECTIONS}
    for row in rows:
        name = section_of(row, now)
        if name is None:
            continue
        visible = sees_contact(is_manager=viewer_is_manager, is_owner=True, revealed=False)
        row["phone"] = row["phone"] if visible else mask_phone(row["phone"])
        row["waited"] = response_minutes(row, now)
        row["late"] = row["waited"] is not None and row["waited"] > FIRST_RESPONSE_GOAL_MINUTES
        sections[name].append(row)
    return sections


async def team(now: datetime) -> list[dict]:
    """Per consultant: counts per section and late first responses (one query)."""
    rows = await Lead.select(
        Lead.owner.as_alias("owner_id"),
        Lead.owner.display_name.as_alias("owner_name"),
        Lead.source,
        Lead.status,
        Lead.next_follow_up,
        Lead.first_contact_at,
        Lead.created_at,
    ).where(Lead.owner.is_not_null() & _today_filter(now))
    people: dict[int, dict] = {}
    for row in rows:
        person = people.setdefault(
            row["owner_id"],
            {"id": row["owner_id"], "name": row["owner_name"], "late": 0},
        )
        name = section_of(row, now)
        if name is not None:
            person[name] = person.get(name, 0) + 1
        waited = response_minutes(row, now)
        if waited is not None and waited > FIRST_RESPONSE_GOAL_MINUTES:
            person["late"] += 1
    return sorted(people.values(), key=lambda p: p["name"])


def totals(people: list[dict]) -> dict[str, int]:
    return {key: sum(p.get(key, 0) for p in people) for key in (*SECTIONS, "late")}
