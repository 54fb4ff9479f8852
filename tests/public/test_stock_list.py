"""The public stock list: filters in the URL, sorting, pages without JavaScript, the htmx
block, bad input, the query budget, privacy and page weight.

Cars are built through the real path (an acquired appraisal, certification, a price, the
move to "listed", which publishes the Listing): the list then reads exactly what publish()
writes, and a change in either side breaks these tests. Forty cars this way take a second or
two, so no shortcut factory is needed. Listing photos are inserted as rows (variants and a
real blurred placeholder), the state an upload leaves, without encoding 40 photos.
"""

from __future__ import annotations

import gzip
import random
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from db.appraisals import queries as appraisal_queries
from db.staff.rules import Role
from db.stock import queries as stock_queries
from db.stock.listing import publish
from db.stock.tables import Listing, ListingPhoto, StockUnit
from media.photos import _placeholder
from tests.conftest import html, make_staff

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}
EN = {"Accept-Language": "en"}
STATIC = Path(__file__).resolve().parents[2] / "web" / "static"


@dataclass
class Car:
    make: str
    model: str
    year: int
    km: int
    price: int  # yuan
    body: str = "sedan"
    gearbox: str = "automatic"
    fuel: str = "petrol"
    end: str = "listed"  # listed | reserved | sold | paused | reconditioning | uncertified
    days_ago: int = 1
    photo: bool = True


async def make_staff_once() -> int:
    from db.staff.tables import Staff

    row = await Staff.select(Staff.id).where(Staff.username == "fleet").first()
    if row:
        return row["id"]
    return await make_staff("fleet", {Role.APPRAISER, Role.MANAGER}, display_name="车队")


def _cover(seed: int) -> dict:
    """A listing photo row's fields, with a real placeholder of a distinct picture."""
    rng = random.Random(seed)  # noqa: S311 - test pixels
    picture = Image.new("RGB", (64, 48))
    picture.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(64 * 48)])
    stem = f"photos/{seed:02x}/{seed:032x}"
    return {
        "variants": {
            "phone": f"{stem}-phone.webp",
            "share": f"{stem}-share.webp",
            "tablet": f"{stem}-tablet.webp",
            "jpeg": f"{stem}-jpeg.jpg",
        },
        "placeholder": _placeholder(picture),
        "width": 1440,
        "height": 1080,
    }


async def add_car(car: Car, n: int = 0) -> int:
    """A car along the real path to where `car.end` says; returns its stock unit id."""
    actor = await make_staff_once()
    appraisal = await appraisal_queries.start_appraisal(actor)
    await appraisal_queries.update_fields(
        appraisal,
        {
            "make": car.make,
            "model": car.model,
            "first_registration": date(car.year, 6, 1),
            "mileage_km": car.km,
            "gearbox": car.gearbox,
            "fuel": car.fuel,
            "colour": "白色",
            "vin": f"LSVAB2BM{n:09d}",
            "plate": "粤B9Z8Y7",
            "owner_name": "王秘密",
            "owner_phone": "13912345678",
        },
        actor,
    )
    await appraisal_queries.close(
        appraisal, "acquired", actor, purchase_price=43_217, recon_estimate=0
    )
    unit = (await StockUnit.select(StockUnit.id).where(StockUnit.appraisal == appraisal).first())[
        "id"
    ]
    await StockUnit.update(
        {StockUnit.body_type: car.body, StockUnit.retail_price: car.price}
    ).where(StockUnit.id == unit)
    if car.photo:
        photo = ListingPhoto(unit=unit, client_id=f"c-{unit}", source_hash="x", **_cover(n))
        await ListingPhoto.insert(photo)
    if car.end == "reconditioning":
        return unit
    await stock_queries.move(unit, "certification", actor)
    await stock_queries.certify(unit, True, "", actor)
    await stock_queries.move(unit, "listed", actor)
    if car.end == "reserved":
        await stock_queries.move(unit, "reserved", actor)
    elif car.end == "sold":
        await stock_queries.move(unit, "sold", actor)
    elif car.end == "paused":
        await stock_queries.move(unit, "reconditioning", actor)
    elif car.end == "uncertified":  # a re-inspection after listing found a problem
        await stock_queries.certify(unit, False, "", actor)
    await Listing.update(
        {Listing.listed_at: datetime.now(UTC) - timedelta(days=car.days_ago)}
    ).where(Listing.unit == unit)
    return unit


