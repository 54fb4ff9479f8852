"""A car's listing photos: uploads after reconditioning, picks from the appraisal (which keeps
its own), order and cover, removal, who may change them, bad files, and the public copy."""

import io

import pytest
from PIL import Image

from db.appraisals import photo_queries as appraisal_photos
from db.appraisals import queries as appraisal_queries
from db.appraisals.tables import AppraisalPhoto
from db.staff.rules import Role
from db.stock import queries as stock_queries
from db.stock.photo_queries import MAX_LISTING_PHOTOS
from db.stock.tables import CertificationResult, Listing, ListingPhoto, StockUnit
from media.photos import ingest
from media.storage import storage, with_urls
from tests.conftest import csrf_token, html, make_staff
from tests.media import images
from web.i18n import SUPPORTED, translations

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}


def tr(msgid: str, **params) -> str:
    """What the app shows for `msgid` in the default language (Chinese)."""
    return translations(SUPPORTED["zh"]).gettext(msgid).format(**params)


async def _unit(shots=("front", "left_side", "dashboard"), *, listed: bool = True) -> int:
    """An acquired car whose appraisal has photos of `shots`; listed for retail if asked."""
    staff = await make_staff("appraiser.one", {Role.APPRAISER}, display_name="李明")
    appraisal = await appraisal_queries.start_appraisal(staff)
    await appraisal_queries.update_fields(
        appraisal,
        {"make": "丰田", "model": "凯美瑞", "agreed_price": 120000, "plate": "粤B3K8Q2"},
        staff,
    )
    for i, slot in enumerate(shots):
        processed = ingest(images.phone_jpeg(width=1200 + 40 * i, height=900), storage())
        await appraisal_photos.add_photo(
            appraisal, f"appraisal-shot-{i:02d}", slot, processed, staff
        )
    await appraisal_queries.close(
        appraisal, "acquired", staff, purchase_price=120000, recon_estimate=2000
    )
    unit = (await StockUnit.select(StockUnit.id).where(StockUnit.appraisal == appraisal).first())[
        "id"
    ]
    if listed:
        await stock_queries.move(unit, "certification", staff)
        await CertificationResult.insert(
            CertificationResult(unit=unit, passed=True, inspector=staff)
        )
        await StockUnit.update({StockUnit.retail_price: 139800}).where(StockUnit.id == unit)
        await stock_queries.move(unit, "listed", staff)
    return unit


class Photos:
    """One car's listing photos page, as a signed-in phone drives it."""

    def __init__(self, client, unit_id: int, token: str) -> None:
        self.client, self.unit, self.token = client, unit_id, token
        self.url = f"/inventory/{unit_id}/photos"

    async def upload(self, data: bytes, client_id: str, name: str = "IMG_0001.jpg", htmx=True):
        return await self.client.post(
            self.url,
            data={"_csrf_token": self.token, "client_id": client_id},
            files={"photo": (name, data, "image/jpeg")},
            headers=PARTIAL if htmx else {},
        )

    async def post(self, path: str, data: dict | None = None, htmx=True):
        return await self.client.post(
            f"{self.url}{path}",
            data={"_csrf_token": self.token, **(data or {})},
            headers=PARTIAL if htmx else {},
        )

    async def pick(self, photo_ids: list[int]):
        return await self.client.post(
            f"{self.url}/pick",
            content="&".join([f"_csrf_token={self.token}", *(f"photo={pid}" for pid in photo_ids)]),
            headers={**PARTIAL, "Content-Type": "application/x-www-form-urlencoded"},
        )


@pytest.fixture
async def photos_for(signed_in):
    """`await photos_for(unit, roles)`: the photos page of `unit` for staff with `roles`."""

    async def _open(unit_id: int, roles=frozenset({Role.APPRAISER})) -> Photos:
        client = await signed_in(set(roles))
        return Photos(client, unit_id, await csrf_token(client))

    return _open


def _shown(response) -> list[str]:
    return [li["id"] for li in html(response).select("#photo-grid li[id^=listing-photo-]")]


