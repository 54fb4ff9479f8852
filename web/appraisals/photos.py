"""Photo uploads and the photo grid's actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Request, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from db.appraisals import photo_queries
from db.staff.rules import Role
from web.appraisals.context import appraisal_for, editable_appraisal
from web.appraisals.sheet_page import sheet_page
from web.forms import Form
from web.guards import allow
from web.i18n import gettext as _
from web.idempotency import request_key
from web.photo_uploads import BODY_LIMIT, CLIENT_ID, MoveForm, ingest_upload

APPRAISER = [allow(Role.APPRAISER)]
ALL_SLOTS = (*photo_queries.GUIDED_SHOTS, *photo_queries.FREE_SLOTS)


@dataclass
class UploadForm:
    photo: UploadFile | None = None
    slot: str = ""
    client_id: str = ""


@post(
    "/appraisals/{appraisal_id:int}/photos",
    guards=APPRAISER,
    request_max_body_size=BODY_LIMIT,
)
async def upload(
    request: Request,
    appraisal_id: FromPath[int],
    data: Annotated[UploadForm, Body(media_type=RequestEncodingType.MULTI_PART)],
) -> Template | Redirect:
    appraisal = await appraisal_for(request, appraisal_id)
    if not data.client_id:  # a queued retry may name the photo by its idempotency key only
        data.client_id = request_key(request) or ""
    problem = None
    if appraisal["outcome"]:
        problem = _("This appraisal is closed; it can no longer be changed.")
    elif data.slot not in ALL_SLOTS or not CLIENT_ID.match(data.client_id):
        problem = _("This upload is missing its photo slot; reload the page and try again.")
    elif data.photo is None:
        problem = _("Choose or take a photo first.")
    if problem is None:
        processed = await ingest_upload(data.photo)
        if isinstance(processed, str):
            problem = processed
        else:
            try:
                await photo_queries.add_photo(
                    appraisal_id, data.client_id, data.slot, processed, request.scope["user"].id
                )
            except PermissionError:
                problem = _("This upload is missing its photo slot; reload the page and try again.")
    if problem:
        return await sheet_page(
            request, appraisal, errors={"photo": problem}, status=422, block="photo_grid"
        )
    return await _grid(request, appraisal_id)


async def _grid(request: Request, appraisal_id: int) -> Template | Redirect:
    appraisal = await appraisal_for(request, appraisal_id)
    if request.headers.get("hx-request") != "true":
        return Redirect(f"/appraisals/{appraisal_id}#photo-grid", status_code=303)
    return await sheet_page(request, appraisal, block="photo_grid")


@post("/appraisals/{appraisal_id:int}/photos/{photo_id:int}/remove", guards=APPRAISER)
async def remove(
    request: Request, appraisal_id: FromPath[int], photo_id: FromPath[int]
) -> Template | Redirect:
    await editable_appraisal(request, appraisal_id)
    await photo_queries.remove_photo(appraisal_id, photo_id, request.scope["user"].id)
    return await _grid(request, appraisal_id)


@post("/appraisals/{appraisal_id:int}/photos/{photo_id:int}/cover", guards=APPRAISER)
async def cover(
    request: Request, appraisal_id: FromPath[int], photo_id: FromPath[int]
) -> Template | Redirect:
    await editable_appraisal(request, appraisal_id)
    await photo_queries.make_cover(appraisal_id, photo_id, request.scope["user"].id)
    return await _grid(request, appraisal_id)


@post("/appraisals/{appraisal_id:int}/photos/{photo_id:int}/move", guards=APPRAISER)
async def move(
    request: Request,
    appraisal_id: FromPath[int],
    photo_id: FromPath[int],
    data: Annotated[MoveForm, Form],
) -> Template | Redirect:
    await editable_appraisal(request, appraisal_id)
    if data.step in (-1, 1):
        await photo_queries.move_photo(appraisal_id, photo_id, data.step, request.scope["user"].id)
    return await _grid(request, appraisal_id)


routes = [upload, remove, cover, move]
