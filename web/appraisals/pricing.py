"""Reconditioning costs and approvals of prices above the maximum."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.appraisals import price_queries
from db.staff.rules import Role
from web.appraisals.context import editable_appraisal, full_sheet
from web.appraisals.sheet_page import sheet_page
from web.forms import Annotated, Form
from web.guards import allow
from web.i18n import gettext as _

APPRAISER = [allow(Role.APPRAISER)]


async def _price(request: Request, appraisal: dict, **kwargs) -> Template | Redirect:
    if request.headers.get("hx-request") != "true" and not kwargs.get("errors"):
        return Redirect(f"/appraisals/{appraisal['id']}#price", status_code=303)
    return await sheet_page(request, appraisal, block="price", **kwargs)


@dataclass
class ReconForm:
    key: str = ""
    label: str = ""
    cost: str = ""
    remove: str = ""


@post("/appraisals/{appraisal_id:int}/recon", guards=APPRAISER)
async def set_recon(
    request: Request, appraisal_id: FromPath[int], data: Annotated[ReconForm, Form]
) -> Template | Redirect:
    appraisal = await editable_appraisal(request, appraisal_id)
    actor = request.scope["user"].id
    label = " ".join(data.label.split())[:120]
    if data.remove == "1" and data.key:
        await price_queries.remove_recon(appraisal_id, data.key, label, actor)
        return await _price(request, appraisal)
    cost = data.cost.strip().replace(",", "").lstrip("¥")
    if not label or not cost.isdigit() or int(cost) > 1_000_000:
        return await _price(
            request,
            appraisal,
            status=422,
            errors={
                "recon": _("Give the item a name and a cost in whole yuan (at most ¥1,000,000).")
            },
        )
    await price_queries.set_recon(appraisal_id, data.key or None, label, int(cost), actor)
    return await _price(request, appraisal)


@dataclass
class ApprovalRequest:
    reason: str = ""


@post("/appraisals/{appraisal_id:int}/approvals", guards=APPRAISER)
async def ask_approval(
    request: Request, appraisal_id: FromPath[int], data: Annotated[ApprovalRequest, Form]
) -> Template | Redirect:
    appraisal = await editable_appraisal(request, appraisal_id)
    sheet = await full_sheet(appraisal)
    if sheet["approval_state"] != "needed":
        return await _price(request, appraisal)
    if not data.reason.strip():
        return await _price(
            request,
            appraisal,
            status=422,
            errors={"reason": _("Tell the manager why the car is worth more than the maximum.")},
        )
    await price_queries.request_approval(
        appraisal_id,
        appraisal["agreed_price"],
        sheet["price"].max_buy,
        data.reason.strip()[:500],
        request.scope["user"].id,
    )
    return await _price(request, appraisal)


@dataclass
class Decision:
    decision: str = ""
    note: str = ""


@post("/appraisals/{appraisal_id:int}/approvals/{approval_id:int}", guards=[allow(Role.MANAGER)])
async def decide(
    request: Request,
    appraisal_id: FromPath[int],
    approval_id: FromPath[int],
    data: Annotated[Decision, Form],
) -> Template | Redirect:
    appraisal = await editable_appraisal(request, appraisal_id)
    if data.decision not in ("approve", "refuse"):
        return await _price(
            request, appraisal, status=422, errors={"reason": _("Choose approve or refuse.")}
        )
    await price_queries.decide_approval(
        appraisal_id,
        approval_id,
        data.decision == "approve",
        data.note.strip()[:200],
        request.scope["user"].id,
    )
    return await _price(request, appraisal)


routes = [set_recon, ask_approval, decide]