async def _listing_rows(unit_id: int) -> list[dict]:
    return (
        await ListingPhoto.select(ListingPhoto.id, ListingPhoto.variants, ListingPhoto.removed_at)
        .where(ListingPhoto.unit == unit_id)
        .order_by(ListingPhoto.id)
        .output(load_json=True)
    )


async def _evidence() -> list[dict]:
    return await AppraisalPhoto.select().order_by(AppraisalPhoto.id).output(load_json=True)


async def _public(unit_id: int) -> dict:
    return (
        await Listing.select(Listing.card, Listing.page)
        .where(Listing.unit == unit_id)
        .output(load_json=True)
        .first()
    )


async def test_an_upload_becomes_the_cover_of_the_public_listing(photos_for):
    unit = await _unit()
    page = await photos_for(unit)
    assert (await _public(unit))["card"]["cover"] is None
    response = await page.upload(images.phone_jpeg(), "listing-0001-a")
    assert response.status_code == 200
    (row,) = await _listing_rows(unit)
    assert _shown(response) == [f"listing-photo-{row['id']}"]
    first = html(response).select_one(f"#listing-photo-{row['id']}")
    assert tr("Cover") in first.select_one(".shot-label").get_text()
    assert first.select_one("img.photo-img")["src"].endswith(row["variants"]["jpeg"])
    public = await _public(unit)
    assert public["card"]["cover"]["variants"]["jpeg"] == row["variants"]["jpeg"]
    assert [p["variants"]["phone"] for p in public["page"]["photos"]] == [row["variants"]["phone"]]


async def test_a_retried_upload_with_the_same_client_id_is_the_same_photo(photos_for):
    unit = await _unit()
    page = await photos_for(unit)
    data = images.phone_jpeg()
    for _ in range(3):
        assert (await page.upload(data, "listing-0002-retry")).status_code == 200
    assert len(await _listing_rows(unit)) == 1
    other = await _unit_of_another_car()
    refused = await Photos(page.client, other, page.token).upload(data, "listing-0002-retry")
    assert refused.status_code == 422  # a client id names one photo of one car
    assert await ListingPhoto.count().where(ListingPhoto.unit == other) == 0


async def _unit_of_another_car() -> int:
    staff = await make_staff("appraiser.two", {Role.APPRAISER}, display_name="赵磊")
    appraisal = await appraisal_queries.start_appraisal(staff)
    await appraisal_queries.close(appraisal, "acquired", staff, purchase_price=50000)
    return (await StockUnit.select(StockUnit.id).where(StockUnit.appraisal == appraisal).first())[
        "id"
    ]


async def test_picked_appraisal_photos_are_copied_and_the_appraisal_keeps_its_own(photos_for):
    unit = await _unit(("front", "left_side", "dashboard"))
    evidence_before = await _evidence()
    front, side, dash = (p["id"] for p in evidence_before)
    page = await photos_for(unit)
    form = html(await page.client.get(page.url))
    assert tr("Shows the plate") in form.select_one(f"#appraisal-photo-{front}").get_text()
    assert tr("Shows the plate") not in form.select_one(f"#appraisal-photo-{side}").get_text()

    response = await page.pick([dash, side])
    assert response.status_code == 200
    rows = await _listing_rows(unit)
    # in the appraisal's order (side before dashboard), whatever order they were ticked in
    assert [r["variants"] for r in rows] == [
        evidence_before[1]["variants"],
        evidence_before[2]["variants"],
    ]
    assert _shown(response) == [f"listing-photo-{r['id']}" for r in rows]
    picked = html(response).select_one(f"#appraisal-photo-{side}")
    assert picked.select_one("input[type=checkbox]").has_attr("disabled")
    assert tr("In the listing") in picked.get_text()
    again = await page.pick([side, dash])  # a re-sent form adds nothing twice
    assert again.status_code == 200 and len(await _listing_rows(unit)) == 2
    assert await _evidence() == evidence_before
    nothing = await page.pick([])
    assert nothing.status_code == 422
    assert html(nothing).select_one("[data-photo-error]").get_text() == tr(
        "Tick the appraisal photos to add first."
    )


