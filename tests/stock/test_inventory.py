"""The Stock tab: cars on their path, moves checked and recorded, the list and its filters."""

from datetime import UTC, datetime, timedelta

from db.appraisals import queries as appraisal_queries
from db.staff.rules import Role
from db.staff.tables import Staff
from db.stock import queries
from db.stock.tables import ListingPhoto, ReconTask, StockMove, StockUnit
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.stock.helpers import tr, trn

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
    form = html(await client.get(f"/inventory/{unit}")).select_one("form.cert-form")
    labels = [i["value"] for i in form.select("input[name^=label-]")]
    answers = {f"label-{i}": label for i, label in enumerate(labels)}
    answers |= {f"point-{i}": "pass" for i in range(len(labels))}
    failed = await client.post(
        f"/inventory/{unit}/certification",
        data={"_csrf_token": token, **answers, "point-0": "fail"},
        headers=PARTIAL,
    )
    assert failed.status_code == 422  # a failure needs a note
    await client.post(
        f"/inventory/{unit}/certification",
        data={"_csrf_token": token, **answers, "note": "128 项通过"},
        headers=PARTIAL,
    )
    unpriced = await _move(client, unit, "listed")
    assert unpriced.status_code == 422  # one car, one price: no listing without it
    token = await csrf_token(client)
    await client.post(
        f"/inventory/{unit}/price", data={"_csrf_token": token, "price": "13.98万"}, headers=PARTIAL
    )
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


def _titles(doc) -> list[str]:
    return [_titles_one(card) for card in doc.select("a.appraisal-card")]


async def _priced(unit: int, price: int | None) -> None:
    await StockUnit.update({StockUnit.retail_price: price}).where(StockUnit.id == unit)


async def test_sort_by_days_and_by_price_with_unpriced_cars_last(signed_in):
    audi = await _acquired("奥迪", "A4L", 63)
    byd = await _acquired("比亚迪", "秦PLUS", 2)
    await _acquired("本田", "雅阁", 20)
    await _priced(audi, 188000)
    await _priced(byd, 96000)
    client = await signed_in({Role.APPRAISER})
    assert _titles(html(await client.get("/inventory"))) == ["奥迪", "本田", "比亚迪"]
    assert _titles(html(await client.get("/inventory?sort=newest"))) == ["比亚迪", "本田", "奥迪"]
    assert _titles(html(await client.get("/inventory?sort=price"))) == ["奥迪", "比亚迪", "本田"]
    assert _titles(html(await client.get("/inventory?sort=price_low"))) == [
        "比亚迪",
        "奥迪",
        "本田",
    ]
    card = html(await client.get("/inventory?sort=price")).select_one("a.appraisal-card")
    assert card.select_one(".stock-price").get_text(strip=True) == "¥18.8万"
    # bought for 100000 + no tasks: margin 88000 of 188000
    assert card.select_one(".stock-margin").get_text(" ", strip=True).endswith("(46.8%)")


async def test_each_car_says_what_it_needs_next(signed_in):
    recon = await _acquired("丰田", "凯美瑞", 5)
    inspect = await _acquired("奥迪", "A4L", 6)
    unpriced = await _acquired("本田", "雅阁", 7)
    photoless = await _acquired("别克", "GL8", 8)
    staff = await Staff.select(Staff.id).first()
    for label in ("抛光打蜡", "内饰精洗", "更换刹车片"):
        await ReconTask.insert(ReconTask(unit=recon, kind="repair", label=label, cost=300))
    await StockUnit.update({StockUnit.state: "certification"}).where(
        StockUnit.id.is_in([inspect, unpriced, photoless])
    )
    for unit in (unpriced, photoless):
        await queries.certify(unit, [{"label": "全车", "passed": True}], "", staff["id"])
    await _priced(photoless, 250000)
    client = await signed_in({Role.APPRAISER})
    doc = html(await client.get("/inventory?sort=newest"))
    nexts = {
        _titles_one(card): card.select_one(".next-action").get_text(strip=True)
        for card in doc.select("a.appraisal-card")
    }
    assert nexts == {
        "丰田": trn("%(num)d task open", "%(num)d tasks open", 3),
        "奥迪": tr("Needs certification"),
        "本田": tr("Needs a price"),
        "别克": tr("Needs listing photos"),
    }
    await ListingPhoto.insert(
        ListingPhoto(unit=photoless, client_id="p1", source_hash="x", width=4, height=3)
    )
    doc = html(await client.get("/inventory?make=别克"))
    assert doc.select_one(".next-action").get_text(strip=True) == tr("Ready to list")


def _titles_one(card) -> str:
    return card.select_one(".ac-title").get_text(" ", strip=True).split()[0]


async def test_the_list_costs_the_same_few_queries_whatever_its_length(signed_in, sql_log):
    client = await signed_in({Role.APPRAISER})
    for i in range(2):
        await _acquired("丰田", f"凯美瑞{i}", i)
    await client.get("/inventory")  # warm: session, staff
    sql_log.clear()
    await client.get("/inventory")
    few = len(sql_log)
    for i in range(6):
        unit = await _acquired("本田", f"雅阁{i}", 10 + i)
        await ReconTask.insert(ReconTask(unit=unit, kind="repair", label="保养", cost=800))
        await ListingPhoto.insert(
            ListingPhoto(unit=unit, client_id=f"c{i}", source_hash="x", width=4, height=3)
        )
    sql_log.clear()
    response = await client.get("/inventory")
    assert len(html(response).select("a.appraisal-card")) == 8
    assert len(sql_log) == few
