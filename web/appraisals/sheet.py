"""The appraisal sheet (评估单) for the owner: printable, shared by a revocable link."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.appraisals import queries
from db.staff.rules import Role
from web.appraisals import labels
from web.appraisals.context import appraisal_for, full_sheet
from web.dealership import use_profile
from web.guards import PUBLIC, allow
from web.pages import page

APPRAISER = [allow(Role.APPRAISER)]
OWNER_COSTS = ("transport", "inspection", "tax", "fixed_costs", "target_profit")


async def _sheet(request: Request, appraisal: dict, *, staff: bool) -> Template:
    await use_profile()  # the sheet is on the dealership's letterhead
    context = await full_sheet(appraisal)
    price = context["price"]
    context.update(
        L=labels,
        staff=staff,
        dealer_costs=sum(d.amount for d in price.deductions if d.key in OWNER_COSTS)
        if price
        else 0,
        recon_deductions=[d for d in price.deductions if d.key.startswith("recon")]
        if price
        else [],
        share_url=str(request.base_url).rstrip("/") + f"/sheet/{appraisal['sheet_token']}"
        if appraisal["sheet_token"]
        else None,
    )
    return page(
        request,
        "appraisals/sheet.html",
        context,
        headers={"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"},
    )


@get("/appraisals/{appraisal_id:int}/sheet", guards=APPRAISER)
async def staff_sheet(request: Request, appraisal_id: FromPath[int]) -> Template:
    return await _sheet(request, await appraisal_for(request, appraisal_id), staff=True)


@post("/appraisals/{appraisal_id:int}/sheet/share", guards=APPRAISER)
async def share(request: Request, appraisal_id: FromPath[int]) -> Redirect:
    appraisal = await appraisal_for(request, appraisal_id)
    if not appraisal["sheet_token"]:
        await queries.share_sheet(appraisal_id, request.scope["user"].id)
    return Redirect(f"/appraisals/{appraisal_id}/sheet", status_code=303)


@post("/appraisals/{appraisal_id:int}/sheet/revoke", guards=APPRAISER)
async def revoke(request: Request, appraisal_id: FromPath[int]) -> Redirect:
    await appraisal_for(request, appraisal_id)
    await queries.revoke_sheet(appraisal_id, request.scope["user"].id)
    return Redirect(f"/appraisals/{appraisal_id}/sheet", status_code=303)


@get("/sheet/{token:str}", opt=PUBLIC)
async def owner_sheet(request: Request, token: FromPath[str]) -> Template:
    appraisal_id = await queries.by_sheet_token(token)
    if appraisal_id is None:
        raise NotFoundException()
    return await _sheet(request, await queries.get_appraisal(appraisal_id), staff=False)


routes = [staff_sheet, share, revoke, owner_sheet]
