"""Retried writes (the phone's outbox, web/static/js/outbox.js): a repeated idempotency key
is the same appraisal or photo, never a second one; an autosaved field based on a value the
server no longer has is a conflict, not an overwrite."""

from __future__ import annotations

import asyncio

from db.appraisals.tables import Appraisal, AppraisalChange, AppraisalPhoto
from db.staff.rules import Role
from tests.appraisals.conftest import PARTIAL
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.media import images
from tests.stock.test_listing_photos import _listing_rows, _unit, photos_for  # noqa: F401

EN = {"Accept-Language": "en"}


async def _start(client, key: str | None = None, *, field: str | None = None):
    data = {"_csrf_token": await csrf_token(client)}
    if field is not None:
        data["_idem"] = field
    headers = {"Idempotency-Key": key} if key is not None else {}
    return await client.post("/appraisals", data=data, headers={**EN, **headers})


async def test_a_repeated_key_is_the_same_appraisal(appraiser):
    first = await _start(appraiser, "start-0001")
    again = await _start(appraiser, "start-0001")
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert await Appraisal.count() == 1
    created = await AppraisalChange.count().where(AppraisalChange.field == "created")
    assert created == 1
    other = await _start(appraiser, "start-0002")
    assert other.headers["location"] != first.headers["location"]
    assert await Appraisal.count() == 2


async def test_the_form_field_carries_the_key_without_javascript_and_the_header_wins(appraiser):
    by_field = await _start(appraiser, field="start-form-1")
    again = await _start(appraiser, field="start-form-1")
    assert by_field.headers["location"] == again.headers["location"]
    header_wins = await _start(appraiser, "start-form-1", field="something-else")
    assert header_wins.headers["location"] == by_field.headers["location"]
    assert await Appraisal.count() == 1
    await _start(appraiser, field="")  # an empty field: no key, a new draft as before
    assert await Appraisal.count() == 2


async def test_two_tries_at_once_make_one_appraisal(appraiser):
    token = await csrf_token(appraiser)

    async def post():
        return await appraiser.post(
            "/appraisals", data={"_csrf_token": token}, headers={"Idempotency-Key": "same-instant"}
        )

    first, second = await asyncio.gather(post(), post())
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert await Appraisal.count() == 1


async def test_a_malformed_key_is_refused(appraiser):
    for key in ("", "has space", "x" * 65, "semi;colon", "dots.are.not.allowed"):
        response = await _start(appraiser, key)
        assert response.status_code == 400, key
        assert "idempotency key" in response.text
    assert await Appraisal.count() == 0
    assert (await _start(appraiser, field="bad key!")).status_code == 400


async def test_another_appraisers_key_is_a_conflict(client):
    await make_staff("li.ming", {Role.APPRAISER}, display_name="李明")
    await make_staff("wang.fang", {Role.APPRAISER}, display_name="王芳")
    await sign_in(client, "li.ming")
    mine = await _start(client, "shared-key-1")
    assert mine.status_code == 303
    client.cookies.clear()
    await sign_in(client, "wang.fang")
    theirs = await _start(client, "shared-key-1")
    assert theirs.status_code == 409
    assert "someone else" in theirs.text
    assert await Appraisal.count() == 1


async def test_the_key_header_names_a_photo_when_the_form_has_no_client_id(sheet):
    data = images.phone_jpeg()
    for _ in range(2):
        response = await sheet.client.post(
            f"{sheet.url}/photos",
            data={"_csrf_token": sheet.token, "slot": "front"},
            files={"photo": ("IMG_0001.jpg", data, "image/jpeg")},
            headers={**PARTIAL, "Idempotency-Key": "photo-key-0001"},
        )
        assert response.status_code == 200, response.text
    rows = await AppraisalPhoto.select(AppraisalPhoto.client_id)
    assert rows == [{"client_id": "photo-key-0001"}]


async def test_the_key_header_names_a_listing_photo_too(photos_for):  # noqa: F811
    page = await photos_for(await _unit())
    for _ in range(2):
        response = await page.client.post(
            page.url,
            data={"_csrf_token": page.token},
            files={"photo": ("IMG_0001.jpg", images.phone_jpeg(), "image/jpeg")},
            headers={**PARTIAL, "Idempotency-Key": "listing-key-0001"},
        )
        assert response.status_code == 200, response.text
    assert len(await _listing_rows(page.unit)) == 1


async def _save(sheet, name: str, value: str, base: str | None = None):
    data = {name: value, "_csrf_token": sheet.token}
    if base is not None:
        data["_base"] = base
    return await sheet.client.post(
        f"{sheet.url}/fields/{name}", data=data, headers={**PARTIAL, **EN}
    )


