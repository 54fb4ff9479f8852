"""What search engines read: the sitemap of public car pages and robots.txt."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote
from urllib.robotparser import RobotFileParser
from xml.etree import ElementTree

from db.stock.tables import Listing
from tests.public.test_stock_list import FLEET, add_car

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "http://testserver.local"


def _urls(response) -> list:
    return ElementTree.fromstring(response.content).findall("sm:url", NS)  # noqa: S314 - ours


async def test_the_sitemap_lists_every_public_car_page(client, sql_log):
    units = {key: await add_car(car, n) for n, (key, car) in enumerate(FLEET.items())}
    sql_log.clear()
    response = await client.get("/sitemap.xml")
    assert len(sql_log) == 1
    assert response.headers["content-type"].startswith("application/xml")
    urls = {
        u.findtext("sm:loc", namespaces=NS): u.findtext("sm:lastmod", namespaces=NS)
        for u in _urls(response)
    }
    listings = {
        row["unit"]: row
        for row in await Listing.select(Listing.unit, Listing.slug, Listing.updated_at)
    }
    # sold pages stay live (and listed); paused and never-listed cars have no public page
    public = [k for k, car in FLEET.items() if car.end not in ("paused", "reconditioning")]
    expected = {
        f"{BASE}/stock/{units[k]}/{quote(listings[units[k]]['slug'])}": listings[units[k]][
            "updated_at"
        ]
        for k in public
    }
    assert set(urls) == {f"{BASE}/stock", *expected}
    for loc, updated in expected.items():
        assert datetime.fromisoformat(urls[loc]) == updated.replace(microsecond=0)
    assert "/stock/{}/".format(units["bmw"]) in " ".join(urls)  # the sold BMW
    assert datetime.fromisoformat(urls[f"{BASE}/stock"]) <= datetime.now(UTC)
    slug = listings[units["camry"]]["slug"]
    assert slug == "2021-丰田-凯美瑞"


async def test_an_empty_sitemap_still_has_the_list(client):
    response = await client.get("/sitemap.xml")
    locs = [u.findtext("sm:loc", namespaces=NS) for u in _urls(response)]
    assert locs == [f"{BASE}/stock"]


async def test_robots_lets_crawlers_see_cars_and_photos_but_not_staff_screens(client):
    response = await client.get("/robots.txt")
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    robots = RobotFileParser()
    robots.parse(lines)
    public = ("/stock", "/stock?make=丰田", "/stock/12/2021-camry", "/media/photos/ab/x.webp")
    for allowed in public:
        assert robots.can_fetch("Baiduspider", BASE + allowed), allowed
    for private in (
        "/login",
        "/me",
        "/inventory/3",
        "/appraisals/1",
        "/leads",
        "/manager/pricing",
        "/sheet/abcdef",
    ):
        assert not robots.can_fetch("Baiduspider", BASE + private), private
