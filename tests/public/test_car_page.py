"""The public car page: canonical URL, 404s, paused and sold cars, what it shows and never
shows, JSON-LD a search engine can read, the Open Graph preview, and its query budget."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import re
from dataclasses import replace
from datetime import date
from urllib.parse import quote, urlsplit

import extruct
from PIL import Image

from db.appraisals import condition_queries, photo_queries
from db.appraisals import queries as appraisal_queries
from db.leads.tables import Enquiry
from db.settings import settings
from db.staff.rules import Role
from db.stock import queries as stock_queries
from db.stock.listing import publish
from db.stock.tables import CertificationResult, ListingPhoto, ReconTask, StockUnit
from media.photos import ingest
from media.previews import BRAND_BLUE
from media.storage import storage
from tests.conftest import html, make_staff, sign_in
from web.i18n import SUPPORTED, translations

EN = {"Accept-Language": "en"}
_serial = itertools.count(1)

# Private things a car carries inside the dealership; none may reach a public page.
PLATE = "粤B7Q2K9"
OWNER_NAME = "欧阳秘密"
OWNER_PHONE = "13911112222"
PURCHASE_PRICE = 123457
RECON_COST = 4321
FULL_VIN = "LVGBE40K8MG158342"
MARK_NOTE = "内部备注-划痕可抛光"
CHECK_NOTE = "内部备注-空调异响"
CERT_NOTE = "内部备注-认证说明"
POINT_NOTE = "内部备注-检测点说明"
RECON_LABEL = "内部备注-整备项目"
COMPARABLES = "内部备注-同城比价"


def en(msgid: str) -> str:
    return translations(SUPPORTED["en"]).gettext(msgid)


def jpeg(colour: tuple[int, int, int], size: tuple[int, int] = (1600, 1200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=80)
    return out.getvalue()


async def listed_car(
    *,
    make: str = "丰田",
    model: str = "凯美瑞",
    trim: str = "2.0G 豪华版",
    price: int = 139800,
    body_type: str = "sedan",
    photos: int = 2,
    state: str = "listed",
    accident: bool = False,
    mileage_km: int = 46213,
) -> int:
    """A car bought, marked, inspected and listed through the app's own queries."""
    n = next(_serial)
    staff = await make_staff(f"appraiser{n}", {Role.APPRAISER})
    appraisal = await appraisal_queries.start_appraisal(staff)
    await appraisal_queries.update_fields(
        appraisal,
        {
            "vin": FULL_VIN,
            "plate": PLATE,
            "make": make,
            "model": model,
            "trim": trim,
            "first_registration": date(2021, 4, 18),
            "mileage_km": mileage_km,
            "colour": "珍珠白",
            "gearbox": "automatic",
            "fuel": "petrol",
            "previous_owners": 1,
            "owner_name": OWNER_NAME,
            "owner_phone": OWNER_PHONE,
            "tread_front_left": 5.2,
            "tread_rear_right": 2.4,
            "accident": accident,
            "accident_note": "右前翼子板钣金修复，已更换大灯" if accident else "",
            "forecast_retail": price,
            "agreed_price": PURCHASE_PRICE,
            "comparables": COMPARABLES,
        },
        staff,
    )
    close_up = ingest(jpeg((200, 40 + n % 200, 40)), storage())
    photo, _ = await photo_queries.add_photo(appraisal, f"dmg-{n}", "damage", close_up, staff)
    await condition_queries.add_mark(
        appraisal, "rear_bumper", "scratch", 2, MARK_NOTE, photo["id"], staff
    )
    await condition_queries.set_check(appraisal, "electrics", "air_con", False, CHECK_NOTE, staff)
    await appraisal_queries.close(
        appraisal, "acquired", staff, purchase_price=PURCHASE_PRICE, recon_estimate=1500
    )
    unit = (await StockUnit.select(StockUnit.id).where(StockUnit.appraisal == appraisal).first())[
        "id"
    ]
    await StockUnit.update({StockUnit.body_type: body_type, StockUnit.retail_price: price}).where(
        StockUnit.id == unit
    )
    await ReconTask.insert(
        ReconTask(unit=unit, kind="exterior", label=RECON_LABEL, cost=RECON_COST, created_by=staff)
    )
    await CertificationResult.insert(
        CertificationResult(
            unit=unit,
            passed=True,
            points=[
                {"label": "No flood or fire traces", "passed": True, "note": POINT_NOTE},
                {"label": "Tyres above 3 mm and evenly worn", "passed": False, "note": ""},
            ],
            note=CERT_NOTE,
            inspector=staff,
        )
    )
    await stock_queries.move(unit, "certification", staff)
    await stock_queries.move(unit, "listed", staff)
    for i in range(photos):
        processed = ingest(jpeg((30 + 40 * i, 90, (n * 37) % 255)), storage())
        await ListingPhoto.insert(
            ListingPhoto(
                unit=unit,
                client_id=f"lp-{n}-{i}",
                source_hash=processed.source_hash,
                width=processed.width,
                height=processed.height,
                variants=processed.variants,
                placeholder=processed.placeholder,
                position=i,
            )
        )
    await publish(unit)
    path = {"reserved": ["reserved"], "sold": ["sold"], "paused": ["reconditioning"]}
    for step in path.get(state, []):
        await stock_queries.move(unit, step, staff)
    return unit


