"""Uploading photos to an appraisal: guided slots, retries, bad files, public variants."""

import io

from PIL import Image

from db.appraisals.tables import AppraisalPhoto
from media.storage import storage
from tests.conftest import html
from tests.media import images


def _upload(sheet, data: bytes, slot: str, client_id: str, name: str = "IMG_0001.jpg"):
    return sheet.post(
        "/photos",
        {"slot": slot, "client_id": client_id},
        files={"photo": (name, data, "image/jpeg")},
    )


async def test_a_photo_fills_its_guided_slot_and_becomes_the_cover(sheet):
    response = await _upload(sheet, images.phone_jpeg(), "front", "client-0001-front")
    assert response.status_code == 200
    doc = html(response)
    slot = doc.select_one("#shot-front")
    assert "has-photo" in slot["class"]
    assert slot.select_one("img.photo-ph")["src"].startswith("data:image/webp;base64,")
    img = slot.select_one("img.photo-img")
    assert img["loading"] == "lazy"
    assert img["src"].startswith("/media/photos/") and img["src"].endswith(".jpg")
    webp = slot.select_one("source[type='image/webp']")["srcset"]
    assert webp.count(".webp") == 3 and "720w" in webp
    assert "封面" in slot.get_text() or "Cover" in slot.get_text()
    served = await sheet.client.get(img["src"])
    assert served.status_code == 200 and "immutable" in served.headers["cache-control"]


async def test_a_retried_upload_with_the_same_client_id_is_the_same_photo(sheet):
    data = images.phone_jpeg()
    for _ in range(3):
        response = await _upload(sheet, data, "rear", "client-0002-rear")
        assert response.status_code == 200
    assert await AppraisalPhoto.count() == 1


async def test_a_retake_replaces_the_slot_but_keeps_the_old_row(sheet):
    await _upload(sheet, images.phone_jpeg(), "front", "client-0003-a")
    await _upload(sheet, images.phone_jpeg(width=1200, height=900), "front", "client-0003-b")
    rows = await AppraisalPhoto.select(AppraisalPhoto.client_id, AppraisalPhoto.removed_at)
    assert len(rows) == 2
    assert [r["client_id"] for r in rows if r["removed_at"] is None] == ["client-0003-b"]


async def test_stored_images_are_upright_and_carry_no_gps(sheet):
    data = images.phone_jpeg(orientation=6)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the upload has GPS
    await _upload(sheet, data, "left_side", "client-0004-gps")
    row = await AppraisalPhoto.select(AppraisalPhoto.variants).output(load_json=True).first()
    for key in row["variants"].values():
        stored = Image.open(storage().path(key))
        assert not stored.getexif(), key
        assert "exif" not in stored.info and "xmp" not in stored.info
        rgb = stored.convert("RGB")
        w, h = rgb.size
        red = rgb.getpixel((w // 20, h // 20))
        assert red[0] > 150 and red[1] < 90, f"{key} is not upright: {red}"


async def test_bad_files_get_a_clear_message_and_nothing_is_lost(sheet):
    await _upload(sheet, images.phone_jpeg(), "front", "client-0005-good")
    cases = [
        (images.pdf(), "无法识别"),
        (images.truncated(images.phone_jpeg()), "损坏"),
        (images.png_claiming_size(20000, 10000), "200"),
    ]
    for i, (data, expected) in enumerate(cases):
        response = await _upload(sheet, data, "rear", f"client-0005-bad{i}", name="photo.jpg")
        assert response.status_code == 422
        message = html(response).select_one("[data-photo-error]").get_text()
        assert expected in message, message
        assert "has-photo" in html(response).select_one("#shot-front")["class"]
    assert await AppraisalPhoto.count() == 1


async def test_a_heic_from_an_iphone_is_accepted(sheet):
    response = await _upload(
        sheet, images.phone_heic(), "dashboard", "client-0006-heic", name="IMG_4242.HEIC"
    )
    assert response.status_code == 200
    assert "has-photo" in html(response).select_one("#shot-dashboard")["class"]


async def test_extra_photos_can_be_reordered_made_cover_and_removed(sheet):
    for i in range(3):
        await _upload(sheet, images.phone_jpeg(), "extra", f"client-0007-x{i}")
    photos = await AppraisalPhoto.select(
        AppraisalPhoto.id, AppraisalPhoto.client_id, AppraisalPhoto.is_cover
    ).order_by(AppraisalPhoto.id)
    first, second, third = (p["id"] for p in photos)
    assert [p["is_cover"] for p in photos] == [True, False, False]
    await sheet.post(f"/photos/{third}/move", {"step": "-1"})
    await sheet.post(f"/photos/{second}/cover")
    response = await sheet.post(f"/photos/{first}/remove")
    doc = html(response)
    shown = [li["id"] for li in doc.select("#photo-grid li.has-photo[id^=photo-]")]
    assert shown == [f"photo-{third}", f"photo-{second}"]
    assert "封面" in doc.select_one(f"#photo-{second}").get_text()
    assert await AppraisalPhoto.count() == 3  # removal keeps the row


async def test_a_file_over_the_body_limit_gets_a_clear_message(sheet):
    response = await sheet.post(
        "/photos",
        {"slot": "rear", "client_id": "client-0008-huge"},
        files={"photo": ("huge.jpg", images.oversized_file(50), "image/jpeg")},
        htmx=False,
    )
    assert response.status_code == 413
    assert html(response).select_one(".error-card h1").get_text(strip=True) == "文件太大"
    assert await AppraisalPhoto.count() == 0
