"""A car's listing photos: taken after reconditioning or picked from its appraisal.

Picking copies an appraisal photo's variant keys into a new ListingPhoto row; the
AppraisalPhoto rows are never touched, so the appraisal keeps its evidence. The order is
the public gallery's: the first photo is the cover. Every change republishes the public
copy of the car (`publish`), so the list tile and the car page follow at once.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from piccolo.engine import engine_finder

from db.appraisals.photo_queries import GUIDED_SHOTS
from db.appraisals.tables import AppraisalPhoto
from db.photo_rows import made_by, swap_with_neighbour
from db.stock.listing import publish
from db.stock.rules import FINAL
from db.stock.tables import ListingPhoto, StockUnit

MAX_LISTING_PHOTOS = 30
# Appraisal shots that show the number plate, which must never reach a public page.
PLATE_SHOTS = frozenset(
    {"front_three_quarter_left", "front", "front_three_quarter_right", "rear_three_quarter", "rear"}
)

_COLUMNS = (
    ListingPhoto.id,
    ListingPhoto.client_id,
    ListingPhoto.position,
    ListingPhoto.shot,
    ListingPhoto.source_hash,
    ListingPhoto.width,
    ListingPhoto.height,
    ListingPhoto.variants,
    ListingPhoto.placeholder,
)


class TooManyPhotos(ValueError):
    """The listing would hold more than MAX_LISTING_PHOTOS photos."""


def editable(state: str) -> bool:
    """A car's listing photos may change until it leaves stock (sold or wholesaled)."""
    return state not in FINAL


def _active(unit_id: int):
    return (ListingPhoto.unit == unit_id) & ListingPhoto.removed_at.is_null()


async def photos_for(unit_id: int) -> list[dict]:
    """The listing photos in gallery order, cover first."""
    return (
        await ListingPhoto.select(*_COLUMNS)
        .where(_active(unit_id))
        .order_by(ListingPhoto.position)
        .order_by(ListingPhoto.id)
        .output(load_json=True)
    )


async def appraisal_photos_for(unit_id: int) -> list[dict]:
    """The car's appraisal photos (the evidence), in the appraisal's order."""
    return (
        await AppraisalPhoto.select(
            AppraisalPhoto.id,
            AppraisalPhoto.slot,
            AppraisalPhoto.source_hash,
            AppraisalPhoto.width,
            AppraisalPhoto.height,
            AppraisalPhoto.variants,
            AppraisalPhoto.placeholder,
        )
        .where(
            AppraisalPhoto.appraisal.is_in(
                StockUnit.select(StockUnit.appraisal).where(StockUnit.id == unit_id)
            )
            & AppraisalPhoto.removed_at.is_null()
        )
        .order_by(AppraisalPhoto.position)
        .order_by(AppraisalPhoto.id)
        .output(load_json=True)
    )


async def _next_position(unit_id: int) -> int:
    last = (
        await ListingPhoto.select(ListingPhoto.position)
        .where(ListingPhoto.unit == unit_id)
        .order_by(ListingPhoto.position, ascending=False)
        .first()
    )
    return last["position"] + 1 if last else 0


async def _room(unit_id: int) -> int:
    return MAX_LISTING_PHOTOS - await ListingPhoto.count().where(_active(unit_id))


async def add_photo(
    unit_id: int, client_id: str, processed, actor_id: int, shot: str = ""
) -> tuple[int, bool]:
    """Store an uploaded photo once per client id, last in the gallery; returns (photo id,
    created). A retry with the same client id gets the photo it already made. `shot`: the
    guided shot it shows, when known."""
    existing = await made_by(ListingPhoto, ListingPhoto.unit, unit_id, client_id, _COLUMNS)
    if existing:
        return existing["id"], False
    async with engine_finder().transaction():
        if await _room(unit_id) < 1:
            raise TooManyPhotos(MAX_LISTING_PHOTOS)
        row = ListingPhoto(
            unit=unit_id,
            client_id=client_id,
            position=await _next_position(unit_id),
            uploaded_by=actor_id,
            shot=shot if shot in GUIDED_SHOTS else "",
            **processed.columns(),
        )
        await row.save()
    await publish(unit_id)
    return row.id, True


async def pick_from_appraisal(unit_id: int, photo_ids: list[int], actor_id: int) -> int:
    """Copy the chosen appraisal photos to the end of the listing, in the appraisal's order;
    a photo already in the listing is not added twice. Returns how many were added."""
    chosen = set(photo_ids)
    listed = {p["source_hash"] for p in await photos_for(unit_id)}
    picks = [
        p
        for p in await appraisal_photos_for(unit_id)
        if p["id"] in chosen and p["source_hash"] not in listed
    ]
    if not picks:
        return 0
    async with engine_finder().transaction():
        if await _room(unit_id) < len(picks):
            raise TooManyPhotos(MAX_LISTING_PHOTOS)
        position = await _next_position(unit_id)
        await ListingPhoto.insert(
            *(
                ListingPhoto(
                    unit=unit_id,
                    # unique per row; a re-sent pick is caught by the source hash above
                    client_id=f"pick-{p['id']}-{uuid.uuid4().hex[:16]}",
                    position=position + i,
                    uploaded_by=actor_id,
                    shot=p["slot"] if p["slot"] in GUIDED_SHOTS else "",
                    source_hash=p["source_hash"],
                    width=p["width"],
                    height=p["height"],
                    variants=p["variants"],
                    placeholder=p["placeholder"],
                )
                for i, p in enumerate(picks)
            )
        )
    await publish(unit_id)
    return len(picks)


async def move_photo(unit_id: int, photo_id: int, step: int) -> None:
    """Swap a photo with its neighbour (step -1: towards the cover, +1: away from it)."""
    if step not in (-1, 1):
        return
    if await swap_with_neighbour(ListingPhoto, await photos_for(unit_id), photo_id, step):
        await publish(unit_id)


async def make_cover(unit_id: int, photo_id: int) -> None:
    """Put a photo first in the gallery; the others keep their order."""
    photos = await photos_for(unit_id)
    if photos and photos[0]["id"] != photo_id and any(p["id"] == photo_id for p in photos):
        await ListingPhoto.update({ListingPhoto.position: photos[0]["position"] - 1}).where(
            ListingPhoto.id == photo_id
        )
        await publish(unit_id)


async def remove_photo(unit_id: int, photo_id: int) -> None:
    """Take a photo off the listing; the row (and its files) stay."""
    removed = (
        await ListingPhoto.update({ListingPhoto.removed_at: datetime.now(UTC)})
        .where((ListingPhoto.id == photo_id) & _active(unit_id))
        .returning(ListingPhoto.id)
    )
    if removed:
        await publish(unit_id)
