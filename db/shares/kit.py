"""What the share kit reads beyond the car's public copy."""

from __future__ import annotations

from db.shares.tables import Share
from db.stock.photo_queries import photos_for


async def listing_shots(unit_id: int) -> list[str]:
    """Each listing photo's guided shot, in gallery order ('' where it is not known)."""
    return [p["shot"] for p in await photos_for(unit_id)]


async def existing_code(unit_id: int, consultant_id: int) -> str | None:
    """This consultant's short code for the car, if they have made one."""
    row = (
        await Share.select(Share.code)
        .where((Share.unit == unit_id) & (Share.consultant == consultant_id))
        .first()
    )
    return row["code"] if row else None
