"""Exporting the stock list: the cars the screen shows with the same filters, typed cells,
headers in the reader's language, cost only for those who see cost, every export logged."""

from datetime import date

from db.audit.tables import AuditEvent
from db.staff.rules import Role
from db.stock.tables import StockUnit
from tests.conftest import html, make_staff, sign_in
from tests.exports.read import csv_rows, link_names, sheet_name, texts, xlsx_rows
from tests.stock.helpers import acquired

EN = {"Accept-Language": "en"}
ZH = {"Accept-Language": "zh-CN"}


def screen_ids(response) -> list[int]:
    cards = html(response).select("#stock-list a.appraisal-card")
    return [int(a["href"].rsplit("/", 1)[1]) for a in cards]


async def _cars() -> dict[str, int]:
    cars = {
        "old": await acquired("丰田", "凯美瑞", days_ago=60, price=100000),
        "aged": await acquired("本田", "雅阁", days_ago=50, price=80000),
        "fresh": await acquired("丰田", "卡罗拉", days_ago=5, price=60000),
        "trick": await acquired('=HYPERLINK("http://x")', "@SUM(A1)", days_ago=46),
    }
    await StockUnit.update({StockUnit.retail_price: 128000}).where(StockUnit.id == cars["old"])
    return cars


async def _audits() -> list[dict]:
    return (
        await AuditEvent.select(AuditEvent.actor, AuditEvent.subject, AuditEvent.detail)
        .where(AuditEvent.kind == "stock_exported")
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )


async def test_the_aged_workbook_has_the_screens_cars_with_typed_cells(client):
    cars = await _cars()
    boss = await make_staff("boss", {Role.MANAGER})
    await sign_in(client, "boss")
    screen = screen_ids(await client.get("/inventory?aged=true", headers=EN))
    assert sorted(screen) == sorted([cars["old"], cars["aged"], cars["trick"]])
    r = await client.get("/inventory/export.xlsx?aged=true", headers=EN)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r.headers["content-disposition"]
    rows = xlsx_rows(r.content)
    header = texts(rows[0])
    assert header[:4] == ["ID", "Make", "Model", "Trim"]
    assert {"Retail price", "Total cost", "Gross margin", "Gross margin rate"} <= set(header)
    assert sheet_name(r.content) == "Stock"
    body = rows[1:]
    col = {name: i for i, name in enumerate(header)}
    assert [int(row[col["ID"]].value) for row in body] == screen  # same cars, same order
    old = next(row for row in body if int(row[0].value) == cars["old"])
    price = old[col["Retail price"]]
    assert price.number and price.value == 128000 and "¥" in price.format
    cost = old[col["Total cost"]]
    assert cost.number and "¥" in cost.format
    assert old[col["Gross margin"]].value == 128000 - cost.value
    share = old[col["Gross margin rate"]]
    assert share.number and share.format.endswith("%")
    assert abs(share.value - (128000 - cost.value) / 128000) < 1e-9
    bought = old[col["Acquired on"]]
    assert bought.is_date  # a date serial with a date format
    assert (date.today() - bought.as_date()).days in (59, 60, 61)  # the dealership's day
    assert old[col["Days in stock"]].number and old[col["Days in stock"]].value == 60
    assert old[col["Mileage (km)"]] is None or old[col["Mileage (km)"]].number
    # a car without a price has an empty cell, not a zero
    aged = next(row for row in body if int(row[0].value) == cars["aged"])
    assert len(aged) <= col["Retail price"] or aged[col["Retail price"]] is None
    # text a spreadsheet would run is kept as text
    trick = next(row for row in body if int(row[0].value) == cars["trick"])
    assert trick[col["Make"]].text == '\'=HYPERLINK("http://x")'
    assert trick[col["Model"]].text == "'@SUM(A1)"
    assert not any(c and c.formula for row in rows for c in row)
    [audit] = await _audits()
    assert audit["actor"] == boss and audit["subject"] == "stock"
    assert audit["detail"] == {
        "format": "xlsx",
        "filters": {"aged": True, "sort": "age"},
        "rows": 3,
    }


