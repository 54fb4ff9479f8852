"""An appraisal's photos: idempotent adds, order, cover, removal (rows are kept)."""

from __future__ import annotations

from datetime import UTC, datetime

from piccolo.engine import engine_finder

from db.appraisals.queries import log_change
from db.appraisals.tables import AppraisalPhoto
from db.photo_rows import made_by, swap_with_neighbour

# The nine guided shots, in the order an appraiser walks round the car.
GUIDED_SHOTS = (
    "front_three_quarter_left",
    "front",
    "front_three_quarter_right",
    "right_side",
    "rear_three_quarter",
    "rear",
    "left_side",
    "dashboard",
    "front_seats",
)
FREE_SLOTS = ("extra", "damage")

_COLUMNS = (
    AppraisalPhoto.id,
    AppraisalPhoto.client_id,
    AppraisalPhoto.slot,
    AppraisalPhoto.position,
    AppraisalPhoto.is_cover,
    AppraisalPhoto.width,
    AppraisalPhoto.height,
    AppraisalPhoto.variants,
    AppraisalPhoto.placeholder,
)


async def add_photo(
    appraisal_id: int, client_id: str, slot: str, processed, actor_id: int
) -> tuple[dict, bool]:
    """Store a processed photo once per client id; returns (photo, created).

    A guided slot holds one photo: a new one replaces the old (which is kept, removed).
    """
    existing = await made_by(
        AppraisalPhoto, AppraisalPhoto.appraisal, appraisal_id, client_id, _COLUMNS
    )
    if existing:
        return existing, False
    now = datetime.now(UTC)
    async with engine_finder().transaction():
        if slot in GUIDED_SHOTS:
            position = GUIDED_SHOTS.index(slot)
            await AppraisalPhoto.update({AppraisalPhoto.removed_at: now}).where(
                (AppraisalPhoto.appraisal == appraisal_id)
                & (AppraisalPhoto.slot == slot)
                & AppraisalPhoto.removed_at.is_null()
            )
        else:
            last = (
                await AppraisalPhoto.select(AppraisalPhoto.position)
                .where(AppraisalPhoto.appraisal == appraisal_id)
                .order_by(AppraisalPhoto.position, ascending=False)
                .first()
            )
            position = max(len(GUIDED_SHOTS), (last["position"] + 1) if last else 0)
        has_cover = await AppraisalPhoto.exists().where(
            (AppraisalPhoto.appraisal == appraisal_id)
            & (AppraisalPhoto.is_cover == True)  # noqa: E712
            & AppraisalPhoto.removed_at.is_null()
        )
        row = AppraisalPhoto(
            appraisal=appraisal_id,
            client_id=client_id,
            slot=slot,
            position=position,
            is_cover=not has_cover,
            uploaded_by=actor_id,
            **processed.columns(),
        )
        await row.save()
    await log_change(appraisal_id, actor_id, "photo_added", new=slot)
    photo = (
        await AppraisalPhoto.select(*_COLUMNS)
        .where(AppraisalPhoto.id == row.id)
        .output(load_json=True)
        .first()
    )
    return photo, True


async def photos_for(appraisal_id: int) -> list[dict]:
    return (
        await AppraisalPhoto.select(*_COLUMNS)
        .where((AppraisalPhoto.appraisal == appraisal_id) & AppraisalPhoto.removed_at.is_null())
        .order_by(AppraisalPhoto.position)
        .order_by(AppraisalPhoto.id)
        .output(load_json=True)
    )


async def get_photo(appraisal_id: int, photo_id: int) -> dict | None:
    return (
        await AppraisalPhoto.select(*_COLUMNS)
        .where(
            (AppraisalPhoto.id == photo_id)
            & (AppraisalPhoto.appraisal == appraisal_id)
            & AppraisalPhoto.removed_at.is_null()
        )
        .output(load_json=True)
        .first()
    )


async def remove_photo(appraisal_id: int, photo_id: int, actor_id: int) -> None:
    photo = await get_photo(appraisal_id, photo_id)
    if not photo:
        return
    await AppraisalPhoto.update(
        {AppraisalPhoto.removed_at: datetime.now(UTC), AppraisalPhoto.is_cover: False}
    ).where(AppraisalPhoto.id == photo_id)
    if photo["is_cover"]:
        first = (await photos_for(appraisal_id))[:1]
        if first:
            await AppraisalPhoto.update({AppraisalPhoto.is_cover: True}).where(
                AppraisalPhoto.id == first[0]["id"]
            )
    await log_change(appraisal_id, actor_id, "photo_removed", old=photo["slot"])


async def make_cover(appraisal_id: int, photo_id: int, actor_id: int) -> None:
    if not await get_photo(appraisal_id, photo_id):
        return
    async with engine_finder().transaction():
        await AppraisalPhoto.update({AppraisalPhoto.is_cover: False}).where(
            AppraisalPhoto.appraisal == appraisal_id
        )
        await AppraisalPhoto.update({AppraisalPhoto.is_cover: True}).where(
            AppraisalPhoto.id == photo_id
        )
    await log_change(appraisal_id, actor_id, "cover_chosen", new=str(photo_id))


async def move_photo(appraisal_id: int, photo_id: int, step: int, actor_id: int) -> None:
    """Swap a free (extra or damage) photo with its neighbour; guided shots keep their order."""
    free = [p for p in await photos_for(appraisal_id) if p["slot"] in FREE_SLOTS]
    if await swap_with_neighbour(AppraisalPhoto, free, photo_id, step):
        await log_change(appraisal_id, actor_id, "photo_moved", new=str(photo_id))
