"""Marking damage and answering the checklists."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.appraisals import condition_queries, grading, photo_queries
from db.staff.rules import Role
from web.appraisals.context import editable_appraisal
from web.appraisals.sheet_page import sheet_fragment, sheet_page
from web.forms import Annotated, Form
from web.guards import allow
from web.i18n import gettext as _

APPRAISER = [allow(Role.APPRAISER)]


async def _condition(request: Request, appraisal: dict, **kwargs) -> Template | Redirect:
    if request.headers.get("hx-request") != "true" and not kwargs.get("errors"):
        return Redirect(f"/appraisals/{appraisal['id']}#condition", status_code=303)
    # the findings change the grade and the reconditioning, so the price comes along
    return await sheet_page(request, appraisal, block="condition", also=("price",), **kwargs)


@dataclass
class MarkForm:
    panel: str = ""
    kind: str = ""
    severity: int = 1
    note: str = ""
    photo_id: str = ""


@post("/appraisals/{appraisal_id:int}/marks", guards=APPRAISER)
async def add_mark(
    request: Request, appraisal_id: FromPath[int], data: Annotated[MarkForm, Form]
) -> Template | Redirect:
    appraisal = await editable_appraisal(request, appraisal_id)
    if (
        data.panel not in grading.PANELS
        or data.kind not in grading.DAMAGE_KINDS
        or data.severity not in grading.SEVERITIES
    ):
        return await _condition(
            request,
            appraisal,
            status=422,
            extra={"panel": data.panel},
            errors={"mark": _("Choose the panel, what is wrong and how bad.")},
        )
    photo_id = int(data.photo_id) if data.photo_id.isdigit() else None
    if photo_id and not await photo_queries.get_photo(appraisal_id, photo_id):
        photo_id = None
    await condition_queries.add_mark(
        appraisal_id,
        data.panel,
        data.kind,
        data.severity,
        data.note.strip()[:200],
        photo_id,
        request.scope["user"].id,
    )
    return await _condition(request, appraisal)


@post("/appraisals/{appraisal_id:int}/marks/{mark_id:int}/remove", guards=APPRAISER)
async def remove_mark(
    request: Request, appraisal_id: FromPath[int], mark_id: FromPath[int]
) -> Template | Redirect:
    appraisal = await editable_appraisal(request, appraisal_id)
    await condition_queries.remove_mark(appraisal_id, mark_id, request.scope["user"].id)
    return await _condition(request, appraisal)


@dataclass
class CheckForm:
    section: str = ""
    item: str = ""
    ok: str = ""
    note: str = ""


@post("/appraisals/{appraisal_id:int}/checks", guards=APPRAISER)
async def answer_check(
    request: Request, appraisal_id: FromPath[int], data: Annotated[CheckForm, Form]
) -> Template | Redirect:
    appraisal = await editable_appraisal(request, appraisal_id)
    items = dict(grading.CHECKLIST.get(data.section, ()))
    if data.item not in items or data.ok not in ("0", "1"):
        return await _condition(
            request, appraisal, status=422, errors={"mark": _("Choose OK or Problem.")}
        )
    await condition_queries.set_check(
        appraisal_id,
        data.section,
        data.item,
        data.ok == "1",
        data.note.strip()[:200],
        request.scope["user"].id,
    )
    if request.headers.get("hx-request") != "true":
        return Redirect(
            f"/appraisals/{appraisal_id}#check-{data.section}-{data.item}", status_code=303
        )
    return await sheet_fragment(
        request,
        appraisal,
        "appraisals/_check_saved.html",
        section=data.section,
        item=data.item,
        label=items[data.item],
    )


routes = [add_mark, remove_mark, answer_check]
