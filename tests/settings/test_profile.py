"""The dealership profile a manager edits: the environment's values until the first save,
versions kept, every change audited old → new, bad input refused beside its field with
nothing saved, and every page that names the dealership showing the profile in force."""

from __future__ import annotations

import io
import json
from urllib.parse import urlsplit

import pytest
from PIL import Image

from db.audit.tables import AuditEvent
from db.dealership.queries import current_profile
from db.dealership.tables import DealershipProfile
from db.settings import settings
from db.staff.rules import Role
from db.stock.tables import Listing
from media.storage import storage
from tests.conftest import csrf_token, html
from tests.public.test_car_page import canonical, listed_car
from tests.stock.helpers import tr

URL = "/manager/settings/profile"
NEW = {
    "name": "鹏程汽车 · 认证二手车",
    "city": "深圳",
    "address": "深圳市龙岗区龙岗大道 88 号",
    "phone": "0755-88889999",
    "hours": "周一至周六 9:00–19:00",
    "wechat_id": "pengcheng_cars",
}


def png(size=(300, 200), colour=(200, 16, 46, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, colour).save(out, "PNG")
    return out.getvalue()


async def post_profile(client, values: dict, logo: bytes | None = None, **extra):
    data = {"_csrf_token": await csrf_token(client), **values, **extra}
    files = {"logo": ("logo.png", logo, "image/png")} if logo is not None else None
    if files:
        return await client.post(URL, data=data, files=files)
    return await client.post(URL, data=data)


def field_value(doc, name: str) -> str:
    return doc.select_one(f"#f-{name}")["value"]


async def test_the_environment_is_in_force_until_a_manager_saves(signed_in):
    client = await signed_in({Role.MANAGER})
    profile = await current_profile()
    assert (profile.name, profile.phone, profile.version) == (
        settings().dealership_name,
        settings().dealership_phone,
        0,
    )
    doc = html(await client.get(URL))
    assert field_value(doc, "name") == settings().dealership_name
    assert field_value(doc, "phone") == settings().dealership_phone
    assert field_value(doc, "wechat_id") == ""


async def test_save_and_read_back_as_a_new_version_with_an_audit_row(signed_in):
    client = await signed_in({Role.MANAGER})
    response = await post_profile(client, NEW)
    assert response.status_code == 303 and response.headers["location"] == URL + "?saved=1"
    profile = await current_profile()
    assert (profile.name, profile.phone, profile.wechat_id) == (
        NEW["name"],
        NEW["phone"],
        NEW["wechat_id"],
    )
    doc = html(await client.get(response.headers["location"]))
    assert doc.select_one("[role=status]")
    assert {k: field_value(doc, k) for k in NEW} == NEW

    await post_profile(client, {**NEW, "phone": "13812345678"})
    assert await DealershipProfile.count() == 2  # a new row per change, the old one kept
    assert (await current_profile()).phone == "13812345678"
    events = (
        await AuditEvent.select()
        .where(AuditEvent.kind == "dealership_profile_changed")
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    assert len(events) == 2
    first, second = (e["detail"]["changes"] for e in events)
    assert first["name"] == [settings().dealership_name, NEW["name"]]
    assert first["phone"] == [settings().dealership_phone, NEW["phone"]]
    assert second == {"phone": [NEW["phone"], "13812345678"]}
    history = doc = html(await client.get(URL)).select(".settings-history li")
    assert len(history) == 2 and "13812345678" in history[0].get_text()


async def test_saving_the_same_values_stores_nothing(signed_in):
    client = await signed_in({Role.MANAGER})
    await post_profile(client, NEW)
    await post_profile(client, NEW)
    assert await DealershipProfile.count() == 1
    assert await AuditEvent.count().where(AuditEvent.kind == "dealership_profile_changed") == 1


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("name", "", "This cannot be empty."),
        (
            "phone",
            "打电话给我们",
            "Enter a phone number with its area code, e.g. 0755-86271234 or 13812345678.",
        ),
        (
            "phone",
            "12345",
            "Enter a phone number with its area code, e.g. 0755-86271234 or 13812345678.",
        ),
        (
            "wechat_id",
            "9lives",
            "A WeChat ID is 6 to 20 letters, digits, _ or -, starting with a letter.",
        ),
    ],
)
async def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(
    signed_in, field, typed, message
):
    client = await signed_in({Role.MANAGER})
    await post_profile(client, NEW)
    response = await post_profile(client, {**NEW, "city": "广州", field: typed})
    assert response.status_code == 422
    doc = html(response)
    assert doc.select_one(f"#f-{field}-error").get_text(strip=True) == tr(message)
    assert doc.select_one(f"#f-{field}")["aria-invalid"] == "true"
    assert field_value(doc, field) == typed  # what was typed stays in the field
    assert field_value(doc, "city") == "广州"  # and the rest of the form too
    kept = doc.select_one(f"#f-{field}").find_next("p", class_="setting-kept").get_text()
    assert NEW[field] in kept  # the value in force is shown beside it
    assert (await current_profile()).city == "深圳"  # the valid change was not saved either
    assert await DealershipProfile.count() == 1


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        (
            b"%PDF-1.4 not a picture",
            "This file is not a picture we can read: use a PNG, JPEG or WebP.",
        ),
        (png()[:60], "This file is not a picture we can read: use a PNG, JPEG or WebP."),
        (b"\x89PNG" + b"0" * (2 * 1024 * 1024), "The logo may be at most {mb} MB."),
    ],
)
async def test_a_logo_that_is_not_an_image_or_too_large_is_refused(signed_in, logo, message):
    client = await signed_in({Role.MANAGER})
    await post_profile(client, NEW, logo=png())
    before = await current_profile()
    response = await post_profile(client, {**NEW, "name": "新名字"}, logo=logo)
    assert response.status_code == 422
    doc = html(response)
    assert doc.select_one("#f-logo-error").get_text(strip=True) == tr(message).format(mb=2)
    assert field_value(doc, "name") == "新名字"
    assert await current_profile() == before  # the old logo and name stay in force
    assert doc.select_one(".logo-now img")  # and the logo in force is shown