async def test_photos_are_reordered_made_cover_and_removed_and_the_listing_follows(photos_for):
    unit = await _unit()
    page = await photos_for(unit)
    for i in range(3):
        await page.upload(images.phone_jpeg(width=1000 + 100 * i, height=750), f"listing-0004-{i}")
    first, second, third = (r["id"] for r in await _listing_rows(unit))
    await page.post(f"/{third}/move", {"step": "-1"})  # 1, 3, 2
    await page.post(f"/{second}/cover")  # 2, 1, 3
    response = await page.post(f"/{first}/remove")  # 2, 3
    assert response.status_code == 200
    assert _shown(response) == [f"listing-photo-{second}", f"listing-photo-{third}"]
    cover = html(response).select_one(f"#listing-photo-{second}")
    assert tr("Cover") in cover.select_one(".shot-label").get_text()
    assert not cover.select("form[action$='/cover']")  # the cover is already the cover
    rows = {r["id"]: r for r in await _listing_rows(unit)}
    assert rows[first]["removed_at"] is not None  # taken off, not deleted
    public = await _public(unit)
    assert [p["variants"]["jpeg"] for p in public["page"]["photos"]] == [
        rows[second]["variants"]["jpeg"],
        rows[third]["variants"]["jpeg"],
    ]
    assert public["card"]["cover"]["variants"]["jpeg"] == rows[second]["variants"]["jpeg"]
    await page.post(f"/{second}/move", {"step": "-1"})  # the first cannot go further up
    await page.post(f"/{third}/move", {"step": "5"})  # only one step at a time
    assert _shown(await page.client.get(page.url)) == [
        f"listing-photo-{second}",
        f"listing-photo-{third}",
    ]