async def test_the_csv_follows_the_make_and_sort_filters(client):
    cars = await _cars()
    await make_staff("boss", {Role.MANAGER})
    await sign_in(client, "boss")
    query = "make=丰田&sort=newest&state=all"
    screen = screen_ids(await client.get(f"/inventory?{query}", headers=EN))
    assert screen == [cars["fresh"], cars["old"]]
    r = await client.get(f"/inventory/export.csv?{query}", headers=EN)
    assert r.headers["content-type"].startswith("text/csv")
    rows = csv_rows(r.content)
    assert [int(row[0]) for row in rows[1:]] == screen
    col = {name: i for i, name in enumerate(rows[0])}
    old = next(row for row in rows[1:] if int(row[0]) == cars["old"])
    assert old[col["Retail price"]] == "128000"
    assert old[col["Acquired on"]].count("-") == 2
    assert old[col["Gross margin rate"]].endswith("%")
    [audit] = await _audits()
    assert audit["detail"]["filters"] == {"make": "丰田", "sort": "newest", "state": "all"}
    assert audit["detail"]["rows"] == 2


async def test_headers_are_in_the_readers_language(client):
    await _cars()
    await make_staff("boss", {Role.MANAGER})
    await sign_in(client, "boss")
    zh = xlsx_rows((await client.get("/inventory/export.xlsx", headers=ZH)).content)[0]
    en = xlsx_rows((await client.get("/inventory/export.xlsx", headers=EN)).content)[0]
    assert texts(en)[1:3] == ["Make", "Model"]
    assert texts(zh)[1:3] == ["品牌", "车型"]
    assert csv_rows((await client.get("/inventory/export.csv", headers=ZH)).content)[0] == texts(zh)


async def test_a_consultant_gets_the_price_but_no_cost(client):
    cars = await _cars()
    await make_staff("zhang.wei", {Role.CONSULTANT})
    await sign_in(client, "zhang.wei")
    page = await client.get("/inventory?aged=true", headers=EN)
    assert html(page).select(".stock-cost") == []  # the screen shows no cost
    for fmt in ("csv", "xlsx"):
        r = await client.get(f"/inventory/export.{fmt}?aged=true", headers=EN)
        assert r.status_code == 200
        rows = csv_rows(r.content) if fmt == "csv" else [texts(x) for x in xlsx_rows(r.content)]
        header = rows[0]
        assert "Retail price" in header
        assert not {"Purchase price", "Reconditioning cost", "Total cost", "Gross margin"} & set(
            header
        )
        assert [int(float(row[0])) for row in rows[1:]] == screen_ids(page)
        flat = " ".join(" ".join(row) for row in rows)
        assert "100000" not in flat  # the old car's purchase price appears nowhere
        assert str(cars["old"]) in flat


async def test_the_links_carry_the_lists_filters(client):
    await _cars()
    await make_staff("zhang.wei", {Role.CONSULTANT})
    await sign_in(client, "zhang.wei")
    page = html(await client.get("/inventory?aged=true&make=丰田", headers=EN))
    links = [(a.get_text(strip=True), a["href"]) for a in page.select(".stock-export a")]
    assert link_names(page.select(".stock-export a")) == ["Export CSV", "Export Excel"]
    assert links[0][1].startswith("/inventory/export.csv?aged=true&make=")
    assert links[1][1].startswith("/inventory/export.xlsx?aged=true&make=")
    assert links[0][1].split("?")[1] == links[1][1].split("?")[1]
    partial = await client.get(
        "/inventory?state=all", headers={**EN, "HX-Request": "true", "HX-Request-Type": "partial"}
    )
    hrefs = [a["href"] for a in html(partial).select(".stock-export a")]
    assert hrefs == ["/inventory/export.csv?state=all", "/inventory/export.xlsx?state=all"]


async def test_export_needs_signing_in_and_a_known_format(client):
    r = await client.get("/inventory/export.xlsx")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    await make_staff("boss", {Role.MANAGER})
    await sign_in(client, "boss")
    assert (await client.get("/inventory/export.pdf")).status_code == 404


async def test_the_dashboards_filters_flow_into_the_export(client):
    cars = await _cars()
    await make_staff("boss", {Role.MANAGER})
    await sign_in(client, "boss")
    buyer = (
        await StockUnit.select(StockUnit.acquired_by).where(StockUnit.id == cars["aged"]).first()
    )["acquired_by"]
    query = f"by={buyer}"  # the cars one person bought in, as the dashboard links them
    screen = screen_ids(await client.get(f"/inventory?{query}", headers=EN))
    assert screen == [cars["aged"]]
    page = html(await client.get(f"/inventory?{query}", headers=EN))
    href = page.select(".stock-export a")[0]["href"]
    assert href == f"/inventory/export.csv?{query}"
    rows = csv_rows((await client.get(href, headers=EN)).content)
    assert [int(row[0]) for row in rows[1:]] == screen
    [audit] = await _audits()
    assert audit["detail"]["filters"]["acquired_by"] == buyer
