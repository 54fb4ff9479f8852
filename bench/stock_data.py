"""A large showroom for the benchmarks: N listed cars on top of the demo dealership.

The cars are built from the demo's published listings (their photos, condition reports and
page shapes), varied in make, model, year, mileage, price, body, gearbox and fuel, and
written in batches: appraisal → stock unit → public Listing, as publish() would leave them.

    VAR_DIR=/tmp/big .venv/bin/python -m bench.stock_data 10000
"""

from __future__ import annotations

import asyncio
import copy
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta

from piccolo.engine import engine_finder

from db.appraisals.tables import Appraisal
from db.staff.tables import Staff
from db.stock.listing import slug
from db.stock.tables import Listing, StockUnit

MODELS = [
    # make, model, body, base price (yuan, 3-year-old car), fuel, gearbox
    ("丰田", "凯美瑞", "sedan", 150000, "petrol", "automatic"),
    ("丰田", "卡罗拉", "sedan", 90000, "hybrid", "cvt"),
    ("丰田", "汉兰达", "suv", 230000, "petrol", "automatic"),
    ("本田", "雅阁", "sedan", 140000, "petrol", "cvt"),
    ("本田", "CR-V", "suv", 150000, "hybrid", "cvt"),
    ("大众", "朗逸", "sedan", 75000, "petrol", "automatic"),
    ("大众", "迈腾", "sedan", 140000, "petrol", "dct"),
    ("大众", "途观L", "suv", 170000, "petrol", "dct"),
    ("日产", "轩逸", "sedan", 70000, "petrol", "cvt"),
    ("别克", "GL8", "mpv", 230000, "petrol", "automatic"),
    ("比亚迪", "汉", "sedan", 160000, "electric", "automatic"),
    ("比亚迪", "宋PLUS DM-i", "suv", 120000, "plugin", "automatic"),
    ("特斯拉", "Model 3", "sedan", 180000, "electric", "automatic"),
    ("特斯拉", "Model Y", "suv", 210000, "electric", "automatic"),
    ("宝马", "3系", "sedan", 220000, "petrol", "automatic"),
    ("奔驰", "GLC", "suv", 330000, "petrol", "automatic"),
    ("奥迪", "A4L", "sedan", 200000, "petrol", "dct"),
    ("五菱", "宏光MINIEV", "hatchback", 28000, "electric", "automatic"),
    ("吉利", "星越L", "suv", 120000, "petrol", "automatic"),
    ("长安", "CS75 PLUS", "suv", 85000, "petrol", "automatic"),
]
STATUSES = ["available"] * 17 + ["reserved", "sold", "sold"]
BATCH = 500


async def fill(n: int, seed: int = 7) -> int:
    """Add n listed cars; returns the first new stock unit id."""
    rng = random.Random(seed)  # noqa: S311 - made-up cars, not secrets
    templates = await Listing.select(Listing.card, Listing.page).output(load_json=True)
    if not templates:
        raise SystemExit("load the demo first (python -m web.cli prepare): it has the photos")
    staff = await Staff.select(Staff.id).first()
    first_id = None
    today = date.today()
    for start in range(0, n, BATCH):
        count = min(BATCH, n - start)
        cars = []
        for _ in range(count):
            make, model, body, base, fuel, gearbox = rng.choice(MODELS)
            year = rng.randint(2015, 2024)
            age = today.year - year
            mileage = max(800, int(rng.gauss(16000 * age + 5000, 8000)))
            price = max(15000, int(base * (0.86 ** (age - 3)) * rng.uniform(0.9, 1.1)) // 100 * 100)
            cars.append((make, model, body, year, mileage, price, fuel, gearbox))
        async with engine_finder().transaction():
            appraisals = await Appraisal.insert(
                *[
                    Appraisal(
                        appraiser=staff["id"],
                        make=c[0],
                        model=c[1],
                        first_registration=date(c[3], rng.randint(1, 12), 1),
                        mileage_km=c[4],
                        gearbox=c[7],
                        fuel=c[6],
                        forecast_retail=c[5],
                        outcome="acquired",
                    )
                    for c in cars
                ]
            ).returning(Appraisal.id)
            units = await StockUnit.insert(
                *[
                    StockUnit(
                        appraisal=a["id"],
                        state="listed",
                        purchase_price=int(c[5] * 0.85),
                        body_type=c[2],
                        retail_price=c[5],
                    )
                    for a, c in zip(appraisals, cars, strict=True)
                ]
            ).returning(StockUnit.id)
            listings = []
            for u, c in zip(units, cars, strict=True):
                template = rng.choice(templates)
                make, model, body, year, mileage, price, fuel, gearbox = c
                status = rng.choice(STATUSES)
                card = {
                    **template["card"],
                    "title": f"{make} {model}",
                    "year": year,
                    "mileage_km": mileage,
                    "price": price,
                    "status": status,
                }
                page = {
                    **copy.deepcopy(template["page"]),
                    **card,
                    "make": make,
                    "model": model,
                    "trim": "",
                    "first_registration": f"{year}-06-01",
                    "gearbox": gearbox,
                    "fuel": fuel,
                    "body_type": body,
                }
                listings.append(
                    Listing(
                        unit=u["id"],
                        status=status,
                        slug=slug(year, make, model),
                        make=make,
                        model=model,
                        year=year,
                        mileage_km=mileage,
                        price=price,
                        body_type=body,
                        gearbox=gearbox,
                        fuel=fuel,
                        certified=rng.random() < 0.8,
                        listed_at=datetime.now(UTC) - timedelta(minutes=rng.randint(0, 200000)),
                        card=card,
                        page=page,
                    )
                )
            await Listing.insert(*listings)
        first_id = first_id or units[0]["id"]
    return first_id


async def main(n: int) -> None:
    began = time.perf_counter()
    await fill(n)
    print(f"added {n} listed cars in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000))
