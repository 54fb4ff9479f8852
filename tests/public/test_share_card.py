"""The share card (the car page's Open Graph image): 1200×630, Chinese text drawn with real
glyphs, a QR code that decodes to the car's page, and a new file when the price changes."""

import io

import zxingcpp
from PIL import Image

from db.stock.tables import Listing
from media.fonts import font
from media.previews import CardText, preview_key
from tests.conftest import html
from tests.public.test_car_page import canonical, listed_car

CARD_TEXT = "华骏汽车认证二手车扫码看车万公里深圳丰田凯美瑞豪华版"


def test_chinese_glyphs_are_drawn_not_empty_boxes():
    for weight in ("bold", "regular"):
        face = font(weight, 40)
        tofu = bytes(face.getmask("\ue000"))  # a private-use character: the font has none
        for char in CARD_TEXT:
            mask = face.getmask(char)
            assert mask.getbbox() is not None, f"{char} draws nothing ({weight})"
            assert bytes(mask) != tofu, f"{char} is drawn as the missing-glyph box ({weight})"


def test_a_new_price_makes_a_new_card():
    one = CardText(title="丰田 凯美瑞", price="¥13.98万", url="https://x/stock/1")
    other = CardText(title="丰田 凯美瑞", price="¥12.98万", url="https://x/stock/1")
    assert preview_key("a/b.webp", one) != preview_key("a/b.webp", other)
    assert preview_key("a/b.webp", one) == preview_key("a/b.webp", CardText(**one.__dict__))


async def test_the_card_is_the_og_image_and_its_qr_code_leads_to_the_car(client):
    unit = await listed_car()
    page = html(await client.get(await canonical(client, unit)))
    car_url = page.select_one("link[rel=canonical]")["href"]
    og = page.select_one("meta[property='og:image']")["content"]
    image = await client.get(og.split("testserver.local", 1)[1])
    assert image.status_code == 200
    card = Image.open(io.BytesIO(image.content))
    card.load()
    assert (card.format, card.size) == ("JPEG", (1200, 630))
    codes = [r.text for r in zxingcpp.read_barcodes(card)]
    assert codes == [car_url]

    # the price changes: the page names a new card, and the old address still works
    await Listing.update({Listing.price: 128800}).where(Listing.unit == unit)
    rows = await Listing.select(Listing.page).where(Listing.unit == unit).output(load_json=True)
    page_data = rows[0]["page"]
    page_data["price"] = 128800
    await Listing.update({Listing.page: page_data}).where(Listing.unit == unit)
    again = html(await client.get(await canonical(client, unit)))
    assert again.select_one("meta[property='og:image']")["content"] != og


def test_the_card_carries_the_dealerships_mark(tmp_path):
    from media.previews import LOGO_SIZE, draw
    from web.public.car import LOGO

    source = tmp_path / "photo.jpg"
    Image.new("RGB", (1440, 1080), (200, 30, 30)).save(source)
    text = CardText(title="丰田 凯美瑞", price="¥13.98万", dealership="华骏汽车 · 认证二手车")
    marked = Image.open(io.BytesIO(draw(source, LOGO, text)))
    plain = Image.open(io.BytesIO(draw(source, None, text)))
    corner = (24, 24, 24 + LOGO_SIZE, 24 + LOGO_SIZE)
    assert marked.crop(corner).tobytes() != plain.crop(corner).tobytes()
    # a white tile with the mark on it, over the red photo
    assert marked.getpixel((27, 62))[1] > 170
    assert marked.crop((400, 300, 500, 400)).tobytes() == plain.crop((400, 300, 500, 400)).tobytes()
