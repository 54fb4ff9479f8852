"""The dashboard's shares and satisfaction: the share funnel over the period (links made →
visits → enquiries → leads → sales, per consultant and per car, as db.shares.funnel
counts it) and the after-sale survey answers given in the period (average, how many,
how they spread, the lowest with the customer's care page). Five queries at most."""

from __future__ import annotations

from collections.abc import Iterable

from db.care.rules import SATISFACTION
from db.care.tables import Survey
from db.reports.period import Period
from db.shares.funnel import STAGES, funnel

LOWEST_SHOWN = 5
FUNNEL_DAYS = (7, 30, 90)  # web.shares.routes.PERIODS
UNHAPPY_AT_MOST = 3  # neutral or worse is worth the manager's look


def satisfaction(rows: Iterable[dict]) -> dict:
    """Average (one decimal), count, the spread over the five answers (5 first), and the
    lowest answers (neutral or worse, lowest then newest first)."""
    rows = list(rows)
    scores = [r["satisfaction"] for r in rows]
    count = len(scores)
    spread = [
        {"score": s, "label": SATISFACTION[s], "n": scores.count(s)}
        for s in sorted(SATISFACTION, reverse=True)
    ]
    lowest = sorted(
        (r for r in rows if r["satisfaction"] <= UNHAPPY_AT_MOST),
        key=lambda r: (r["satisfaction"], -r["created_at"].timestamp(), -r["id"]),
    )[:LOWEST_SHOWN]
    return {
        "count": count,
        "average": round(sum(scores) / count, 1) if count else None,
        "spread": spread,
        "lowest": lowest,
    }


def totals(people: list[dict]) -> dict[str, int]:
    return {stage: sum(p[stage] for p in people) for stage in STAGES}


async def share_figures(period: Period, person: dict | None, tz: str) -> dict:
    """The section's figures; `person` a staff row (their shares and customers) or None."""
    person_id = person["id"] if person else None
    since, until = period.since(tz), period.until(tz)
    people, cars = await funnel(since, person_id, until)
    answered = (Survey.created_at >= since) & (Survey.created_at < until)
    if person_id:
        answered &= Survey.lead.owner == person_id
    surveys = await Survey.select(
        Survey.id,
        Survey.satisfaction,
        Survey.comment,
        Survey.created_at,
        Survey.lead.id.as_alias("lead_id"),
        Survey.lead.name.as_alias("lead_name"),
        Survey.lead.owner.display_name.as_alias("owner_name"),
    ).where(answered)
    return {
        "stages": STAGES,
        "people": people,
        "cars": cars,
        "totals": totals(people),
        "satisfaction": satisfaction(surveys),
        # the share funnel's own page counts back 7, 30 or 90 days from now
        "funnel_days": next((d for d in FUNNEL_DAYS if d >= period.days), FUNNEL_DAYS[-1]),
    }
