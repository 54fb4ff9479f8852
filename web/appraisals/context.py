"""Loading an appraisal with everything its screens show, in a fixed number of queries."""

from __future__ import annotations

from datetime import date

from litestar import Request
from litestar.exceptions import HTTPException, NotFoundException

from db.appraisals import condition_queries, photo_queries, price_queries, queries
from db.appraisals.grading import grade
from db.appraisals.vin import check_vin
from db.staff.rules import Role
from media.storage import with_urls
from web.appraisals import labels
from web.guards import NotYours


async def appraisal_for(request: Request, appraisal_id: int) -> dict:
    """The appraisal, if this person may work on it: its appraiser, or a manager."""
    appraisal = await queries.get_appraisal(appraisal_id)
    if appraisal is None:
        raise NotFoundException()
    user = request.scope["user"]
    if appraisal["appraiser"] != user.id and Role.MANAGER not in user.roles:
        raise NotYours("not this appraiser's appraisal")
    return appraisal


async def editable_appraisal(request: Request, appraisal_id: int) -> dict:
    """As appraisal_for, and still open: a closed appraisal can no longer change (409)."""
    appraisal = await appraisal_for(request, appraisal_id)
    if appraisal["outcome"]:
        raise HTTPException(status_code=409, detail="closed")
    return appraisal


def photo_view(photo: dict) -> dict:
    return with_urls(photo)


async def full_sheet(appraisal: dict) -> dict:
    """Everything the appraisal screen and the owner's sheet show."""
    appraisal_id = appraisal["id"]
    photos = [photo_view(p) for p in await photo_queries.photos_for(appraisal_id)]
    marks = await condition_queries.marks_for(appraisal_id)
    checklist = await condition_queries.checklist_for(appraisal_id)
    findings = await condition_queries.findings_for(appraisal_id, appraisal)
    recon = await price_queries.recon_items(appraisal_id, findings)
    # an open appraisal is priced with today's rule, a closed one with the rule of its day
    rule = await queries.rule_at(appraisal["closed_at"] if appraisal["outcome"] else None)
    price = price_queries.price_for(appraisal, recon, rule)
    approvals = await price_queries.approvals_for(appraisal_id)
    vin = check_vin(appraisal["vin"], date.today()) if appraisal["vin"] else None
    return {
        "a": appraisal,
        "photos": photos,
        "guided": {p["slot"]: p for p in photos if p["slot"] in photo_queries.GUIDED_SHOTS},
        "free_photos": [p for p in photos if p["slot"] in photo_queries.FREE_SLOTS],
        "cover": next((p for p in photos if p["is_cover"]), None),
        "marks": marks,
        "checklist": checklist,
        "findings": findings,
        "grade": grade(findings),
        "recon": recon,
        "recon_total": sum(i.cost for i in recon),
        "recon_text": {i.label: labels.recon(i) for i in recon},
        "rule": rule,
        "price": price,
        "approvals": approvals,
        "approval_state": price_queries.approval_state(appraisal["agreed_price"], price, approvals),
        "vin_check": vin,
        "same_vin": await queries.same_vin(appraisal["vin"], appraisal_id),
    }
