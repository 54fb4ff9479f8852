"""The Today board (乾坤): one consultant's leads sorted into what needs doing today, and
the team's counts for a manager. A fixed number of queries whatever the data size."""

from __future__ import annotations

from datetime import datetime, timedelta

from piccolo.query.functions import Case, When
from piccolo.query.functions.aggregate import Sum

from db.appraisals.checks import mask_phone
from db.leads.clock import day_start, local_today
from db.leads.rules import FIRST_RESPONSE_GOAL_MINUTES, ONLINE_SOURCES, sees_contact
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
    """How long an online enquiry has waited for its first contact, in minutes."""
    if row["source"] not in ONLINE_SOURCES or row["first_contact_at"] is not None:
        return None
    return max(0, int((now - row["created_at"]).total_seconds() // 60))


async def board(
    owner_id: int | None,
    now: datetime,
    *,
    viewer_is_manager: bool = False,
    goal_minutes: int = FIRST_RESPONSE_GOAL_MINUTES,
) -> dict:
    """{section: [lead rows]} for one consultant (None: every consultant's, the rows behind
    a manager's team counts), in one query; a web enquiry waiting longer than
    `goal_minutes` (the policy's) for its first contact is late (website and shared-link
    enquiries alike, as the dashboard's first answer counts them)."""
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
            Lead.owner.display_name.as_alias("owner_name"),
        )
        .where(
            (Lead.owner.is_not_null() if owner_id is None else Lead.owner == owner_id)
            & _today_filter(now)
            # only what falls in a section: not the open leads due another day
            & (
                Lead.status.not_in(OPEN)
                | Lead.first_contact_at.is_null()
                | (Lead.next_follow_up <= local_today(now))
            )
        )
        .order_by(Lead.next_follow_up)
        .order_by(Lead.id)
    )
    sections: dict[str, list[dict]] = {name: [] for name in SECTIONS}
    for row in rows:
        name = section_of(row, now)
        if name is None:
            continue
        visible = sees_contact(
            is_manager=viewer_is_manager, is_owner=owner_id is not None, revealed=False
        )
        row["phone"] = row["phone"] if visible else mask_phone(row["phone"])
        row["waited"] = response_minutes(row, now)
        row["late"] = row["waited"] is not None and row["waited"] > goal_minutes
        sections[name].append(row)
    return sections


async def team(now: datetime, goal_minutes: int = FIRST_RESPONSE_GOAL_MINUTES) -> list[dict]:
    """Per consultant: counts per section and late first responses, counted by the database
    (one query, one row a consultant, whatever the number of leads). The conditions are
    section_of and response_minutes as sets."""
    today = local_today(now)
    is_open = Lead.status.is_in(OPEN)
    contacted = is_open & Lead.first_contact_at.is_not_null()
    # waited > goal minutes, in whole minutes: created at least goal + 1 minutes ago
    late_since = now - timedelta(minutes=goal_minutes + 1)
    rows = (
        await Lead.select(
            Lead.owner.as_alias("id"),
            Lead.owner.display_name.as_alias("name"),
            _count(contacted & (Lead.next_follow_up == today), "due"),
            _count(contacted & (Lead.next_follow_up < today), "overdue"),
            _count(is_open & Lead.first_contact_at.is_null(), "new"),
            _count(Lead.status == Lead.Status.won, "won"),
            _count(Lead.status.is_in([Lead.Status.lost_pending, Lead.Status.lost]), "lost"),
            _count(
                Lead.source.is_in(ONLINE_SOURCES)
                & Lead.first_contact_at.is_null()
                & (Lead.created_at <= late_since),
                "late",
            ),
        )
        .where(Lead.owner.is_not_null() & _today_filter(now))
        .group_by(Lead.owner, Lead.owner.display_name)
    )
    return sorted(rows, key=lambda p: p["name"])


def _count(condition, alias: str) -> Sum:
    return Sum(Case(When(condition, then=1), default=0), alias=alias)


def totals(people: list[dict]) -> dict[str, int]:
    return {key: sum(p.get(key, 0) for p in people) for key in (*SECTIONS, "late")}