FLEET = {
    "camry": Car("丰田", "凯美瑞", 2021, 45_000, 158_000, days_ago=3),
    "corolla": Car("丰田", "卡罗拉", 2019, 82_000, 79_000, "sedan", "cvt", "hybrid", days_ago=8),
    "crv": Car("本田", "CR-V", 2020, 61_000, 149_000, "suv", "cvt", "hybrid", days_ago=5),
    "han": Car("比亚迪", "汉", 2022, 20_000, 165_000, fuel="electric", days_ago=1),
    "song": Car("比亚迪", "宋PLUS", 2022, 31_000, 118_000, "suv", fuel="plugin", days_ago=2),
    "lavida": Car(
        "大众", "朗逸", 2017, 120_000, 52_000, gearbox="manual", end="uncertified", days_ago=12
    ),
    "pickup": Car("长城", "炮", 2020, 98_000, 98_000, "pickup", "manual", "diesel", days_ago=6),
    "magotan": Car("大众", "迈腾", 2016, 99_000, 85_000, gearbox="dct", end="reserved", days_ago=9),
    # never in the list
    "bmw": Car("宝马", "3系", 2019, 70_000, 199_000, end="sold"),
    "audi": Car("奥迪", "A4L", 2018, 80_000, 139_000, end="paused"),
    "benz": Car("奔驰", "C级", 2019, 60_000, 209_000, end="reconditioning"),
}
LISTED = {"camry", "corolla", "crv", "han", "song", "lavida", "pickup", "magotan"}


@pytest.fixture
async def fleet(client) -> dict[str, int]:
    return {key: await add_car(car, n) for n, (key, car) in enumerate(FLEET.items())}


def cards(response) -> list[str]:
    """Titles of the cars on the page, in order."""
    return [t.get_text(strip=True) for t in html(response).select("#car-grid .car-card-title")]


def titles(fleet_keys) -> set[str]:
    return {f"{FLEET[k].make} {FLEET[k].model}" for k in fleet_keys}


async def test_only_listed_cars_appear_reserved_marked(client, fleet):
    response = await client.get("/stock", headers=EN)
    assert response.status_code == 200
    assert set(cards(response)) == titles(LISTED)
    page = html(response)
    assert page.select_one(".car-count").get_text(strip=True) == "8 cars"
    reserved = [a for a in page.select("a.car-card") if a.select_one(".car-mark")]
    assert [a.select_one(".car-card-title").get_text(strip=True) for a in reserved] == ["大众 迈腾"]
    assert reserved[0].select_one(".car-mark").get_text(strip=True) == "Reserved"
    link = page.select_one("a.car-card")["href"]
    assert re.fullmatch(r"/stock/\d+/[^/]+", link)
    assert link.startswith(f"/stock/{fleet['han']}/")  # newest listed first


async def test_a_card_shows_year_mileage_city_price_and_badge(client, fleet):
    page = html(await client.get("/stock?make=比亚迪&model=汉", headers=EN))
    card = page.select_one("a.car-card")
    assert card.select_one(".car-card-facts").get_text(strip=True) == "2022 · 20,000 km · 深圳"
    assert card.select_one(".car-card-price").get_text(strip=True) == "¥165,000"
    assert card.select_one(".badge").get_text(strip=True) == "Certified"
    zh = html(await client.get("/stock?make=比亚迪&model=汉"))
    assert zh.select_one(".car-card-price").get_text(strip=True) == "¥16.5万"
    uncertified = html(await client.get("/stock?model=朗逸", headers=EN))
    assert uncertified.select_one("a.car-card .badge") is None