async def test_a_logo_is_stored_small_and_can_be_removed(signed_in):
    client = await signed_in({Role.MANAGER})
    assert (await post_profile(client, NEW, logo=png((2000, 1000)))).status_code == 303
    profile = await current_profile()
    with (
        Image.open(storage().path(profile.logo)) as big,
        Image.open(storage().path(profile.logo_small)) as small,
    ):
        assert big.size == (512, 256) and small.size == (128, 64)
        assert big.mode == "RGBA"  # transparency kept for the share card's corner
    index = html(await client.get("/manager/settings"))
    assert index.select_one("#setting-profile img")["src"] == "/media/" + profile.logo_small
    await post_profile(client, NEW, remove_logo="1")
    assert (await current_profile()).logo == ""
    changes = (
        await AuditEvent.select(AuditEvent.detail)
        .where(AuditEvent.kind == "dealership_profile_changed")
        .order_by(AuditEvent.id, ascending=False)
        .first()
        .output(load_json=True)
    )["detail"]["changes"]
    assert changes == {"logo": [profile.logo, ""]}


@pytest.mark.parametrize("roles", [{Role.CONSULTANT}, {Role.APPRAISER}])
async def test_only_a_manager_sees_or_changes_the_settings(signed_in, roles):
    client = await signed_in(roles)
    for url in ("/manager/settings", URL, "/manager/settings/stock"):
        assert (await client.get(url)).status_code == 403, url
    assert (await post_profile(client, NEW)).status_code == 403
    token = await csrf_token(client)
    stock = await client.post(
        "/manager/settings/stock", data={"_csrf_token": token, "aging_days": "10"}
    )
    assert stock.status_code == 403
    assert await DealershipProfile.count() == 0


async def test_the_public_car_page_and_its_share_card_follow_the_profile(client):
    from tests.conftest import make_staff, sign_in

    unit = await listed_car()
    url = await canonical(client, unit)
    before = html(await client.get(url))
    old_image = before.select_one("meta[property='og:image']")["content"]
    assert before.select_one(".dealer h2").get_text(strip=True) == settings().dealership_name

    await make_staff("boss", {Role.MANAGER})
    await sign_in(client, "boss")
    await post_profile(client, {**NEW, "city": "东莞"}, logo=png())
    await client.post("/logout", data={"_csrf_token": await csrf_token(client)})

    doc = html(await client.get(url))
    assert doc.select_one(".bar-public .brand").get_text(strip=True) == NEW["name"]
    assert doc.select_one(".bar-public .brand img")  # the logo beside the name
    assert doc.select_one(".dealer h2").get_text(strip=True) == NEW["name"]
    phones = {a["href"] for a in doc.select("a[href^='tel:']")}
    assert phones == {"tel:075588889999"}
    dealer = {
        dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True)
        for dt in doc.select(".dealer dt")
    }
    assert NEW["wechat_id"] in dealer.values() and NEW["address"] in dealer.values()
    seller = json.loads(doc.select_one("script[type='application/ld+json']").string)["offers"][
        "seller"
    ]
    assert (seller["name"], seller["telephone"]) == (NEW["name"], NEW["phone"])
    assert doc.select_one("meta[property='og:site_name']")["content"] == NEW["name"]
    # a new city reaches the car's public copy (its facts and the cards show it)
    card = (
        await Listing.select(Listing.card)
        .where(Listing.unit == unit)
        .first()
        .output(load_json=True)
    )["card"]
    assert card["city"] == "东莞"
    # the share card says the new name and carries the logo: a new picture, a new address
    new_image = doc.select_one("meta[property='og:image']")["content"]
    assert new_image != old_image
    parts = urlsplit(new_image)
    picture = await client.get(f"{parts.path}?{parts.query}")
    assert picture.status_code == 200 and "immutable" in picture.headers["cache-control"]
    with Image.open(io.BytesIO(picture.content)) as image:
        # the logo's red on the white corner tile, where the app's icon was before
        assert image.convert("RGB").getpixel((24 + 38, 24 + 38))[0] > 150


async def test_the_window_card_and_the_sign_in_page_follow_the_profile(signed_in):
    unit = await listed_car()
    client = await signed_in({Role.MANAGER, Role.CONSULTANT})
    await post_profile(client, NEW)
    card = html(await client.get(f"/inventory/{unit}/window-card")).select_one("#window-card")
    assert card.select_one(".wc-dealer-name").get_text(strip=True) == NEW["name"]
    assert NEW["phone"] in card.select_one(".wc-phone").get_text()
    assert NEW["wechat_id"] in card.select_one(".wc-wechat").get_text()
    await client.post("/logout", data={"_csrf_token": await csrf_token(client)})
    login = html(await client.get("/login"))
    assert login.select_one(".signin-dealer").get_text(strip=True) == NEW["name"]