async def test_without_javascript_each_action_posts_and_comes_back_to_the_page(photos_for):
    unit = await _unit()
    page = await photos_for(unit)
    response = await page.upload(images.phone_jpeg(), "listing-0005-nojs", htmx=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/inventory/{unit}/photos#photo-grid"
    (row,) = await _listing_rows(unit)
    removed = await page.post(f"/{row['id']}/remove", htmx=False)
    assert removed.status_code == 303
    doc = html(await page.client.get(page.url))
    assert doc.select_one("#no-listing-photos") is not None
    upload = doc.select_one("form[data-photo-form]")
    assert upload["action"] == page.url and upload["enctype"] == "multipart/form-data"
    assert upload.select_one("input[name=client_id]")["value"]


async def test_consultants_look_but_do_not_change(photos_for):
    unit = await _unit()
    page = await photos_for(unit, {Role.CONSULTANT})
    doc = html(await page.client.get(page.url))
    assert doc.select_one("#photo-grid") is not None
    assert not doc.select("#photo-grid form")
    refused = await page.upload(images.phone_jpeg(), "listing-0006-consultant")
    assert refused.status_code == 403
    assert await ListingPhoto.count() == 0
    unit_page = html(await page.client.get(f"/inventory/{unit}"))
    assert unit_page.select_one("#listing-photos-link")["href"] == page.url


async def test_managers_may_change_them(photos_for):
    unit = await _unit()
    page = await photos_for(unit, {Role.MANAGER})
    assert (await page.upload(images.phone_jpeg(), "listing-0007-manager")).status_code == 200
    assert await ListingPhoto.count() == 1


async def test_a_stranger_is_sent_to_sign_in_and_an_unknown_car_is_not_found(client, photos_for):
    unit = await _unit()
    assert (await client.get(f"/inventory/{unit}/photos")).status_code in (302, 303, 401)
    page = await photos_for(unit)
    assert (await page.client.get(f"/inventory/{unit + 99}/photos")).status_code == 404


async def test_bad_files_get_the_photo_messages_and_the_listing_is_kept(photos_for):
    unit = await _unit()
    page = await photos_for(unit)
    await page.upload(images.phone_jpeg(), "listing-0008-good")
    cases = [
        (images.pdf(), tr("This file is not a photo we can read (JPEG, PNG, WebP, HEIC or AVIF).")),
        (
            images.truncated(images.phone_jpeg()),
            tr("This photo is damaged or incomplete. Please take or choose it again."),
        ),
        (
            images.png_claiming_size(20000, 10000),
            tr(
                "This image has {megapixels} megapixels; the most we accept is {limit}.",
                megapixels=200,
                limit=64,
            ),
        ),
    ]
    for i, (data, expected) in enumerate(cases):
        response = await page.upload(data, f"listing-0008-bad{i}", name="photo.jpg")
        assert response.status_code == 422
        assert html(response).select_one("[data-photo-error]").get_text() == expected
        assert len(_shown(response)) == 1  # what was there is still shown
    assert await ListingPhoto.count() == 1


async def test_a_file_over_the_body_limit_is_refused_at_the_door(photos_for):
    unit = await _unit()
    page = await photos_for(unit)
    response = await page.upload(images.oversized_file(50), "listing-0009-huge", htmx=False)
    assert response.status_code == 413
    assert await ListingPhoto.count() == 0


async def test_no_more_than_thirty_photos(photos_for):
    unit = await _unit(("left_side",))
    processed = ingest(images.phone_jpeg(), storage())
    await ListingPhoto.insert(
        *(
            ListingPhoto(
                unit=unit, client_id=f"listing-full-{i:02d}", position=i, **processed.columns()
            )
            for i in range(MAX_LISTING_PHOTOS)
        )
    )
    page = await photos_for(unit)
    message = tr("A listing holds at most {limit} photos; remove some first.", limit=30)
    refused = await page.upload(images.phone_jpeg(width=900, height=600), "listing-0010-more")
    assert refused.status_code == 422
    assert html(refused).select_one("[data-photo-error]").get_text() == message
    evidence = (await AppraisalPhoto.select(AppraisalPhoto.id).first())["id"]
    picked = await page.pick([evidence])
    assert picked.status_code == 422
    assert html(picked).select_one("[data-photo-error]").get_text() == message
    # the retry of an upload that did arrive is still answered as a success
    retry = await page.upload(images.phone_jpeg(), "listing-full-29")
    assert retry.status_code == 200
    assert await ListingPhoto.count() == MAX_LISTING_PHOTOS


async def test_served_variants_carry_no_gps_or_other_metadata(photos_for):
    unit = await _unit()
    page = await photos_for(unit)
    data = images.phone_jpeg(orientation=6)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the upload has GPS
    await page.upload(data, "listing-0011-gps")
    (shown,) = (await _public(unit))["page"]["photos"]
    assert set(shown["variants"]) == {"phone", "tablet", "share", "jpeg"}
    for url in with_urls(shown)["urls"].values():
        served = await page.client.get(url)
        assert served.status_code == 200
        stored = Image.open(io.BytesIO(served.content))
        assert not stored.getexif(), url
        assert "exif" not in stored.info and "xmp" not in stored.info, url
        assert b"iPhone" not in served.content, url  # nor the camera that took it


async def test_a_car_that_left_stock_keeps_its_photos_fixed(photos_for):
    unit = await _unit()
    page = await photos_for(unit)
    await page.upload(images.phone_jpeg(), "listing-0012-before")
    staff = (await StockUnit.select(StockUnit.acquired_by).first())["acquired_by"]
    await stock_queries.move(unit, "sold", staff)
    (row,) = await _listing_rows(unit)
    refused = await page.post(f"/{row['id']}/remove")
    assert refused.status_code == 422
    assert html(refused).select_one("[data-photo-error]").get_text() == tr(
        "This car has left stock; its listing photos can no longer change."
    )
    assert not html(refused).select("#photo-grid form")
    assert (await _listing_rows(unit))[0]["removed_at"] is None