FILTER_CASES = [
    ("make=丰田", {"camry", "corolla"}),
    ("make=丰田&model=卡罗拉", {"corolla"}),
    ("model=CR-V", {"crv"}),  # a model alone
    ("price_min=10&price_max=15", {"crv", "song"}),
    ("price_min=15.8", {"camry", "han"}),
    ("price_max=8.5", {"corolla", "lavida", "magotan"}),
    ("price_min=15&price_max=10", {"crv", "song"}),  # swapped
    ("price_max=85000", {"corolla", "lavida", "magotan"}),  # typed in yuan
    ("year_min=2021", {"camry", "han", "song"}),
    ("year_max=2017", {"lavida", "magotan"}),
    ("year_min=2020&year_max=2019", {"corolla", "crv", "pickup"}),  # swapped
    ("mileage_max=5", {"camry", "han", "song"}),
    ("mileage_max=3.1", {"han", "song"}),
    ("body=suv", {"crv", "song"}),
    ("body=pickup", {"pickup"}),
    ("gearbox=manual", {"lavida", "pickup"}),
    ("gearbox=automatic", LISTED - {"lavida", "pickup"}),  # dct and cvt are automatic
    ("fuel=new_energy", {"han", "song"}),
    ("fuel=hybrid", {"corolla", "crv"}),
    ("fuel=diesel", {"pickup"}),
    ("certified=1", LISTED - {"lavida"}),
    ("make=大众&gearbox=automatic", {"magotan"}),
    ("body=sedan&fuel=petrol&price_max=10&certified=on", {"magotan"}),
    ("make=丰田&year_min=2020&sort=price_asc", {"camry"}),
]


async def test_each_filter_narrows_the_list(client, fleet):
    for query, expected in FILTER_CASES:
        response = await client.get(f"/stock?{query}", headers=EN)
        assert response.status_code == 200, query
        assert set(cards(response)) == titles(expected), query
        count = html(response).select_one(".car-count").get_text(strip=True)
        assert count.startswith(f"{len(expected)} car"), query


async def test_the_form_shows_the_search_it_ran(client, fleet):
    query = "make=丰田&price_min=７万&price_max=20&fuel=hybrid"  # a full-width 7 and a 万
    page = html(await client.get(f"/stock?{query}", headers=EN))
    assert page.select_one("#f-make option[selected]")["value"] == "丰田"
    assert [o["value"] for o in page.select("#f-model option")] == ["", "凯美瑞", "卡罗拉"]
    assert page.select_one("#f-price-min")["value"] == "7"
    assert page.select_one("#f-price-max")["value"] == "20"
    assert page.select_one("#f-fuel option[selected]")["value"] == "hybrid"
    assert page.select_one("details.sf-more").has_attr("open")
    assert page.select_one(".car-list-head a")["href"] == "/stock"  # clear filters
    canonical = page.select_one("link[rel=canonical]")["href"]
    assert canonical == (
        "http://testserver.local/stock?make=%E4%B8%B0%E7%94%B0&price_min=7&price_max=20&fuel=hybrid"
    )
    assert page.select_one("meta[name=description]")["content"]
    assert page.select_one("title").get_text().startswith("丰田 · Certified used cars")


async def test_a_make_nobody_sells_now_is_dropped_with_a_word(client, fleet):
    page = html(await client.get("/stock?make=宝马", headers=EN))  # the BMW was sold
    assert set(cards_from(page)) == titles(LISTED)
    assert "宝马" in page.select_one(".notice").get_text()
    assert page.select_one("#f-make option[selected]") is None
    page = html(await client.get("/stock?make=丰田&model=CR-V", headers=EN))
    assert set(cards_from(page)) == titles({"camry", "corolla"})


def cards_from(page) -> list[str]:
    return [t.get_text(strip=True) for t in page.select("#car-grid .car-card-title")]


SORT_CASES = [
    ("", ["han", "song", "camry", "crv", "pickup", "corolla", "magotan", "lavida"]),
    ("newest", ["han", "song", "camry", "crv", "pickup", "corolla", "magotan", "lavida"]),
    ("price_asc", ["lavida", "corolla", "magotan", "pickup", "song", "crv", "camry", "han"]),
    ("price_desc", ["han", "camry", "crv", "song", "pickup", "magotan", "corolla", "lavida"]),
    ("mileage_asc", ["han", "song", "camry", "crv", "corolla", "pickup", "magotan", "lavida"]),
    ("year_desc", ["han", "song", "camry", "crv", "pickup", "corolla", "lavida", "magotan"]),
]


async def test_sort_orders(client, fleet):
    for sort, order in SORT_CASES:
        response = await client.get(f"/stock?sort={sort}", headers=EN)
        assert cards(response) == [f"{FLEET[k].make} {FLEET[k].model}" for k in order], sort


