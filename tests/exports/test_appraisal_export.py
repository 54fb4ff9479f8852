"""Exporting the Appraise list: the appraisals the screen shows (an appraiser's own, a
manager's everyone's) with the list's filters, typed cells, the export logged."""

from datetime import date

from db.appraisals import queries as appraisal_queries
from db.audit.tables import AuditEvent
from db.staff.rules import Role
from tests.conftest import html, make_staff, sign_in
from tests.exports.read import csv_rows, texts, xlsx_rows

EN = {"Accept-Language": "en"}
ZH = {"Accept-Language": "zh-CN"}


def screen_ids(response) -> list[int]:
    cards = html(response).select("#appraisal-list ul.appraisal-cards a.appraisal-card")
    return [int(a["href"].rsplit("/", 1)[1]) for a in cards]


async def _appraisal(staff: int, make: str, *, outcome: str | None = None, **values) -> int:
    appraisal = await appraisal_queries.start_appraisal(staff)
    await appraisal_queries.update_fields(appraisal, {"make": make, **values}, staff)
    if outcome:
        await appraisal_queries.close(appraisal, outcome, staff, note="owner wants more")
    return appraisal


async def _data():
    wang = await make_staff("wang", {Role.APPRAISER}, display_name="王评估")
    zhao = await make_staff("zhao", {Role.APPRAISER}, display_name="赵评估")
    boss = await make_staff("boss", {Role.MANAGER})
    ids = {
        "wang_open": await _appraisal(
            wang,
            "丰田",
            model="凯美瑞",
            plate="粤B12345",
            mileage_km=45000,
            first_registration=date(2019, 5, 1),
            forecast_retail=128000,
        ),
        "wang_closed": await _appraisal(wang, "本田", outcome="declined"),
        "zhao_open": await _appraisal(zhao, "+大众", model="=1+2"),
    }
    return wang, zhao, boss, ids


async def test_an_appraiser_exports_their_own_list(client):
    wang, zhao, boss, ids = await _data()
    await sign_in(client, "wang")
    screen = screen_ids(await client.get("/appraisals", headers=EN))
    assert screen == [ids["wang_open"], ids["wang_closed"]]  # open first, as on the screen
    r = await client.get("/appraisals/export.xlsx", headers=EN)
    rows = xlsx_rows(r.content)
    header = texts(rows[0])
    assert "Appraiser" not in header  # the screen names nobody: they are all theirs
    col = {name: i for i, name in enumerate(header)}
    assert [int(row[0].value) for row in rows[1:]] == screen
    first = rows[1]
    assert first[col["Make"]].text == "丰田" and first[col["Plate number"]].text == "粤B12345"
    forecast = first[col["Forecast retail price"]]
    assert forecast.number and forecast.value == 128000 and "¥" in forecast.format
    assert first[col["First registration"]].as_date() == date(2019, 5, 1)
    assert first[col["Mileage (km)"]].number and first[col["Mileage (km)"]].value == 45000
    assert first[col["Created"]].is_date and "hh:mm" in first[col["Created"]].format
    assert rows[2][col["Outcome"]].text == "Owner declined"
    # the colleague's appraisal is not theirs to export, whatever the address asks
    r = await client.get(f"/appraisals/export.csv?appraiser={zhao}", headers=EN)
    assert [int(row[0]) for row in csv_rows(r.content)[1:]] == screen


async def test_a_managers_export_follows_the_lists_filters(client):
    wang, zhao, boss, ids = await _data()
    await sign_in(client, "boss")
    query = "outcome=open"
    screen = screen_ids(await client.get(f"/appraisals?{query}", headers=EN))
    assert sorted(screen) == sorted([ids["wang_open"], ids["zhao_open"]])
    rows = csv_rows((await client.get(f"/appraisals/export.csv?{query}", headers=EN)).content)
    assert rows[0][:2] == ["ID", "Appraiser"]
    assert [int(row[0]) for row in rows[1:]] == screen
    by_id = {int(row[0]): row for row in rows[1:]}
    assert by_id[ids["zhao_open"]][1] == "赵评估"
    col = {name: i for i, name in enumerate(rows[0])}
    assert by_id[ids["zhao_open"]][col["Make"]] == "'+大众"  # never a formula
    assert by_id[ids["zhao_open"]][col["Model"]] == "'=1+2"
    assert by_id[ids["wang_open"]][col["Forecast retail price"]] == "128000"
    rows = csv_rows(
        (await client.get(f"/appraisals/export.csv?appraiser={zhao}", headers=EN)).content
    )
    assert [int(row[0]) for row in rows[1:]] == [ids["zhao_open"]]
    logged = (
        await AuditEvent.select(AuditEvent.actor, AuditEvent.detail)
        .where(AuditEvent.kind == "appraisals_exported")
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    assert [e["actor"] for e in logged] == [boss, boss]
    assert logged[0]["detail"] == {"format": "csv", "filters": {"outcome": "open"}, "rows": 2}
    assert logged[1]["detail"] == {"format": "csv", "filters": {"appraiser_id": zhao}, "rows": 1}


async def test_chinese_headers_and_the_links(client):
    await _data()
    await sign_in(client, "boss")
    rows = xlsx_rows((await client.get("/appraisals/export.xlsx", headers=ZH)).content)
    assert texts(rows[0])[:3] == ["编号", "评估师", "品牌"]
    page = html(await client.get("/appraisals?outcome=open", headers=EN))
    hrefs = [a["href"] for a in page.select(".appraisal-export a")]
    assert hrefs == ["/appraisals/export.csv?outcome=open", "/appraisals/export.xlsx?outcome=open"]


async def test_a_consultant_may_not_export_appraisals(client):
    await _data()
    await make_staff("zhang.wei", {Role.CONSULTANT})
    await sign_in(client, "zhang.wei")
    assert (await client.get("/appraisals/export.csv")).status_code == 403
    assert await AuditEvent.count().where(AuditEvent.kind == "appraisals_exported") == 0