async def test_a_field_changed_on_the_server_meanwhile_is_a_conflict(sheet):
    await _save(sheet, "mileage_km", "56000")
    # the phone showed 56000; meanwhile someone saved 61000; the phone now sends 58000
    await _save(sheet, "mileage_km", "61000", base="56000")
    response = await _save(sheet, "mileage_km", "58000", base="56000")
    assert response.status_code == 409
    field = html(response).select_one("#field-mileage_km")
    message = field.select_one(".field-error[role=alert]").get_text(" ", strip=True)
    assert "Changed on the server meanwhile to “61000” (by 李明" in message
    assert "Yours was “58000”" in message
    assert field.select_one("input")["value"] == "61000"  # the server's value is shown
    keep_mine = field.select_one(".field-conflict button[hx-post]")
    assert keep_mine["hx-post"] == f"{sheet.url}/fields/mileage_km"
    assert '"58000"' in keep_mine["hx-vals"]
    keep_theirs = field.select_one(".field-conflict a[hx-get]")
    assert (await sheet.client.get(keep_theirs["hx-get"], headers=PARTIAL)).status_code == 200
    row = await Appraisal.select(Appraisal.mileage_km).first()
    assert row["mileage_km"] == 61000
    # keep mine: sent again without _base, it is saved
    assert (await _save(sheet, "mileage_km", "58000")).status_code == 200
    assert (await Appraisal.select(Appraisal.mileage_km).first())["mileage_km"] == 58000


async def test_a_base_equal_to_the_server_value_saves(sheet):
    await _save(sheet, "mileage_km", "56000")
    response = await _save(sheet, "mileage_km", "57000", base="56000")
    assert response.status_code == 200
    assert (await Appraisal.select(Appraisal.mileage_km).first())["mileage_km"] == 57000
    # the same value as the server now has is no conflict, whatever the base
    assert (await _save(sheet, "mileage_km", "57000", base="1")).status_code == 200
    # the base as the user typed it ("57,000") reads as the same value
    assert (await _save(sheet, "mileage_km", "59000", base="57,000")).status_code == 200
    await _save(sheet, "forecast_retail", "12.8")
    assert (await _save(sheet, "forecast_retail", "13", base="12.8")).status_code == 200
    assert (await _save(sheet, "first_registration", "2021-06-15", base="")).status_code == 200


async def test_a_closed_appraisal_still_answers_closed(sheet):
    await _save(sheet, "mileage_km", "56000")
    await Appraisal.update({Appraisal.outcome: "voided"}, force=True)
    response = await _save(sheet, "mileage_km", "58000", base="1")
    assert response.status_code == 409
    assert "closed" in html(response).select_one(".field-error").get_text()


async def test_two_starts_racing_past_the_lookup_still_make_one(appraiser):
    """Both look the key up before either inserts: the database's unique key decides."""
    from db.appraisals.queries import start_appraisal

    me = (await Appraisal.raw("select id from staff where username = 'li.ming'"))[0]["id"]
    ids = await asyncio.gather(*(start_appraisal(me, "racing-key") for _ in range(3)))
    assert len(set(ids)) == 1
    assert await Appraisal.count() == 1


async def test_the_draft_sheet_is_blank_and_writes_to_the_draft_key_not_to_an_appraisal(appraiser):
    """/appraisals/draft, kept by the service worker for starting without signal: every form
    names `@draft` (outbox.js puts the phone's key there), and opening it makes nothing."""
    response = await appraiser.get("/appraisals/draft", headers=EN)
    assert response.status_code == 200
    doc = html(response)
    fields = doc.select("[hx-post]")
    assert fields and all(f["hx-post"].startswith("/appraisals/@draft/fields/") for f in fields), [
        f["hx-post"] for f in fields if not f["hx-post"].startswith("/appraisals/@draft/")
    ]
    names = {f["hx-post"].rsplit("/", 1)[-1] for f in fields}
    assert {"vin", "make", "mileage_km", "owner_phone", "tread_front_left", "accident"} <= names
    assert all(f.get("data-base", "") == "" for f in doc.select("input[data-base]"))
    uploads = doc.select("form[data-photo-form]")
    assert len(uploads) == 9 + 2  # the guided shots, close-ups, gallery
    assert {f["action"] for f in uploads} == {"/appraisals/@draft/photos"}
    assert (
        doc.select_one("[data-draft-sheet] .notice")
        .get_text(strip=True)
        .startswith("Started without signal.")
    )
    # the parts that need the server's answers are not offered before it has them
    assert not doc.select("#condition, #price, #outcome")
    assert await Appraisal.count() == 0


async def test_the_draft_sheet_is_the_appraisers(client):
    await make_staff("lin", {Role.CONSULTANT})
    await sign_in(client, "lin")
    assert (await client.get("/appraisals/draft")).status_code == 403
