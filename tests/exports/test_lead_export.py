"""The manager's lead export on the shared export module: the leads /leads shows with the same
filters (every one of them, in id order), typed cells, headers in the reader's language."""

from datetime import date

from db.audit.tables import AuditEvent
from db.leads.tables import Lead
from db.staff.rules import Role
from tests.conftest import html, make_staff, sign_in
from tests.exports.read import csv_rows, link_names, texts, xlsx_rows
from tests.leads.factories import make_lead

EN = {"Accept-Language": "en"}
ZH = {"Accept-Language": "zh-CN"}


def screen_ids(response) -> list[int]:
    return [int(a["href"].rsplit("/", 1)[1]) for a in html(response).select(".lead-row .ac-title")]


async def _data():
    boss = await make_staff("boss", {Role.MANAGER})
    zhang = await make_staff("zhang.wei", {Role.CONSULTANT}, display_name="张伟")
    ids = [
        await make_lead(zhang, name="王先生", grade="A", next_follow_up=date(2026, 12, 1)),
        await make_lead(zhang, name="李女士", grade="A", source=Lead.Source.website),
        await make_lead(None, name="赵先生", grade="A", next_follow_up=date(2026, 11, 1)),
        await make_lead(zhang, name="陈先生", grade="B"),
    ]
    return boss, zhang, ids


async def test_the_export_has_the_screens_leads_with_typed_cells(client):
    boss, zhang, ids = await _data()
    await sign_in(client, "boss")
    query = "grade=A&source=walk_in"
    screen = screen_ids(await client.get(f"/leads?{query}", headers=EN))
    assert sorted(screen) == [ids[0], ids[2]]
    page = html(await client.get(f"/leads?{query}", headers=EN))
    links = page.select(".lead-export a")
    assert link_names(links) == ["Export CSV", "Export Excel"]
    xlsx_href = links[1]["href"]
    assert "grade=A" in xlsx_href and "source=walk_in" in xlsx_href
    rows = xlsx_rows((await client.get(xlsx_href, headers=EN)).content)
    col = {name: i for i, name in enumerate(texts(rows[0]))}
    assert [int(row[0].value) for row in rows[1:]] == sorted(screen)  # id order, as before
    wang = rows[1]
    assert wang[col["Next follow-up"]].as_date() == date(2026, 12, 1)
    assert "hh:mm" in wang[col["Created"]].format and wang[col["Created"]].is_date
    assert rows[2][col["Owner"]].text == "public pool"
    csv_ids = [int(r[0]) for r in csv_rows((await client.get(links[0]["href"])).content)[1:]]
    assert csv_ids == sorted(screen)
    logged = (
        await AuditEvent.select(AuditEvent.detail)
        .where(AuditEvent.kind == "leads_exported")
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    assert [e["detail"]["format"] for e in logged] == ["xlsx", "csv"]
    assert logged[0]["detail"]["filters"] == {"grade": "A", "source": "walk_in"}
    assert logged[0]["detail"]["rows"] == 2


async def test_chinese_headers(client):
    await _data()
    await sign_in(client, "boss")
    header = csv_rows((await client.get("/manager/leads/export?format=csv", headers=ZH)).content)[0]
    assert header[:3] == ["编号", "称呼", "电话"]
