"""The share kit: the nine-grid and card lead to the consultant's own link, are drawn once
per content and served for a year; the caption says the ticked points; a car with fewer than
nine photos gets a kit from what it has and a note of the missing shots."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
import zxingcpp
from PIL import Image

from db.shares import rules
from db.staff.rules import Role
from db.stock.tables import Listing, ListingPhoto
from media import share_kit
from media.photos import ingest
from media.storage import Storage
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.public.test_car_page import jpeg, listed_car

EN = {"Accept-Language": "en"}
PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial", **EN}
TEXT = share_kit.TileText(
    title="丰田 凯美瑞 2.0G 豪华版",
    price="¥13.98万",
    facts="2021年 · 4.6万公里",
    dealership="华骏汽车",
    url="https://lot.example/s/abcd2345",
)


def _photos(store: Storage, count: int) -> list[dict]:
    return [
        {"variants": ingest(jpeg((20 * i, 120, 200 - 10 * i)), store).variants}
        for i in range(count)
    ]


def _image(store: Storage, key: str) -> Image.Image:
    image = Image.open(store.path(key))
    image.load()
    return image


# --- the rules -------------------------------------------------------------------------


def test_points_are_only_what_the_car_honestly_has():
    page = {
        "certified": True,
        "transfers": 0,
        "year": 2021,
        "mileage_km": 46_000,
        "price": 139800,
        "condition": {"grade": "B", "marks": [{"panel": "rear_bumper"}], "disclosures": []},
    }
    keys = [k for k, _m, _p in rules.selling_points(page, today=date(2026, 11, 23))]
    assert keys == ["certified", "one_owner", "low_mileage", "grade", "no_accident", "one_price"]
    worse = {
        **page,
        "certified": False,
        "transfers": 2,
        "mileage_km": 200_000,
        "condition": {"grade": "D", "marks": [], "disclosures": [{"kind": "accident"}]},
    }
    keys = [k for k, _m, _p in rules.selling_points(worse, today=date(2026, 11, 23))]
    assert keys == ["no_body_marks", "one_price"]


def test_chosen_points_are_at_most_three_and_only_offered_ones():
    offered = [(k, "", {}) for k in ("certified", "one_owner", "low_mileage", "grade")]
    assert rules.chosen_points(offered, None) == ["certified", "one_owner", "low_mileage"]
    assert rules.chosen_points(offered, []) == []
    assert rules.chosen_points(offered, ["grade", "bogus"]) == ["grade"]
    assert rules.chosen_points(offered, ["grade", "one_owner", "certified", "low_mileage"]) == [
        "certified",
        "one_owner",
        "low_mileage",
    ]


def test_missing_shots_name_what_the_grid_lacks():
    known = ["front_three_quarter_left", "right_side", "", "dashboard"]
    assert rules.missing_shots(known, 4) == [
        "front",
        "front_three_quarter_right",
        "rear_three_quarter",
        "rear",
        "left_side",
        "front_seats",
    ]
    assert rules.missing_shots(known, 9) == []


def test_the_price_goes_on_the_centre_or_the_last_tile():
    assert share_kit.price_index(9, "centre") == 4
    assert share_kit.price_index(9, "last") == 8
    assert share_kit.price_index(3, "centre") == 2  # no centre in a short grid: the last
    assert share_kit.price_index(1, "centre") == 0


# --- the pictures ----------------------------------------------------------------------


def test_nine_square_tiles_and_one_combined_picture(tmp_path):
    store = Storage(tmp_path)
    grid = share_kit.grid(store, _photos(store, 9), TEXT, "centre")
    assert len(grid.tiles) == 9 and grid.price_at == 4
    for key in grid.tiles:
        assert _image(store, key).size == (1080, 1080)
    assert _image(store, grid.combined).size == (share_kit.COMBINED, share_kit.COMBINED)
    codes = [r.text for r in zxingcpp.read_barcodes(_image(store, grid.tiles[4]))]
    assert codes == [TEXT.url]
    assert not zxingcpp.read_barcodes(_image(store, grid.tiles[0]))  # only one tile has it

    last = share_kit.grid(store, _photos(store, 9), TEXT, "last")
    assert last.price_at == 8
    assert [r.text for r in zxingcpp.read_barcodes(_image(store, last.tiles[8]))] == [TEXT.url]


def test_tiles_are_drawn_once_and_a_new_price_redraws_only_its_tile(tmp_path, monkeypatch):
    store = Storage(tmp_path)
    photos = _photos(store, 9)
    first = share_kit.grid(store, photos, TEXT)

    def must_not_draw(*args, **kwargs):
        raise AssertionError("drawn again")

    with monkeypatch.context() as m:
        m.setattr(share_kit, "draw_tile", must_not_draw)
        m.setattr(share_kit, "draw_combined", must_not_draw)
        assert share_kit.grid(store, photos, TEXT) == first

    cheaper = share_kit.grid(store, photos, replace(TEXT, price="¥12.98万"))
    changed = [n for n in range(9) if cheaper.tiles[n] != first.tiles[n]]
    assert changed == [4]
    assert cheaper.combined != first.combined
    # another consultant's link: another QR, another price tile
    theirs = share_kit.grid(store, photos, replace(TEXT, url="https://lot.example/s/zzzz2345"))
    assert theirs.tiles[4] != first.tiles[4] and theirs.tiles[0] == first.tiles[0]


@pytest.mark.parametrize("count", [0, 3])
def test_a_short_gallery_makes_a_whole_kit_from_what_exists(tmp_path, count):
    store = Storage(tmp_path)
    grid = share_kit.grid(store, _photos(store, count), TEXT)
    assert len(grid.tiles) == max(count, 1)
    price_tile = _image(store, grid.tiles[grid.price_at])
    assert [r.text for r in zxingcpp.read_barcodes(price_tile)] == [TEXT.url]
    combined = _image(store, grid.combined)
    corner = combined.getpixel((share_kit.COMBINED - 5, share_kit.COMBINED - 5))
    assert corner == pytest.approx(share_kit.EMPTY, abs=3)  # the empty places are plain


def test_a_photo_gone_from_storage_is_left_out_not_broken(tmp_path):
    store = Storage(tmp_path)
    photos = _photos(store, 3)
    for key in photos[1]["variants"].values():
        store.delete(key)
    assert len(share_kit.grid(store, photos, TEXT).tiles) == 2


# --- the kit page ----------------------------------------------------------------------


async def _open_kit(client, unit: int):
    token = await csrf_token(client)
    made = await client.post(f"/inventory/{unit}/share", data={"_csrf_token": token})
    assert made.status_code == 303
    return await client.get(made.headers["location"], headers=EN)


async def test_the_kit_leads_everything_to_the_consultants_own_link(client):
    unit = await listed_car(photos=9)
    await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    await sign_in(client, "chen.jing")
    before = html(await client.get(f"/inventory/{unit}/share", headers=EN))
    assert not before.select("#kit-tiles") and before.select("form[action$='/share']")

    doc = html(await _open_kit(client, unit))
    link = doc.select_one("#kit-link")["value"]
    assert "/s/" in link
    tiles = [a["href"] for a in doc.select("#kit-tiles a[download]")]
    assert len(tiles) == 9 and all(t.startswith("/media/share/") for t in tiles)
    assert not doc.select("#kit-missing")
    served = await client.get(tiles[4])
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/jpeg"
    assert "max-age=31536000" in served.headers["cache-control"]
    assert "immutable" in served.headers["cache-control"]
    qr = Image.open(io.BytesIO(served.content))
    assert [r.text for r in zxingcpp.read_barcodes(qr)] == [link]
    card = Image.open(io.BytesIO((await client.get(doc.select_one("#kit-card")["href"])).content))
    assert card.size == (1200, 630)
    assert [r.text for r in zxingcpp.read_barcodes(card)] == [link]
    combined = await client.get(doc.select_one("#kit-combined")["href"])
    assert Image.open(io.BytesIO(combined.content)).size == (1636, 1636)

    caption = doc.select_one("#caption-text").get_text()
    assert "丰田 凯美瑞 2.0G 豪华版" in caption
    assert "¥139,800" in caption and link in caption and "陈静" in caption
    ticked = [i["value"] for i in doc.select("#kit-caption input[name=point][checked]")]
    assert len(ticked) == 3
    assert caption.count("✓") == 3


async def test_the_caption_follows_the_ticks(client):
    unit = await listed_car(photos=1)
    await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    await sign_in(client, "chen.jing")
    await _open_kit(client, unit)
    url = f"/inventory/{unit}/share?ticked=1&point=one_price"
    part = html(await client.get(url, headers=PARTIAL))
    assert part.select_one("#kit-caption") and not part.select("#kit-tiles")
    text = part.select_one("#caption-text").get_text()
    assert "✓ One clear price, no haggling" in text and text.count("✓") == 1

    offered = [i["value"] for i in part.select("input[name=point]")]
    four = "&".join(f"point={k}" for k in offered[:4])
    part = html(await client.get(f"/inventory/{unit}/share?ticked=1&{four}", headers=PARTIAL))
    assert part.select_one("#kit-caption [role=alert]").get_text(strip=True) == (
        "At most 3 points: the first 3 you ticked are used."
    )
    assert part.select_one("#caption-text").get_text().count("✓") == 3
    none = html(await client.get(f"/inventory/{unit}/share?ticked=1", headers=PARTIAL))
    assert "✓" not in none.select_one("#caption-text").get_text()


async def test_fewer_than_nine_photos_get_a_note_of_the_missing_shots(client):
    unit = await listed_car(photos=3)
    await ListingPhoto.update({ListingPhoto.shot: "left_side"}).where(
        (ListingPhoto.unit == unit) & (ListingPhoto.position == 0)
    )
    await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    await sign_in(client, "chen.jing")
    doc = html(await _open_kit(client, unit))
    assert len(doc.select("#kit-tiles img")) == 3
    note = doc.select_one("#kit-missing").get_text(" ", strip=True)
    assert "3 of 9 photos" in note
    assert "Front three-quarter, left" in note and "Dashboard, odometer lit" in note
    assert "Left side" not in note  # that one is there
    for img in doc.select("#kit-tiles img"):
        assert (await client.get(img["src"])).status_code == 200


async def test_only_consultants_open_a_kit(client):
    unit = await listed_car()
    await make_staff("wu.gang", {Role.APPRAISER}, display_name="吴刚")
    await sign_in(client, "wu.gang")
    assert (await client.get(f"/inventory/{unit}/share", headers=EN)).status_code == 403
    token = await csrf_token(client)
    r = await client.post(f"/inventory/{unit}/share", data={"_csrf_token": token}, headers=EN)
    assert r.status_code == 403
    await Listing.delete().where(Listing.unit == unit)
    await make_staff("chen.jing", {Role.CONSULTANT}, display_name="陈静")
    await sign_in(client, "chen.jing")
    assert (await client.get(f"/inventory/{unit}/share", headers=EN)).status_code == 404
