"""The Stock tab: cars on their path, moves checked and recorded, the list and its filters."""

from datetime import UTC, datetime, timedelta

from db.appraisals import queries as appraisal_queries
from db.staff.rules import Role
from db.stock.tables import StockMove, StockUnit
from tests.conftest import csrf_token, html, make_staff, sign_in

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}


async def _acquired(make: str, model: str, days_ago: int, price: int = 100000) -> int:
    staff = await make_staff(f"a{make}{days_ago}", {Role.APPRAISER})
    appraisal = await appraisal_queries.start_appraisal(staff)
    await appraisal_queries.update_fields(
        appraisal,
        {"make": make, "model": model, "forecast_retail": price + 20000, "agreed_price": price},
        staff,
    )
    await appraisal_queries.close(
        appraisal, "acquired", staff, purchase_price=price, recon_estimate=1500
    )
    unit = await StockUnit.select(StockUnit.id).where(StockUnit.appraisal == appraisal).first()
    await StockUnit.update(
        {StockUnit.acquired_at: datetime.now(UTC) - timedelta(days=days_ago)}
    ).where(StockUnit.id == unit["id"])
    return unit["id"]


async def _move(client, unit_id: int, to: str, note: str = ""):
    token = await csrf_token(client)
    return await client.post(
        f"/inventory/{unit_id}/move",
        data={"_csrf_token": token, "to": to, "note": note},
        headers=PARTIAL,
    )


async def test_a_car_walks_its_path_and_cannot_skip_certification(signed_in):
    unit = await _acquired("丰田", "凯美瑞", 3)
    client = await signed_in({Role.APPRAISER})
    refused = await _move(client, unit, "listed")
    assert refused.status_code == 422
    assert html(refused).select_one("[role=alert]").get_text(strip=True) == (
        "只有通过认证检测的车辆才能上架零售。"
    )
    assert (await _move(client, unit, "certification")).status_code == 200
    assert (await _move(client, unit, "listed")).status_code == 422
    token = await csrf_token(client)
    failed = await client.post(
        f"/inventory/{unit}/certification",
        data={"_csrf_token": token, "passed": "0"},
        headers=PARTIAL,
    )
    assert failed.status_code == 422  # a failure needs a note
    await client.post(
        f"/inventory/{unit}/certification",
        data={"_csrf_token": token, "passed": "1", "note": "128 项通过"},
        headers=PARTIAL,
    )
    unpriced = await _move(client, unit, "listed")
    assert unpriced.status_code == 422  # one car, one price: no listing without it
    await StockUnit.update({StockUnit.retail_price: 139800}).where(StockUnit.id == unit)
    listed = await _move(client, unit, "listed")
    assert listed.status_code == 200
    assert "认证" in html(await client.get(f"/inventory/{unit}")).get_text()
    assert (await _move(client, unit, "reserved", "交订金")).status_code == 200
    assert (await _move(client, unit, "sold")).status_code == 200
    assert (await _move(client, unit, "listed")).status_code == 422  # sold stays sold
    moves = await StockMove.select(StockMove.from_state, StockMove.to_state).order_by(StockMove.id)
    assert [(m["from_state"], m["to_state"]) for m in moves] == [
        ("reconditioning", "certification"),
        ("certification", "listed"),
        ("listed", "reserved"),
        ("reserved", "sold"),
    ]
    page = html(await client.get(f"/inventory/{unit}"))
    assert "交订金" in page.select_one("#unit-path").get_text()


async def test_wholesale_is_open_before_the_sale(signed_in):
    unit = await _acquired("大众", "朗逸", 10)
    client = await signed_in({Role.APPRAISER})
    assert (await _move(client, unit, "wholesale", "三家车商比价")).status_code == 200
    assert (await StockUnit.select(StockUnit.state).first())["state"] == "wholesale"


async def test_the_list_shows_age_badges_and_hides_cost_from_consultants(client):
    await _acquired("奥迪", "A4L", 63, price=158000)
    await _acquired("比亚迪", "秦PLUS", 2)
    await make_staff("zhang.ting", {Role.CONSULTANT})
    await sign_in(client, "zhang.ting")
    doc = html(await client.get("/inventory"))
    cards = doc.select("a.appraisal-card")
    assert [c.select_one(".ac-title").get_text(" ", strip=True).split()[0] for c in cards] == [
        "奥迪",
        "比亚迪",
    ]  # oldest first
    assert "age-3" in cards[0].select_one(".badge")["class"]
    assert "63" in cards[0].select_one(".badge").get_text()
    assert "成本" not in doc.select_one("#stock-list").get_text()
    # consultants see the car, not the moves
    unit_page = html(await client.get(cards[0]["href"]))
    assert unit_page.select("form.move-form") == []
    client.cookies.clear()
    await make_staff("li.ming", {Role.APPRAISER})
    await sign_in(client, "li.ming")
    assert "成本" in html(await client.get("/inventory")).select_one("#stock-list").get_text()


async def test_filters_live_in_the_url_and_bad_values_are_ignored(signed_in):
    await _acquired("奥迪", "A4L", 63)
    await _acquired("比亚迪", "秦PLUS", 2)
    client = await signed_in({Role.APPRAISER})
    aged = html(await client.get("/inventory?aged=true", headers=PARTIAL))
    assert aged.select_one("html") is None  # the list block alone
    assert len(aged.select("a.appraisal-card")) == 1
    by_make = html(await client.get("/inventory?make=比亚迪"))
    assert len(by_make.select("a.appraisal-card")) == 1
    for bad in ("?state=flying", "?sort=<script>", "?make=" + "x" * 500, "?aged=maybe"):
        response = await client.get("/inventory" + bad)
        assert response.status_code in (200, 400), bad
        assert response.status_code != 500
    assert (await client.get("/inventory/999999")).status_code == 404
