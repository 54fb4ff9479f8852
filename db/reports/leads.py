"""The dashboard's leads: for the leads created in a period (one consultant's, or
everyone's) — new by source, conversion (won ÷ leads) by source and by consultant, the
first response to web enquiries, lost reasons; follow-ups due in the period against those
done (db/reports/follow_up_compliance.py, counted in the database); and the public pool
now. Six queries whatever the data; the counting of leads is in plain functions below,
tested without a database.

Every count of leads selects with db.leads.filters.LeadFilters, as the lead list does, so
a figure's link (`/leads?...`) lists exactly the leads it counts."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from piccolo.query.functions.aggregate import Count

from db.leads.clock import local_today
from db.leads.filters import LeadFilters
from db.leads.policy import current_policy
from db.leads.rules import LOST_REASONS, ONLINE_SOURCES, SOURCES
from db.leads.tables import Lead
from db.reports.follow_up_compliance import compliance, share
from db.reports.period import Period


def leads_href(period: Period, owner_id: int | None = None, **more: str) -> str:
    """The lead list showing the leads created in the period (and the narrower filters)."""
    query = {"created_from": period.start.isoformat(), "created_to": period.end.isoformat()}
    if owner_id:
        query["owner"] = str(owner_id)
    query.update({k: v for k, v in more.items() if v})
    return "/leads?" + urlencode(query)


def tally(rows: Iterable[dict]) -> dict:
    """The grouped counts (source, owner, status, lost reason, n) as the section's tables."""
    sources: dict[str, dict] = {}
    people: dict[int | None, dict] = {}
    reasons: dict[str, int] = defaultdict(int)
    total = won = pending = 0
    for row in rows:
        n = row["n"]
        total += n
        source = sources.setdefault(row["source"], {"key": row["source"], "leads": 0, "won": 0})
        person = people.setdefault(
            row["owner_id"],
            {"id": row["owner_id"], "name": row["owner_name"] or "", "leads": 0, "won": 0},
        )
        source["leads"] += n
        person["leads"] += n
        if row["status"] == Lead.Status.won:
            won += n
            source["won"] += n
            person["won"] += n
        elif row["status"] == Lead.Status.lost:
            reasons[row["lost_reason"] or "other"] += n
        elif row["status"] == Lead.Status.lost_pending:
            pending += n
    for entry in (*sources.values(), *people.values()):
        entry["rate"] = share(entry["won"], entry["leads"])
    order = list(SOURCES)
    return {
        "total": total,
        "won": won,
        "rate": share(won, total),
        "by_source": sorted(
            sources.values(),
            key=lambda s: (-s["leads"], order.index(s["key"]) if s["key"] in order else 99),
        ),
        "by_person": sorted(
            people.values(), key=lambda p: (p["id"] is None, -p["leads"], p["name"])
        ),
        "lost": sorted(
            ({"key": k, "n": v} for k, v in reasons.items()),
            key=lambda r: (
                -r["n"],
                list(LOST_REASONS).index(r["key"]) if r["key"] in LOST_REASONS else 99,
            ),
        ),
        "lost_total": sum(reasons.values()),
        "lost_pending": pending,
    }


def first_response(rows: Iterable[dict], now: datetime, goal_minutes: int) -> dict:
    """Web enquiries' waits for the first contact (db.leads.followups sets first_contact_at
    on the first logged follow-up; a call attempt is not one): the median in whole minutes
    over those answered, and the share answered within the goal among those whose answer
    is due (one still waiting but younger than the goal is not counted yet)."""
    answered: list[int] = []
    waiting = late_waiting = 0
    for row in rows:
        if row["first_contact_at"] is None:
            waiting += 1
            if now - row["created_at"] > timedelta(minutes=goal_minutes + 1):
                late_waiting += 1
            continue
        seconds = (row["first_contact_at"] - row["created_at"]).total_seconds()
        answered.append(max(0, int(seconds // 60)))
    within = sum(1 for m in answered if m <= goal_minutes)
    judged = len(answered) + late_waiting
    return {
        "enquiries": len(answered) + waiting,
        "answered": len(answered),
        "waiting": waiting,
        "median": statistics.median(answered) if answered else None,
        "within": within,
        "judged": judged,
        "within_rate": share(within, judged),
        "goal": goal_minutes,
    }


def pool_where():
    """The public pool as db.leads.pool.pooled_leads lists it: no owner, not merged, not won."""
    return Lead.owner.is_null() & Lead.status.not_in([Lead.Status.merged, Lead.Status.won])


async def lead_figures(period: Period, person: dict | None, tz: str) -> dict:
    """The section's figures; `person` a staff row (their leads) or None (everyone's)."""
    person_id = person["id"] if person else None
    now = datetime.now(ZoneInfo(tz))
    created = LeadFilters(
        owner_id=person_id, created_since=period.since(tz), created_until=period.until(tz)
    ).where()
    grouped = await (
        Lead.select(
            Lead.source,
            Lead.owner.as_alias("owner_id"),
            Lead.owner.display_name.as_alias("owner_name"),
            Lead.status,
            Lead.lost_reason,
            Count(alias="n"),
        )
        .where(created)
        .group_by(Lead.source, Lead.owner, Lead.owner.display_name, Lead.status, Lead.lost_reason)
    )
    policy = await current_policy()
    web = await Lead.select(Lead.created_at, Lead.first_contact_at).where(
        created & Lead.source.is_in(ONLINE_SOURCES)
    )
    # due days that have ended: a follow-up due today may still be done today
    last_day = min(period.end, local_today(now) - timedelta(days=1))
    follow_ups = await compliance(period.start, last_day, person_id, tz)
    pool = await Lead.count().where(pool_where())

    figures = tally(grouped)
    for entry in figures["by_source"]:
        entry["href"] = leads_href(period, person_id, source=entry["key"])
        entry["won_href"] = leads_href(period, person_id, source=entry["key"], status="won")
    for entry in figures["by_person"]:
        entry["href"] = leads_href(period, entry["id"]) if entry["id"] else None
        entry["won_href"] = leads_href(period, entry["id"], status="won") if entry["id"] else None
    for entry in figures["lost"]:
        entry["href"] = leads_href(period, person_id, status="lost", reason=entry["key"])
    figures.update(
        href=leads_href(period, person_id),
        won_href=leads_href(period, person_id, status="won"),
        pending_href=leads_href(period, person_id, status="lost_pending"),
        response=first_response(web, now, policy.first_response_goal_minutes),
        follow_ups=follow_ups,
        follow_ups_until=last_day if last_day >= period.start else None,
        pool=pool,
        sources=SOURCES,
        reasons=LOST_REASONS,
    )
    return figures
