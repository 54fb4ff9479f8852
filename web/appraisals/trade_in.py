"""Passing an appraised car's owner to sales when they also want to buy (a trade-in)."""

from __future__ import annotations

from litestar import Request, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.leads.trade_in import pass_to_sales, trade_in_lead
from web.appraisals.context import appraisal_for
from web.appraisals.routes import APPRAISER
from web.appraisals.sheet_page import sheet_page
from web.i18n import gettext as _


@post("/appraisals/{appraisal_id:int}/trade-in", guards=APPRAISER)
async def pass_owner(request: Request, appraisal_id: FromPath[int]) -> Template | Redirect:
    appraisal = await appraisal_for(request, appraisal_id)
    passed = await pass_to_sales(appraisal_id, request.scope["user"].id)
    if passed.problem:
        return await sheet_page(
            request,
            appraisal,
            status=422,
            block="trade_in",
            extra={"trade_in_error": _(passed.problem), "trade_in": None},
        )
    if request.headers.get("HX-Request"):
        return await sheet_page(
            request,
            appraisal,
            block="trade_in",
            extra={"trade_in": await trade_in_lead(appraisal_id), "trade_in_passed": True},
        )
    return Redirect(f"/appraisals/{appraisal_id}#trade-in", status_code=303)


routes = [pass_owner]
