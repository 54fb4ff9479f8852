"""A car's listing photos: upload after reconditioning, pick from the appraisal, order them
(the first is the cover), take them off. Appraisers and managers edit; consultants look."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from db.staff.rules import Role
from db.stock import photo_queries, queries
from db.stock.photo_queries import MAX_LISTING_PHOTOS, PLATE_SHOTS, TooManyPhotos
from web.appraisals import labels
from web.appraisals.context import photo_view
from web.forms import Form
from web.guards import allow
from web.i18n import gettext as _
from web.idempotency import request_key
from web.pages import page
from web.photo_uploads import BODY_LIMIT, CLIENT_ID, MoveForm, ingest_upload, new_id

EDITORS = [allow(Role.APPRAISER)]  # managers always may


def _too_many() -> str:
    return _("A listing holds at most {limit} photos; remove some first.").format(
        limit=MAX_LISTING_PHOTOS
    )


async def _unit(unit_id: int) -> dict:
    unit = await queries.unit(unit_id)
    if unit is None:
        raise NotFoundException()
    return unit


async def _photos_page(
    request: Request, unit: dict, *, error: str = "", status: int = 200
) -> Template:
    photos = [photo_view(p) for p in await photo_queries.photos_for(unit["id"])]
    listed = {p["source_hash"] for p in photos}
    evidence = [
        {**photo_view(p), "listed": p["source_hash"] in listed, "plate": p["slot"] in PLATE_SHOTS}
        for p in await photo_queries.appraisal_photos_for(unit["id"])
    ]
    return page(
        request,
        "stock/photos.html",
        {
            "tab": "stock",
            "u": unit,
            "photos": photos,
            "evidence": evidence,
            "limit": MAX_LISTING_PHOTOS,
            "may_edit": request.scope["user"].has(Role.APPRAISER),
            "editable": photo_queries.editable(unit["state"]),
            "shot": labels.shot,
            "error": error,
            "new_id": new_id,
        },
        block="photo_grid",
        status_code=status,
    )


async def _done(request: Request, unit_id: int) -> Template | Redirect:
    """The grid for htmx and photos.js; a plain form post goes back to the page."""
    if request.headers.get("hx-request") != "true":
        return Redirect(f"/inventory/{unit_id}/photos#photo-grid", status_code=303)
    return await _photos_page(request, await _unit(unit_id))


async def _editable_unit(request: Request, unit_id: int) -> tuple[dict, Template | None]:
    """The car, and the refusal to show when its photos can no longer change."""
    unit = await _unit(unit_id)
    if photo_queries.editable(unit["state"]):
        return unit, None
    refusal = await _photos_page(
        request,
        unit,
        status=422,
        error=_("This car has left stock; its listing photos can no longer change."),
    )
    return unit, refusal


@get("/inventory/{unit_id:int}/photos", guards=[allow()])
async def photos(request: Request, unit_id: FromPath[int]) -> Template:
    return await _photos_page(request, await _unit(unit_id))


@dataclass
class UploadForm:
    photo: UploadFile | None = None
    client_id: str = ""


@post("/inventory/{unit_id:int}/photos", guards=EDITORS, request_max_body_size=BODY_LIMIT)
async def upload(
    request: Request,
    unit_id: FromPath[int],
    data: Annotated[UploadForm, Body(media_type=RequestEncodingType.MULTI_PART)],
) -> Template | Redirect:
    unit, refusal = await _editable_unit(request, unit_id)
    if refusal:
        return refusal
    if not data.client_id:  # a queued retry may name the photo by its idempotency key only
        data.client_id = request_key(request) or ""
    problem = ""
    if not CLIENT_ID.match(data.client_id):
        problem = _("This upload is missing its id; reload the page and try again.")
    elif data.photo is None:
        problem = _("Choose or take a photo first.")
    else:
        processed = await ingest_upload(data.photo)
        if isinstance(processed, str):
            problem = processed
        else:
            try:
                await photo_queries.add_photo(
                    unit_id, data.client_id, processed, request.scope["user"].id
                )
            except TooManyPhotos:
                problem = _too_many()
            except PermissionError:
                problem = _("This upload is missing its id; reload the page and try again.")
    if problem:
        return await _photos_page(request, unit, error=problem, status=422)
    return await _done(request, unit_id)


@dataclass
class PickForm:
    # one ticked box arrives as a single value, several as a list
    photo: list[int] | int = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return self.photo if isinstance(self.photo, list) else [self.photo]


@post("/inventory/{unit_id:int}/photos/pick", guards=EDITORS)
async def pick(
    request: Request, unit_id: FromPath[int], data: Annotated[PickForm, Form]
) -> Template | Redirect:
    unit, refusal = await _editable_unit(request, unit_id)
    if refusal:
        return refusal
    if not data.ids:
        return await _photos_page(
            request, unit, status=422, error=_("Tick the appraisal photos to add first.")
        )
    try:
        await photo_queries.pick_from_appraisal(unit_id, data.ids, request.scope["user"].id)
    except TooManyPhotos:
        return await _photos_page(request, unit, status=422, error=_too_many())
    return await _done(request, unit_id)


async def _change(
    request: Request, unit_id: int, change: Callable[[], Awaitable[object]]
) -> Template | Redirect:
    """Run `change` on a car whose photos may still change, then show the grid."""
    _unit_row, refusal = await _editable_unit(request, unit_id)
    if refusal:
        return refusal
    await change()
    return await _done(request, unit_id)


@post("/inventory/{unit_id:int}/photos/{photo_id:int}/move", guards=EDITORS)
async def move(
    request: Request,
    unit_id: FromPath[int],
    photo_id: FromPath[int],
    data: Annotated[MoveForm, Form],
) -> Template | Redirect:
    return await _change(
        request, unit_id, lambda: photo_queries.move_photo(unit_id, photo_id, data.step)
    )


@post("/inventory/{unit_id:int}/photos/{photo_id:int}/cover", guards=EDITORS)
async def cover(
    request: Request, unit_id: FromPath[int], photo_id: FromPath[int]
) -> Template | Redirect:
    return await _change(request, unit_id, lambda: photo_queries.make_cover(unit_id, photo_id))


@post("/inventory/{unit_id:int}/photos/{photo_id:int}/remove", guards=EDITORS)
async def remove(
    request: Request, unit_id: FromPath[int], photo_id: FromPath[int]
) -> Template | Redirect:
    return await _change(request, unit_id, lambda: photo_queries.remove_photo(unit_id, photo_id))


routes = [photos, upload, pick, move, cover, remove]
