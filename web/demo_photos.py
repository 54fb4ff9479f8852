"""The demo cars' photos: drawn (media/demo_art.py) and put through the same upload pipeline
as a phone's (media.photos.ingest: every variant, metadata-free), then stored with the same
queries: the appraisal's guided shots and close-ups, and the listing photos of each car that
reaches the showroom.

Drawing and encoding are most of the demo's loading time, and pure functions of the car: all
of them are handed to worker processes at the start, and the loader, writing the rows car
after car, waits only for photos not ready yet.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

from db.appraisals.photo_queries import GUIDED_SHOTS
from db.settings import settings
from db.stock import photo_queries as listing_photos
from db.stock.tables import StockUnit
from media.demo_art import draw_shot
from media.photos import Processed, ingest
from media.storage import Storage, storage

SIZE = (1024, 768)
DAMAGE = 20  # a car's close-ups are numbered from here, one per mark
LISTING_COVER = 40  # the number of a listed car's cover photo
# Appraisal shots a listing may show as they are: the number plate is in none of them.
LISTING_PICKS = ("right_side", "left_side", "dashboard", "front_seats")
# Shots that show the plate, taken again after reconditioning with the dealer's cover on, for
# every other listed car: those have all nine guided shots for the share kit's nine-grid, the
# others five (and the kit's note of the missing ones).
RETAKES = {"front": 41, "front_three_quarter_right": 42, "rear_three_quarter": 43, "rear": 44}

Drawing = tuple[str, int, str]  # slot, seed, text of the dealer's plate cover ("" for none)


def drawings(car, number: int) -> dict[int, Drawing]:
    """Every photo of demo car `number` (1, 2, …), by its number among the car's photos: the
    guided shots taken, a close-up per mark and, for a car that reaches the showroom, a
    cover photo taken after reconditioning with the plate covered."""
    seed = number * 31
    shots = {n: (slot, seed + n, "") for n, slot in enumerate(GUIDED_SHOTS[: car.photos])}
    shots |= {DAMAGE + i: ("damage", seed + DAMAGE + i, "") for i in range(len(car.marks))}
    if any(step == "listed" for step, _, _ in car.stock):
        dealer = settings().dealership_name.split("·")[0].strip()
        shots[LISTING_COVER] = ("front_three_quarter_left", seed + LISTING_COVER, dealer)
        if number % 2:
            shots |= {n: (slot, seed + n, dealer) for slot, n in RETAKES.items()}
    return shots


def _develop(root: str, look: dict, slot: str, seed: int, plate_cover: str) -> Processed:
    """Runs in a worker process: draw one photo and store its variants."""
    data = draw_shot(slot, seed=seed, size=SIZE, plate_cover=plate_cover, **look)
    return ingest(data, Storage(Path(root)))


@asynccontextmanager
async def developing(cars: list) -> AsyncIterator[list[dict[int, asyncio.Future]]]:
    """Start drawing every photo of `cars`; yields, per car, its photos by number (futures of
    `Processed`)."""
    workers = max(1, min(4, len(os.sched_getaffinity(0))))
    # spawn: the loader's process holds database threads a fork must not copy
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    loop = asyncio.get_running_loop()
    root = str(storage().root)
    try:
        yield [
            {
                n: loop.run_in_executor(pool, _develop, root, _look(car), *drawing)
                for n, drawing in drawings(car, number).items()
            }
            for number, car in enumerate(cars, start=1)
        ]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _look(car) -> dict:
    return {
        "colour": car.colour,
        "plate": car.values.get("plate", ""),
        "mileage_km": car.values.get("mileage_km") or 0,
        "body": car.body,
    }


async def list_photos(appraisal_id: int, photos: dict[int, asyncio.Future], actor: int) -> None:
    """A listed car's gallery in walk-round order: the cover and the plate shots taken after
    reconditioning, and the appraisal's shots that show no plate, picked as staff would on
    /inventory/{id}/photos."""
    if LISTING_COVER not in photos:
        return
    unit = await StockUnit.select(StockUnit.id).where(StockUnit.appraisal == appraisal_id).first()
    taken = {"front_three_quarter_left": LISTING_COVER} | {
        slot: n for slot, n in RETAKES.items() if n in photos
    }
    picks = {
        p["slot"]: p["id"]
        for p in await listing_photos.appraisal_photos_for(unit["id"])
        if p["slot"] in LISTING_PICKS
    }
    for slot in GUIDED_SHOTS:
        if slot in taken:
            await listing_photos.add_photo(
                unit["id"],
                f"demo-listing-{appraisal_id}-{slot}",
                await photos[taken[slot]],
                actor,
                shot=slot,
            )
        elif slot in picks:
            await listing_photos.pick_from_appraisal(unit["id"], [picks[slot]], actor)
