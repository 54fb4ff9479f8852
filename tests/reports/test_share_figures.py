"""The dashboard's shares and satisfaction: the share funnel within the period (links made,
visits, enquiries, leads, sales per consultant and per car, as db.shares.funnel counts
them) and the after-sale survey answers given in it, the lowest linking to the customer's
care page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.care.tables import Survey
from db.leads.enquiries import dealer_today
from db.leads.tables import Enquiry, Lead
from db.reports.period import period_for
from db.reports.shares import satisfaction, share_figures
from db.shares.tables import Share, ShareVisit
from db.staff.rules import Role
from tests.care.helpers import car
from tests.conftest import html, make_staff, sign_in
from tests.leads.factories import make_lead

EN = {"Accept-Language": "en"}
TZ = "Asia/Shanghai"


def _ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


async def _share(code: str, unit: int, who: int, made: datetime, visits: list[float]) -> None:
    share = Share(code=code, unit=unit, consultant=who, created_at=made)
    await share.save()
    await ShareVisit.insert(*[ShareVisit(share=share.id, created_at=_ago(d)) for d in visits])


async def _enquiry(code: str, unit: int, owner: int, status: str, days: float) -> int:
    enquiry = Enquiry(
        unit=unit, name="宋先生", phone="13822226666", source="shared_link", share_code=code,
        created_at=_ago(days),
    )  # fmt: skip
    await enquiry.save()
    return await make_lead(
        owner, source=Lead.Source.shared_link, enquiry=enquiry.id, status=status,
        unit=unit, created_at=_ago(days),
    )  # fmt: skip


async def _data() -> dict:
    await make_staff("boss", {Role.MANAGER}, display_name="经理", language="en")
    zhang = await make_staff("zhang", {Role.CONSULTANT}, display_name="张婷")
    li = await make_staff("li", {Role.CONSULTANT}, display_name="李娜")
    camry, accord = await car(make="丰田", model="凯美瑞"), await car(make="本田", model="雅阁")
    # 张婷's link made in the period: 3 visits in it, 1 long before; two enquiries, one won
    await _share("zt7kq2mh", camry, zhang, _ago(10), [1, 2, 9, 80])
    sold = await _enquiry("zt7kq2mh", camry, zhang, Lead.Status.won, 2)
    await _enquiry("zt7kq2mh", camry, zhang, Lead.Status.following, 1)
    # 李娜's link made before the period: only its visit in the period counts
    await _share("cj5vx4ta", accord, li, _ago(60), [3, 61])
    # surveys: three in the period, one before
    happy = await make_lead(zhang, status=Lead.Status.won, name="刘女士")
    cross = await make_lead(li, status=Lead.Status.won, name="周先生")
    for lead, score, days, comment in (
        (happy, 5, 3, "很满意"),
        (sold, 4, 1, ""),
        (cross, 2, 2, "上牌等了太久，没人回电话"),
        (cross, 1, 50, "早先的投诉"),
    ):
        await Survey.insert(
            Survey(lead=lead, satisfaction=score, comment=comment, created_at=_ago(days))
        )
    return {"zhang": zhang, "li": li, "camry": camry, "accord": accord, "cross": cross}


def _period():
    return period_for("30d", dealer_today())


async def test_figures_on_factory_data(db):
    d = await _data()
    f = await share_figures(_period(), None, TZ)
    people = {p["id"]: {s: p[s] for s in f["stages"]} for p in f["people"]}
    assert people[d["zhang"]] == {"shares": 1, "visits": 3, "enquiries": 2, "leads": 2, "sales": 1}
    assert people[d["li"]] == {"shares": 0, "visits": 1, "enquiries": 0, "leads": 0, "sales": 0}
    cars = {c["id"]: c["visits"] for c in f["cars"]}
    assert cars == {d["camry"]: 3, d["accord"]: 1}
    assert f["totals"] == {"shares": 1, "visits": 4, "enquiries": 2, "leads": 2, "sales": 1}
    s = f["satisfaction"]
    assert (s["count"], s["average"]) == (3, 3.7)
    assert [(b["score"], b["n"]) for b in s["spread"]] == [(5, 1), (4, 1), (3, 0), (2, 1), (1, 0)]
    assert [(a["lead_id"], a["satisfaction"]) for a in s["lowest"]] == [(d["cross"], 2)]

    mine = await share_figures(_period(), {"id": d["li"]}, TZ)
    assert [p["id"] for p in mine["people"]] == [d["li"]]
    assert mine["totals"]["visits"] == 1
    assert mine["satisfaction"]["count"] == 1 and mine["satisfaction"]["average"] == 2


async def test_the_section_shows_the_funnel_and_the_lowest_answer_leads_to_its_care(client):
    d = await _data()
    await sign_in(client, "boss")
    doc = html(await client.get("/manager/dashboard", params={"period": "30d"}, headers=EN))
    section = doc.select_one("#report-shares")
    row = section.select_one(f"#share-people tr[data-id='{d['zhang']}']")
    assert [row.select_one(f".n-{s}").get_text(strip=True) for s in ("visits", "sales")] == [
        "3",
        "1",
    ]
    totals = section.select_one("#share-totals .n-visits strong").get_text(strip=True)
    assert totals == "4"
    assert section.select_one("#satisfaction-totals .n-average strong").get_text() == "3.7"
    assert section.select_one("#satisfaction-totals .n-count strong").get_text() == "3"
    lowest = section.select("#satisfaction-lowest a")
    assert [a["href"] for a in lowest] == [f"/leads/{d['cross']}/care"]
    care = await client.get(lowest[0]["href"], headers=EN)
    assert care.status_code == 200
    assert "上牌等了太久" in html(care).get_text()
    assert section.select_one("a[href^='/shares?days=']")["href"] == "/shares?days=30"


async def test_an_empty_period_shows_zeros_and_hints(client):
    await _data()
    await sign_in(client, "boss")
    doc = html(
        await client.get(
            "/manager/dashboard",
            params={"period": "custom", "start": "2024-01-01", "end": "2024-01-31"},
            headers=EN,
        )
    )
    section = doc.select_one("#report-shares")
    assert {s.get_text() for s in section.select("#share-totals strong")} == {"0"}
    hints = [p.get_text(" ", strip=True) for p in section.select(".report-hint")]
    assert hints == [
        "No shares, visits or enquiries by share link in this period.",
        "No satisfaction survey was answered in this period.",
    ]


async def test_the_person_chosen_narrows_the_section(client):
    d = await _data()
    await sign_in(client, "boss")
    doc = html(
        await client.get(
            "/manager/dashboard", params={"period": "30d", "person": d["zhang"]}, headers=EN
        )
    )
    section = doc.select_one("#report-shares")
    assert [r["data-id"] for r in section.select("#share-people tbody tr")] == [str(d["zhang"])]
    assert section.select_one("#satisfaction-totals .n-count strong").get_text() == "2"
    assert section.select_one("#satisfaction-lowest") is None  # 5 and 4: nobody unhappy


async def test_the_section_runs_a_fixed_number_of_queries(db, sql_log):
    d = await _data()
    sql_log.clear()
    await share_figures(_period(), None, TZ)
    few = len(sql_log)
    other = await car(make="大众", model="帕萨特")
    await _share("zz8kq2mh", other, d["li"], _ago(4), [1, 1, 2])
    await _enquiry("zz8kq2mh", other, d["li"], Lead.Status.new, 1)
    sql_log.clear()
    await share_figures(_period(), None, TZ)
    assert len(sql_log) == few <= 5


def test_satisfaction_without_answers():
    s = satisfaction([])
    assert (s["count"], s["average"], s["lowest"]) == (0, None, [])
    assert [b["n"] for b in s["spread"]] == [0, 0, 0, 0, 0]
