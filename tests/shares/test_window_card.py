"""The window card: an A5 card for the windscreen with the price, the facts and a QR code that
leads to the car's public page."""

import re
from pathlib import Path
from urllib.parse import quote

import zxingcpp
from PIL import Image, ImageDraw

from db.staff.rules import Role
from tests.conftest import html
from tests.public.test_car_page import listed_car

EN = {"Accept-Language": "en"}
CSS = Path(__file__).parents[2] / "web" / "static" / "css" / "window-card.css"


def decode_qr(svg) -> list[str]:
    """Draw segno's inline SVG (one path of horizontal 1-unit strokes) and read it back."""
    scale = 10
    width, height = (int(float(n)) for n in svg["viewbox"].split()[2:])
    image = Image.new("L", (width * scale, height * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", svg.select_one("path")["d"]):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            top = int(y - 0.5)
            draw.rectangle(
                (x * scale, top * scale, (x + float(a)) * scale - 1, (top + 1) * scale - 1),
                fill=0,
            )
            x += float(a)
    return [r.text for r in zxingcpp.read_barcodes(image)]


async def test_a_consultant_gets_the_card_with_price_facts_and_a_qr_to_the_car_page(signed_in):
    unit = await listed_car(price=139800)
    client = await signed_in({Role.CONSULTANT})
    r = await client.get(f"/inventory/{unit}/window-card", headers=EN)
    assert r.status_code == 200, r.text
    doc = html(r)
    card = doc.select_one("#window-card")
    assert card.select_one(".wc-title").get_text(strip=True) == "丰田 凯美瑞 2.0G 豪华版"
    assert card.select_one(".wc-price").get_text(strip=True) == "¥13.98万"  # 万 on the lot
    facts = {f.dt.get_text(strip=True): f.dd.get_text(strip=True) for f in card.select(".wc-fact")}
    assert facts["Mileage"] and facts["Colour"] == "珍珠白"
    assert facts["Previous owners"] == "1"
    assert "Gearbox" in facts and "Fuel" in facts
    assert "VIN" not in facts and "City" not in facts
    assert card.select_one(".wc-certified")  # the listed car passed certification
    assert card.select_one(".wc-grade-letter").get_text(strip=True)
    assert card.select_one(".wc-photo img")["src"].startswith("/media/")
    assert "0755-86271234" in card.select_one(".wc-phone").get_text()

    canonical = f"http://testserver.local/stock/{unit}/{quote('2021-丰田-凯美瑞')}"
    assert decode_qr(card.select_one("svg.wc-qr")) == [canonical]
    assert card.select_one(".wc-code")["data-url"] == canonical
    assert card.select_one(".wc-url").get_text(strip=True) == f"testserver.local/stock/{unit}"
    # nothing the CSP (style-src 'self', script-src 'self') would block
    assert not doc.select("[style]") and not doc.select("style")
    assert not [s for s in doc.select("script") if not s.get("src")]
    assert doc.select_one("link[href^='/static/css/window-card.css']")
    assert not doc.select_one(".wc-notice")


async def test_a_manager_may_print_it_an_appraiser_may_not(client, signed_in):
    unit = await listed_car()
    await signed_in({Role.APPRAISER}, username="only.appraiser")
    assert (await client.get(f"/inventory/{unit}/window-card")).status_code == 403
    client.cookies.clear()
    await signed_in({Role.MANAGER}, username="the.manager")
    assert (await client.get(f"/inventory/{unit}/window-card")).status_code == 200


async def test_signed_out_it_asks_to_sign_in(client):
    unit = await listed_car()
    r = await client.get(f"/inventory/{unit}/window-card")
    assert r.status_code in (302, 303, 401)


async def test_an_unknown_or_never_listed_car_is_404(signed_in):
    client = await signed_in({Role.CONSULTANT})
    for unit in (999999, 0, 2**40):
        assert (await client.get(f"/inventory/{unit}/window-card")).status_code == 404


async def test_a_car_not_on_sale_still_renders_with_a_notice_for_the_screen(signed_in):
    sold = await listed_car(state="sold")
    reserved = await listed_car(state="reserved")
    client = await signed_in({Role.CONSULTANT})
    doc = html(await client.get(f"/inventory/{sold}/window-card", headers=EN))
    notice = doc.select_one(".wc-notice")
    assert "not on sale" in notice.get_text()
    assert doc.select_one("#window-card .wc-price")  # the card itself is still there
    doc = html(await client.get(f"/inventory/{reserved}/window-card", headers=EN))
    assert not doc.select_one(".wc-notice")  # reserved is still on sale
    assert doc.select_one(".wc-status").get_text(strip=True) == "Reserved"


def test_printed_it_is_one_a5_page_with_the_notice_left_off():
    css = CSS.read_text()
    assert re.search(r"@page\s*{\s*size:\s*A5 portrait;\s*margin:\s*0;", css)
    printed = css[css.index("@media print") :]
    assert ".wc-notice" in printed and "display: none" in printed
    assert "--mm: 1mm" in printed