async def test_pages_work_without_javascript(client):
    for n in range(26):
        await add_car(Car("丰田", f"车{n:02d}", 2020, 10_000, 100_000 + 1_000 * n), n)
    first = html(await client.get("/stock?sort=price_asc", headers=EN))
    more = first.select_one("#more a")
    assert more["href"] == "/stock?sort=price_asc&page=2"
    # htmx appends the next page's items in place of this one; the link alone works without
    assert more["hx-get"] == more["href"] and more["hx-select"] == "#car-grid > li"
    assert more["hx-target"] == "#more" and more["hx-push-url"] == "false"
    second = html(await client.get(more["href"], headers=EN))
    assert second.select_one("#more") is None
    assert second.select_one(".pager a")["href"] == "/stock?sort=price_asc"
    assert second.select_one(".car-count").get_text(strip=True) == "Cars 25–26 of 26"
    seen = cards_from(first) + cards_from(second)
    assert seen == [f"丰田 车{n:02d}" for n in range(26)]
    # appended below the first page by htmx, so every photo of a later page waits its turn
    assert all(img["loading"] == "lazy" for img in second.select("#car-grid img.photo-img"))
    past = html(await client.get("/stock?page=9", headers=EN))
    assert past.select_one(".empty a")["href"] == "/stock"
    assert (await client.get("/stock?page=1000")).status_code == 200


async def test_only_the_first_photo_is_eager(client, fleet):
    page = html(await client.get("/stock"))
    images = page.select("#car-grid img.photo-img")
    assert len(images) == len(LISTED)
    assert not images[0].has_attr("loading")
    assert all(img["loading"] == "lazy" for img in images[1:])
    assert all(img["width"] and img["height"] for img in images)
    second = html(await client.get("/stock?page=2"))
    assert second.select("#car-grid img.photo-img") == []  # 8 cars: page 2 is past the end


async def test_htmx_gets_the_search_block_and_a_tidy_address(client, fleet):
    response = await client.get(
        "/stock?make=丰田&model=&price_min=&price_max=&year_min=&sort=newest", headers=PARTIAL
    )
    assert response.status_code == 200
    assert "<html" not in response.text and "<h1" not in response.text
    page = html(response)
    roots = [el for el in page.children if getattr(el, "name", None)]
    assert [r.get("id") for r in roots] == ["stock-search"]
    assert set(cards_from(page)) == titles({"camry", "corolla"})
    assert response.headers["hx-push-url"] == "/stock?make=%E4%B8%B0%E7%94%B0"
    assert "HX-Request" in response.headers["vary"]
    full = await client.get("/stock?make=丰田")
    assert "hx-push-url" not in full.headers and html(full).select_one("h1")
    form = html(full).select_one("form#stock-filters")
    assert form["method"] == "get" and form["action"] == "/stock"
    assert form["hx-get"] == "/stock" and form["hx-target"] == "#stock-search"
    assert form["hx-push-url"] == "true"


JUNK = [
    "price_min=abc",
    "price_min=-5&price_max=-1",
    "price_max=1e400",
    "price_min=NaN",
    "price_min=Infinity",
    "price_min=12.5.3",
    "price_max=" + "9" * 400,
    "year_min=1800&year_max=99999",
    "year_min=二〇二〇",
    "year_max=%00",
    "mileage_max=-3",
    "mileage_max=%F0%9F%9A%97",
    "page=-1",
    "page=0",
    "page=abc",
    "page=99999999999999999999999",
    "page=1.5",
    "sort=drop table",
    "sort=price_asc;--",
    "body=tank",
    "gearbox=%27%20OR%201=1",
    "fuel=coal",
    "certified=maybe",
    "make=" + "x" * 5000,
    "make=%27%3B%20DROP%20TABLE%20listing%3B--",
    "model=%3Cscript%3Ealert(1)%3C/script%3E",
    "make=&model=&price_min=&price_max=&year_min=&year_max=&mileage_max=&body=&gearbox=&fuel=",
    "make=丰田&make=本田",
    "price_min[]=1",
    "unknown=1&another=",
    "%ff%fe=%ff",
]