async def canonical(client, unit: int) -> str:
    response = await client.get(f"/stock/{unit}")
    assert response.status_code == 301
    return response.headers["location"]


async def test_the_id_alone_or_a_wrong_slug_redirects_to_the_canonical_address(client):
    unit = await listed_car()
    slug = "2021-丰田-凯美瑞"
    assert await canonical(client, unit) == f"/stock/{unit}/{quote(slug)}"
    wrong = await client.get(f"/stock/{unit}/2020-old-name?utm_source=wechat")
    assert wrong.status_code == 301
    assert wrong.headers["location"] == f"/stock/{unit}/{quote(slug)}?utm_source=wechat"
    page = await client.get(f"/stock/{unit}/{quote(slug)}")
    assert page.status_code == 200
    doc = html(page)
    assert doc.select_one("link[rel=canonical]")["href"] == (
        f"http://testserver.local/stock/{unit}/{quote(slug)}"
    )
    assert doc.select_one("h1").get_text(strip=True) == "丰田 凯美瑞 2.0G 豪华版"


async def test_unknown_and_never_listed_cars_are_a_translated_404(client):
    unknown = await client.get("/stock/999999", headers=EN)
    assert unknown.status_code == 404
    assert html(unknown).select_one(".error-card h1").get_text(strip=True) == en("Page not found")
    assert (await client.get("/stock/99999999999999999999")).status_code == 404
    assert (await client.get("/stock/abc")).status_code == 404
    # a car in stock that was never listed has no public copy
    n = next(_serial)
    staff = await make_staff(f"never{n}", {Role.APPRAISER})
    appraisal = await appraisal_queries.start_appraisal(staff)
    await appraisal_queries.update_fields(appraisal, {"make": "本田", "model": "雅阁"}, staff)
    await appraisal_queries.close(appraisal, "acquired", staff, purchase_price=90000)
    hidden = (await StockUnit.select(StockUnit.id).where(StockUnit.appraisal == appraisal).first())[
        "id"
    ]
    response = await client.get(f"/stock/{hidden}/x", headers=EN)
    assert response.status_code == 404
    assert html(response).select_one(".error-card h1").get_text(strip=True) == en("Page not found")
    assert "本田" not in response.text
    assert (await client.get(f"/stock/{hidden}/preview.jpg")).status_code == 404
    # staff signed in are offered their own view of it
    await make_staff("zhang.ting", {Role.CONSULTANT})
    await sign_in(client, "zhang.ting")
    staff_view = await client.get(f"/stock/{hidden}")
    assert staff_view.status_code == 404
    assert html(staff_view).select_one(f".error-card a[href='/inventory/{hidden}']") is not None
    assert (await client.get("/stock/999999")).status_code == 404


async def test_a_paused_car_says_it_is_not_on_sale_and_offers_similar_cars(client):
    unit = await listed_car(state="paused")
    other = await listed_car(model="卡罗拉", price=99800)
    doc = html(await client.get(await canonical(client, unit), headers=EN))
    assert doc.select_one(".car-status").get_text(strip=True) == en(
        "This car is not on sale right now. Similar cars still for sale are below."
    )
    assert doc.select_one("#enquiry") is None
    links = [a["href"] for a in doc.select(".similar a.car-card, .similar a.similar-car")]
    assert links == [f"/stock/{other}/{quote('2021-丰田-卡罗拉')}"]


async def test_a_sold_car_keeps_its_page_with_four_similar_cars_nearest_in_price(client):
    sold = await listed_car(make="大众", model="帕萨特", price=150000, state="sold")
    near = [
        await listed_car(make="大众", model="迈腾", price=152000),  # same make
        await listed_car(make="本田", model="雅阁", price=149000),  # same body type
        await listed_car(make="大众", model="途观", price=160000, body_type="suv"),
        await listed_car(make="别克", model="君威", price=141000),
    ]
    far = await listed_car(make="大众", model="辉腾", price=400000)
    await listed_car(make="宝马", model="X3", price=151000, body_type="suv")  # neither
    await listed_car(make="大众", model="朗逸", price=150500, state="reserved")  # not for sale
    response = await client.get(await canonical(client, sold), headers=EN)
    assert response.status_code == 200
    doc = html(response)
    assert doc.select_one(".status-mark").get_text(strip=True) == en("Sold")
    assert doc.select_one("#enquiry") is None
    links = [
        a["href"].split("/")[2] for a in doc.select(".similar a.car-card, .similar a.similar-car")
    ]
    assert links == [str(u) for u in (near[1], near[0], near[3], near[2])]
    assert str(far) not in links


