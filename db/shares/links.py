"""Short links: a consultant's own `/s/{code}` for a listed car. Opening one records a visit
and leads to the car's page; an enquiry sent after arriving by it is credited to that
consultant (db.leads.enquiries.submit)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from piccolo.engine import engine_finder

from db.audit.queries import record_event
from db.leads.rules import N_
from db.shares.tables import Share, ShareVisit
from db.stock.tables import Listing

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: read aloud or retyped safely
CODE_LENGTH = 8
SHAREABLE = ("available",)  # a car that is not on sale cannot be shared publicly


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def plausible(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(c in ALPHABET for c in code)


async def share_link(unit_id: int, consultant_id: int) -> tuple[str | None, str]:
    """(code, "") — this consultant's code for the car, made on first use — or (None, an
    English message id) when the car cannot be shared."""
    listing = await Listing.select(Listing.status).where(Listing.unit == unit_id).first()
    if listing is None or listing["status"] not in SHAREABLE:
        return None, N_("Only a car on sale can be shared.")
    where = (Share.unit == unit_id) & (Share.consultant == consultant_id)
    for _attempt in range(5):
        existing = await Share.select(Share.code).where(where).first()
        if existing:
            return existing["code"], ""
        code = new_code()
        try:
            async with engine_finder().transaction():
                if await Share.exists().where(where):
                    continue
                await Share.insert(Share(code=code, unit=unit_id, consultant=consultant_id))
                await record_event(
                    "car_shared", actor_id=consultant_id, subject=f"unit:{unit_id}", code=code
                )
            return code, ""
        except Exception:  # noqa: BLE001, S112 - a code taken meanwhile: draw another
            continue
    return None, N_("The link could not be made; please try again.")


async def visit(code: str, now: datetime | None = None) -> int | None:
    """Record a visit through `code`; the car's unit id, or None for an unknown code."""
    if not plausible(code):
        return None
    share = await Share.select(Share.id, Share.unit).where(Share.code == code).first()
    if share is None:
        return None
    await ShareVisit.insert(ShareVisit(share=share["id"], created_at=now or datetime.now(UTC)))
    return share["unit"]


async def credited_consultant(code: str, unit_id: int) -> int | None:
    """The consultant an enquiry about `unit_id` is credited to when the visitor came by
    `code`: the link's owner, while they are an active consultant; otherwise nobody."""
    if not plausible(code):
        return None
    row = (
        await Share.select(
            Share.consultant,
            Share.consultant.active.as_alias("active"),
            Share.consultant.is_consultant.as_alias("is_consultant"),
        )
        .where((Share.code == code) & (Share.unit == unit_id))
        .first()
    )
    if row is None or not (row["active"] and row["is_consultant"]):
        return None
    return row["consultant"]