async def test_bad_filter_values_never_fail(client, fleet):
    for query in JUNK:
        for headers in ({}, PARTIAL):
            response = await client.get(f"/stock?{query}", headers=headers)
            assert response.status_code == 200, query
            page = html(response)
            # the cars, or (a page past the end) the way back to the first page
            assert page.select("#car-grid a.car-card") or page.select_one(".empty a"), query
            assert "<script>alert" not in response.text


async def test_the_list_is_three_queries_at_any_size(client, sql_log):
    async def queries_for(url: str) -> int:
        sql_log.clear()
        assert (await client.get(url)).status_code == 200
        return len(sql_log)

    urls = ["/stock", "/stock?make=丰田&sort=price_asc", "/stock?page=2", "/stock?certified=1"]
    for n in range(3):
        await add_car(Car("丰田", f"车{n}", 2020, 10_000 * (n + 1), 100_000 + n), n)
    small = [await queries_for(u) for u in urls]
    for n in range(3, 40):
        make = ["丰田", "本田", "大众"][n % 3]
        await add_car(Car(make, f"车{n}", 2015 + n % 8, 3_000 * n, 60_000 + 997 * n), n)
    large = [await queries_for(u) for u in urls]
    # the dealership's profile (named in the page's head, a manager's to change) is one
    assert max(small + large) <= 4, (small, large)
    # where the count is needed (more than one page, or a later page) it is one more query
    # at both sizes; a first page that holds every car needs no count
    assert small[2] == large[2] == 4 and large[0] == 4, (small, large)
    assert small[0] == 3, small


async def test_no_private_data_reaches_the_page(client, fleet):
    response = await client.get("/stock", headers=EN)
    text = response.text
    for secret in ("粤B9Z8Y7", "王秘密", "13912345678", "43217", "43,217", "4.32万", "LSVAB2BM"):
        assert secret not in text, secret


async def test_first_view_fits_the_phone_budget(client):
    for n in range(30):
        make = ["丰田", "本田", "比亚迪", "大众"][n % 4]
        await add_car(Car(make, f"型号{n}", 2016 + n % 8, 5_000 * n + 800, 50_000 + 3_100 * n), n)
    response = await client.get("/stock")
    assert len(html(response).select("#car-grid a.car-card")) == 24
    assert len(html(response).select("#car-grid img.photo-ph[src^='data:image/webp']")) == 24
    compressed = len(gzip.compress(response.content, compresslevel=6))
    assert compressed < 30 * 1024, f"{compressed} bytes gzip"
    scripts = [s["src"].split("?")[0] for s in html(response).select("script[src]")]
    assert scripts, "the page loads no script?"
    total = 0
    for src in scripts:
        path = STATIC / src.removeprefix("/static/")
        assert path.exists(), f"{path} is missing: run `make setup` (it fetches htmx)"
        total += len(gzip.compress(path.read_bytes(), compresslevel=9))
    assert total < 20 * 1024, f"JavaScript is {total} bytes gzip"


async def test_the_empty_list_says_so_and_filters_empty_offer_a_way_out(client):
    page = html(await client.get("/stock", headers=EN))
    title = page.select_one("#no-cars .empty-title").get_text(strip=True)
    assert title == "No cars listed right now"
    await add_car(Car("丰田", "凯美瑞", 2021, 45_000, 158_000))
    page = html(await client.get("/stock?price_max=3", headers=EN))
    empty = page.select_one(".empty")
    assert empty.select_one(".empty-title").get_text(strip=True) == "No cars match these filters"
    assert empty.select_one("a")["href"] == "/stock"


async def test_a_car_without_photos_still_has_a_tile(client):
    await add_car(Car("丰田", "凯美瑞", 2021, 45_000, 158_000, photo=False))
    page = html(await client.get("/stock"))
    assert page.select_one("a.car-card .car-card-nophoto") is not None


async def test_publish_keeps_the_list_in_step(client):
    unit = await add_car(Car("丰田", "凯美瑞", 2021, 45_000, 158_000))
    await StockUnit.update({StockUnit.retail_price: 149_000}).where(StockUnit.id == unit)
    await publish(unit)
    page = html(await client.get("/stock?price_max=15", headers=EN))
    assert cards_from(page) == ["丰田 凯美瑞"]