async def test_with_nothing_alike_the_nearest_priced_cars_are_offered(client):
    sold = await listed_car(make="大众", model="帕萨特", price=150000, state="sold")
    other = await listed_car(make="宝马", model="X3", price=251000, body_type="suv")
    doc = html(await client.get(await canonical(client, sold)))
    links = [
        a["href"].split("/")[2] for a in doc.select(".similar a.car-card, .similar a.similar-car")
    ]
    assert links == [str(other)]


async def test_the_page_shows_the_facts_certification_and_condition_report(client):
    unit = await listed_car(accident=True)
    response = await client.get(await canonical(client, unit), headers=EN)
    doc = html(response)
    facts = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in doc.select(".card dl.facts dt")
    }
    assert facts[en("Mileage")] == "46,213 km"
    assert facts[en("Gearbox")] == en("Automatic")
    assert facts[en("Body type")] == en("Sedan")
    assert facts[en("VIN")] == "LVG••••••••••8342"
    assert facts[en("Front left tyre")] == "5.2 mm"
    assert doc.select_one(".car-price").get_text(strip=True) == "¥139,800"
    assert "Accident" in doc.select_one(".car-disclosed").get_text()
    assert "右前翼子板钣金修复" in doc.select_one(".car-disclosed").get_text()
    points = [li.get_text(" ", strip=True) for li in doc.select(".cert-points li")]
    assert points[0].startswith("✓ " + en("No flood or fire traces"))
    assert points[1].startswith("✗ " + en("Tyres above 3 mm and evenly worn"))
    assert doc.select_one(".grade-letter").get_text(strip=True) == "C"  # an accident caps it
    marked = doc.select_one(".car-map .panel-rear_bumper")
    assert "sev-2" in marked["class"]
    mark = doc.select_one(".marks .mark")
    assert mark.get_text(" ", strip=True).startswith(
        f"{en('Rear bumper')} · {en('Scratch')} · {en('Moderate')}"
    )
    assert mark.select_one("img.photo-img") is not None  # the close-up
    assert [li.get_text(strip=True) for li in doc.select(".issues li")] == [
        en("Air conditioning and heating")
    ]
    tel = doc.select_one(".dealer a[href^='tel:']")
    assert tel["href"] == "tel:075586271234"
    # the gallery: the first photo alone loads eagerly; every image has its size set
    gallery = doc.select(".gallery img.photo-img")
    assert len(gallery) == 2
    assert "loading" not in gallery[0].attrs and gallery[1]["loading"] == "lazy"
    assert all(img.get("width") and img.get("height") for img in doc.select("img.photo-img"))
    assert doc.select(".gallery source[srcset]")[0]["srcset"].count("w,") == 2


async def test_a_car_without_photos_says_so(client):
    unit = await listed_car(photos=0)
    doc = html(await client.get(await canonical(client, unit), headers=EN))
    assert doc.select_one(".gallery-none").get_text(strip=True) == en("Photos coming soon")


async def test_nothing_private_reaches_the_public_page(client):
    unit = await listed_car()
    url = await canonical(client, unit)
    for headers in ({}, EN):
        response = await client.get(url, headers=headers)
        assert html(response).select_one("input[name=_csrf_token]") is None
        # content-hash file names and placeholders are random digits
        text = re.sub(r"/media/[\w/.-]+|data:[^\"]+", "", response.text)
        for secret in (
            PLATE,
            OWNER_NAME,
            OWNER_PHONE,
            FULL_VIN,
            MARK_NOTE,
            CHECK_NOTE,
            CERT_NOTE,
            POINT_NOTE,
            RECON_LABEL,
            COMPARABLES,
            "123457",
            "123,457",
            "12.3457",
            "4321",
            "4,321",
        ):
            assert secret not in text, secret


