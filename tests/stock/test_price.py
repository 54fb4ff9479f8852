"""The retail price: who may set it, how it is typed, its history, the margin it leaves,
and the body type beside it."""

import pytest

from db.audit.tables import AuditEvent
from db.staff.rules import Role
from db.staff.tables import Staff
from db.stock import queries
from db.stock.listing import publish
from db.stock.tables import Listing, PriceChange, StockUnit
from tests.conftest import html
from tests.stock.helpers import acquired, post, tr


async def _price(unit: int) -> int | None:
    row = await StockUnit.select(StockUnit.retail_price).where(StockUnit.id == unit).first()
    return row["retail_price"]


@pytest.mark.parametrize("role", [Role.APPRAISER, Role.MANAGER])
async def test_a_price_in_wan_is_set_kept_in_history_and_audited(signed_in, role):
    unit = await acquired(price=100000)
    client = await signed_in({role})
    response = await post(client, f"/inventory/{unit}/price", {"price": "13.98万"})
    assert response.status_code == 200
    assert await _price(unit) == 139800
    change = await PriceChange.select().first()
    assert (change["price"], change["previous"]) == (139800, None)
    doc = html(response)
    assert doc.select_one("#unit-money")["hx-swap-oob"] == "true"
    assert "¥13.98万" in doc.select_one("#unit-price .price-history").get_text()
    margin = doc.select_one("#unit-money .unit-margin").get_text(" ", strip=True)
    assert "¥3.98万" in margin and "28.5%" in margin  # (139800 - 100000) / 139800
    event = (
        await AuditEvent.select(AuditEvent.detail)
        .where(AuditEvent.kind == "retail_price_set")
        .output(load_json=True)
        .first()
    )
    assert event["detail"]["price"] == 139800


async def test_a_reduction_keeps_the_old_price_and_the_reason(signed_in):
    unit = await acquired()
    client = await signed_in({Role.APPRAISER})
    await post(client, f"/inventory/{unit}/price", {"price": "139800"})
    response = await post(
        client, f"/inventory/{unit}/price", {"price": "13.58", "reason": "库龄 45 天，降价"}
    )
    assert await _price(unit) == 135800
    rows = await PriceChange.select(
        PriceChange.price, PriceChange.previous, PriceChange.reason
    ).order_by(PriceChange.id)
    assert [(r["price"], r["previous"]) for r in rows] == [(139800, None), (135800, 139800)]
    assert rows[1]["reason"] == "库龄 45 天，降价"
    history = html(response).select("#unit-price .price-history li")
    assert "库龄 45 天，降价" in history[0].get_text()  # newest first
    assert history[0].select_one(".badge-down") is not None
    same = await post(client, f"/inventory/{unit}/price", {"price": "13.58万"})
    assert same.status_code == 200
    assert await PriceChange.count() == 2  # the same price again is not a change


@pytest.mark.parametrize("typed", ["-5", "0", "999999999", "abc", "139800.5", "", "12万3"])
async def test_bad_prices_are_refused_beside_the_field_and_kept(signed_in, typed):
    unit = await acquired()
    client = await signed_in({Role.APPRAISER})
    response = await post(
        client, f"/inventory/{unit}/price", {"price": typed, "reason": "首次定价"}
    )
    assert response.status_code == 422
    form = html(response).select_one("form.price-form")
    assert form.select_one("#f-price-error").get_text(strip=True)
    assert form.select_one("#f-price")["value"] == typed
    assert form.select_one("#f-price-reason")["value"] == "首次定价"
    assert await _price(unit) is None
    assert await PriceChange.count() == 0


async def test_consultants_see_the_price_and_cannot_set_it(signed_in):
    unit = await acquired()
    client = await signed_in({Role.CONSULTANT})
    response = await post(client, f"/inventory/{unit}/price", {"price": "13.98万"})
    assert response.status_code == 403
    assert await _price(unit) is None
    doc = html(await client.get(f"/inventory/{unit}"))
    assert doc.select_one("form.price-form") is None
    assert doc.select_one("#unit-price h2").get_text(" ", strip=True).endswith(tr("Not set yet"))


async def test_listing_needs_a_price_and_the_public_copy_follows_it(signed_in):
    unit = await acquired()
    client = await signed_in({Role.APPRAISER})
    await post(client, f"/inventory/{unit}/move", {"to": "certification"})
    staff = await Staff.select(Staff.id).first()
    await queries.certify(
        unit, [{"label": "全车检测", "passed": True, "note": ""}], "", staff["id"]
    )
    refused = await post(client, f"/inventory/{unit}/move", {"to": "listed"})
    assert refused.status_code == 422
    assert html(refused).select_one("#unit-path [role=alert]").get_text(strip=True) == tr(
        "Set the retail price before listing the car: one car, one price."
    )
    priced = html(await post(client, f"/inventory/{unit}/price", {"price": "13.98万"}))
    assert priced.select_one("form.move-form input[value=listed]") is not None  # now offered
    assert (await post(client, f"/inventory/{unit}/move", {"to": "listed"})).status_code == 200
    await post(client, f"/inventory/{unit}/price", {"price": "13.68万", "reason": "降价"})
    listing = await Listing.select(Listing.price).where(Listing.unit == unit).first()
    assert listing["price"] == 136800
    await post(client, f"/inventory/{unit}/move", {"to": "reserved"})
    await post(client, f"/inventory/{unit}/move", {"to": "sold"})
    sold = await StockUnit.select(StockUnit.sale_price, StockUnit.left_at).first()
    assert sold["sale_price"] == 136800 and sold["left_at"] is not None  # sold at its one price
    late = await post(client, f"/inventory/{unit}/price", {"price": "9万"})
    assert late.status_code == 422  # a sold car's price is history
    late_doc = html(late)
    assert late_doc.select_one("form.price-form") is None
    assert late_doc.select_one("#unit-price [role=alert]").get_text(strip=True) == tr(
        "This car has left stock; its price can no longer change."
    )


async def test_the_body_type_is_saved_and_published(signed_in):
    unit = await acquired()
    client = await signed_in({Role.APPRAISER})
    response = await post(client, f"/inventory/{unit}/body", {"body_type": "suv"})
    assert response.status_code == 200
    assert html(response).select_one("#f-body-type option[selected]")["value"] == "suv"
    assert (await StockUnit.select(StockUnit.body_type).first())["body_type"] == "suv"
    bad = await post(client, f"/inventory/{unit}/body", {"body_type": "tank"})
    assert bad.status_code == 422
    assert html(bad).select_one("#f-body-type-error") is not None
    assert (await post(client, "/inventory/999999/body", {"body_type": "suv"})).status_code == 404
    # once listed, the public copy carries it
    await StockUnit.update({StockUnit.state: "listed", StockUnit.retail_price: 99000}).where(
        StockUnit.id == unit
    )
    await publish(unit)
    await post(client, f"/inventory/{unit}/body", {"body_type": "mpv"})
    assert (await Listing.select(Listing.body_type).first())["body_type"] == "mpv"
