"""The appraisal screen, whole or one of its blocks (photo_grid, condition, price, outcome),
and the small answers that carry one row and what it changed elsewhere."""

from __future__ import annotations

from litestar import Request
from litestar.response import Template

from db.leads.trade_in import trade_in_lead
from web.appraisals import labels
from web.appraisals.context import full_sheet
from web.appraisals.fields import CHOICE_LABELS, DISCLOSURES, FIELDS
from web.pages import VARY, page
from web.photo_uploads import new_id


async def _context(
    request: Request, appraisal: dict, errors: dict | None, values: dict | None, extra: dict | None
) -> dict:
    context = await full_sheet(appraisal)
    context.update(
        tab="appraise",
        fields=FIELDS,
        choices=CHOICE_LABELS,
        disclosures=DISCLOSURES,
        errors=errors or {},
        values=values or {},
        closed=bool(appraisal["outcome"]),
        saved=None,
        L=labels,
        new_id=new_id,
        user=request.scope["user"],
        **(extra or {}),
    )
    return context


async def sheet_page(
    request: Request,
    appraisal: dict,
    *,
    errors: dict | None = None,
    values: dict | None = None,
    status: int = 200,
    block: str | None = None,
    also: tuple[str, ...] = (),
    extra: dict | None = None,
) -> Template:
    context = await _context(request, appraisal, errors, values, extra)
    if block in (None, "trade_in") and "trade_in" not in context:
        context["trade_in"] = await trade_in_lead(appraisal["id"])
    return page(
        request, "appraisals/detail.html", context, block=block, also=also, status_code=status
    )


async def sheet_fragment(request: Request, appraisal: dict, template: str, **extra) -> Template:
    """A small answer (one row and what it changed, out of band) with the sheet's context."""
    context = await _context(request, appraisal, None, None, extra)
    return Template(template_name=template, context=context, headers={"Vary": VARY})
