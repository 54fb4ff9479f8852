"""The share funnel over a period: links made, visits, enquiries, leads credited, sales —
per consultant and per car. Five queries whatever the period; the counting is a plain
function (`tally`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from db.leads.tables import Enquiry, Lead
from db.shares.tables import Share, ShareVisit

STAGES = ("shares", "visits", "enquiries", "leads", "sales")


def tally(
    shares: list[dict],
    visits: list[dict],
    enquiries: list[dict],
    since: datetime,
    until: datetime | None = None,
):
    """({consultant id: counts}, {unit id: counts}).

    `shares`: every share (id, code, unit, consultant, created_at); `visits`: (share) within
    the period; `enquiries`: (share_code, created_at, lead_owner, lead_status) within it. A
    lead counts for the link's consultant only when it was given to them; a sale when that
    lead is won. `until` (exclusive) ends the period; None: now."""
    by_code = {s["code"]: s for s in shares}
    by_id = {s["id"]: s for s in shares}
    people: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STAGES, 0))
    cars: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STAGES, 0))

    def add(share: dict, stage: str) -> None:
        people[share["consultant"]][stage] += 1
        cars[share["unit"]][stage] += 1

    for share in shares:
        if share["created_at"] >= since and (until is None or share["created_at"] < until):
            add(share, "shares")
    for row in visits:
        if row["share"] in by_id:
            add(by_id[row["share"]], "visits")
    for row in enquiries:
        share = by_code.get(row["share_code"])
        if share is None:
            continue
        add(share, "enquiries")
        if row["lead_owner"] == share["consultant"]:
            add(share, "leads")
            if row["lead_status"] == Lead.Status.won:
                add(share, "sales")
    return dict(people), dict(cars)


async def funnel(since: datetime, consultant_id: int | None = None, until: datetime | None = None):
    """The funnel since `since` (until `until`, exclusive, when given), for one consultant
    or (None) everyone: per consultant and per car, with names and titles."""
    where = Share.consultant == consultant_id if consultant_id else Share.id.is_not_null()
    shares = await Share.select(
        Share.id,
        Share.code,
        Share.unit,
        Share.consultant,
        Share.created_at,
        Share.consultant.display_name.as_alias("consultant_name"),
        Share.unit.appraisal.make.as_alias("make"),
        Share.unit.appraisal.model.as_alias("model"),
    ).where(where)
    if not shares:
        return [], []
    ids = [s["id"] for s in shares]
    seen = ShareVisit.share.is_in(ids) & (ShareVisit.created_at >= since)
    asked = Enquiry.share_code.is_in([s["code"] for s in shares]) & (Enquiry.created_at >= since)
    if until is not None:
        seen &= ShareVisit.created_at < until
        asked &= Enquiry.created_at < until
    visits = await ShareVisit.select(ShareVisit.share).where(seen)
    enquiries = await Enquiry.select(Enquiry.id, Enquiry.share_code, Enquiry.created_at).where(
        asked
    )
    leads = (
        await Lead.select(Lead.enquiry, Lead.owner, Lead.status).where(
            Lead.enquiry.is_in([e["id"] for e in enquiries])
        )
        if enquiries
        else []
    )
    lead_of = {row["enquiry"]: row for row in leads}
    rows = [
        {
            "share_code": e["share_code"],
            "created_at": e["created_at"],
            "lead_owner": (lead_of.get(e["id"]) or {}).get("owner"),
            "lead_status": (lead_of.get(e["id"]) or {}).get("status"),
        }
        for e in enquiries
    ]
    people, cars = tally(shares, visits, rows, since, until)
    names = {s["consultant"]: s["consultant_name"] for s in shares}
    titles = {s["unit"]: " ".join(w for w in (s["make"], s["model"]) if w) for s in shares}
    per_person = [{"id": k, "name": names[k], **v} for k, v in people.items()]
    per_car = [{"id": k, "title": titles[k], **v} for k, v in cars.items()]
    per_person.sort(key=lambda r: (-r["sales"], -r["leads"], -r["visits"], r["name"]))
    per_car.sort(key=lambda r: (-r["sales"], -r["enquiries"], -r["visits"], r["id"]))
    return per_person, per_car