async def test_json_ld_is_a_schema_org_car_with_an_offer(client):
    unit = await listed_car()
    url = await canonical(client, unit)
    response = await client.get(url, headers=EN)
    data = extruct.extract(
        response.text, base_url="http://testserver.local", syntaxes=["json-ld"], uniform=True
    )["json-ld"]
    assert len(data) == 1
    car = data[0]
    assert car["@type"] == "Car"
    assert car["name"] == "丰田 凯美瑞 2.0G 豪华版"
    assert car["brand"] == {"@type": "Brand", "name": "丰田"}
    assert car["model"] == "凯美瑞"
    assert "vehicleIdentificationNumber" not in car  # the VIN is masked on this dealership
    assert car["mileageFromOdometer"] == {
        "@type": "QuantitativeValue",
        "value": 46213,
        "unitCode": "KMT",
    }
    assert car["vehicleModelDate"] == "2021"
    assert car["fuelType"] == en("Petrol")
    assert car["vehicleTransmission"] == en("Automatic")
    assert car["color"] == "珍珠白"
    assert car["itemCondition"] == "https://schema.org/UsedCondition"
    assert len(car["image"]) == 2
    assert all(i.startswith("http://testserver.local/media/") for i in car["image"])
    offer = car["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == 139800
    assert offer["priceCurrency"] == "CNY"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["url"] == "http://testserver.local" + url
    for image in car["image"]:
        assert (await client.get(urlsplit(image).path)).status_code == 200


async def test_json_ld_availability_follows_the_car(client):
    for state, availability in (("reserved", "LimitedAvailability"), ("sold", "SoldOut")):
        unit = await listed_car(state=state)
        text = (await client.get(await canonical(client, unit))).text
        [car] = extruct.extract(text, syntaxes=["json-ld"], uniform=True)["json-ld"]
        assert car["offers"]["availability"] == f"https://schema.org/{availability}"


async def test_a_public_vin_is_given_in_full_to_search_engines(client, monkeypatch):
    full = replace(settings(), vin_public="full")
    monkeypatch.setattr("db.stock.listing.settings", lambda: full)
    unit = await listed_car()
    text = (await client.get(await canonical(client, unit))).text
    [car] = extruct.extract(text, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert car["vehicleIdentificationNumber"] == FULL_VIN


async def test_open_graph_and_twitter_cards_point_at_a_1200_by_630_jpeg(client):
    unit = await listed_car()
    doc = html(await client.get(await canonical(client, unit)))

    def meta(key: str) -> str:
        tag = doc.select_one(f"meta[property='{key}']") or doc.select_one(f"meta[name='{key}']")
        return tag["content"]

    assert meta("og:title") == "丰田 凯美瑞 2.0G 豪华版"
    assert meta("og:url") == doc.select_one("link[rel=canonical]")["href"]
    assert meta("og:type") == "product"
    assert meta("twitter:card") == "summary_large_image"
    assert meta("og:description")
    image_url = meta("og:image")
    assert meta("twitter:image") == image_url
    image = await client.get(urlsplit(image_url).path + "?" + urlsplit(image_url).query)
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/jpeg"
    assert "immutable" in image.headers["cache-control"]
    picture = Image.open(io.BytesIO(image.content))
    picture.load()
    assert (picture.format, picture.size) == ("JPEG", (1200, 630))
    # the cover's colour, cropped to fill: not the plain card
    assert picture.getpixel((600, 315))[0] < 60
    # drawn once, kept on disk under the hash of what it shows
    assert list(storage().root.glob("previews/*/*.jpg"))
    again = await client.get(f"/stock/{unit}/preview.jpg")
    assert again.content == image.content
    assert "immutable" not in again.headers["cache-control"]  # unversioned URL


async def test_a_car_without_photos_gets_the_plain_branded_preview(client):
    unit = await listed_car(photos=0)
    image = await client.get(f"/stock/{unit}/preview.jpg")
    assert image.status_code == 200
    picture = Image.open(io.BytesIO(image.content))
    assert picture.size == (1200, 630)
    corner = picture.convert("RGB").getpixel((5, 5))
    assert all(abs(a - b) <= 4 for a, b in zip(corner, BRAND_BLUE, strict=True)), corner


async def test_a_car_page_costs_at_most_three_queries_and_stays_small(client, sql_log):
    sold = await listed_car(state="sold")
    for i in range(6):
        await listed_car(model=f"车型{i}", price=130000 + i * 1000)
    live = await listed_car(photos=9)
    for unit in (sold, live):
        url = await canonical(client, unit)
        sql_log.clear()
        response = await client.get(url)
        assert response.status_code == 200
        assert len(sql_log) <= 3, sql_log.statements
        assert len(gzip.compress(response.content)) < 30 * 1024
    await make_staff("zhang.ting", {Role.CONSULTANT})
    await sign_in(client, "zhang.ting")
    url = await canonical(client, sold)
    sql_log.clear()
    await client.get(url)
    # the session, the car, similar cars, the dealership's profile (a manager's to change)
    assert len(sql_log) <= 4, sql_log.statements
    assert await Enquiry.count() == 0


async def test_json_ld_cannot_be_broken_out_of(client):
    from web.public.car import structured_data

    car = {
        "unit": 1,
        "slug": "x",
        "page": {
            "title": "</script><script>alert(1)</script>",
            "make": "a&b",
            "status": "available",
            "price": 1,
            "photos": [],
            "cover": None,
        },
    }
    text = structured_data(car, "http://x")
    assert "</" not in text and "<" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script>"
