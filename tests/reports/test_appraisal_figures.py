"""The dashboard's appraisals: appraised and bought (look-to-book) per appraiser, forecasts
against sale prices, appraisals without an outcome past the limit and the 飞单 watch list,
counted from the appraisals created in the period, each count a link to the Appraise list
showing exactly those appraisals; and that list's filters and their bad input."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from db.appraisals import queries
from db.appraisals.filters import AppraisalFilters
from db.appraisals.tables import Appraisal
from db.leads.enquiries import dealer_today
from db.reports.appraisals import appraisal_figures, judge, look_to_book
from db.reports.period import period_for
from db.staff.rules import Role
from db.stock.tables import StockUnit
from tests.conftest import html, make_staff, sign_in

EN = {"Accept-Language": "en"}
TZ = "Asia/Shanghai"
VIN_X = "LGBH52E07LA047316"  # appraised twice, never bought
VIN_Y = "LVGBE40K5MG158342"  # appraised twice, bought the second time


async def _appraisal(
    appraiser: int,
    days_ago: float,
    outcome: str | None = None,
    *,
    vin: str = "",
    forecast: int | None = None,
    sold_for: int | None = None,
    state: str = "sold",
    make: str = "丰田",
) -> int:
    """An appraisal as the app makes it (started, filled, closed), then dated back; an
    acquired one whose car left stock at `sold_for` (sold at retail, or `state`)."""
    appraisal_id = await queries.start_appraisal(appraiser)
    values = {"make": make, "model": "卡罗拉", "vin": vin, "forecast_retail": forecast}
    await queries.update_fields(appraisal_id, values, appraiser)
    if outcome:
        await queries.close(
            appraisal_id,
            outcome,
            appraiser,
            note="test",
            owner_expected_price=100000 if outcome == "declined" else None,
            purchase_price=50000,
        )
    when = datetime.now(UTC) - timedelta(days=days_ago)
    await Appraisal.update({Appraisal.created_at: when}).where(Appraisal.id == appraisal_id)
    if sold_for is not None:
        await StockUnit.update(
            {StockUnit.state: state, StockUnit.sale_price: sold_for, StockUnit.left_at: when}
        ).where(StockUnit.appraisal == appraisal_id)
    return appraisal_id


async def _data() -> dict:
    boss = await make_staff("boss", {Role.MANAGER}, display_name="经理", language="en")
    li = await make_staff("li", {Role.APPRAISER}, display_name="李明")
    zhao = await make_staff("zhao", {Role.APPRAISER}, display_name="赵磊")
    d = {"boss": boss, "li": li, "zhao": zhao}
    # 李明, in the last 30 days: three bought and sold at retail (one of VIN Y, appraised
    # and declined before), one declined, one open for five days (past the 3-day limit)
    d["a1"] = await _appraisal(li, 6, "acquired", vin=VIN_Y, forecast=100000, sold_for=95000)
    d["a2"] = await _appraisal(li, 8, "acquired", forecast=80000, sold_for=82000)
    d["a3"] = await _appraisal(li, 9, "acquired", forecast=60000, sold_for=57000)
    d["a4"] = await _appraisal(li, 10, "declined", vin=VIN_Y, forecast=98000)
    d["a5"] = await _appraisal(li, 5)
    # 赵磊: one bought and sold (too few to judge), one sold elsewhere: VIN X, which 李明
    # appraised two months ago and the owner declined
    d["b1"] = await _appraisal(zhao, 4, "acquired", forecast=50000, sold_for=52000)
    d["b2"] = await _appraisal(zhao, 2, "sold_elsewhere", vin=VIN_X, forecast=70000, make="日产")
    # outside the period: not counted (though C3 is overdue on the Appraise tab)
    d["c1"] = await _appraisal(li, 60, "declined", vin=VIN_X, forecast=72000, make="日产")
    d["c2"] = await _appraisal(zhao, 60, "acquired", forecast=90000, sold_for=80000)
    d["c3"] = await _appraisal(li, 40)
    # bought and wholesaled in the period: a trade bid is no retail sale
    d["b3"] = await _appraisal(
        zhao, 3, "acquired", forecast=40000, sold_for=30000, state="wholesale"
    )
    return d


def _month():
    return period_for("30d", dealer_today())


def test_look_to_book_and_judgement_rules():
    assert look_to_book(0, 0) is None
    assert look_to_book(3, 4) == 0.75
    few = judge(1, "李明", [(100000, 95000), (80000, 82000)])
    assert not few.enough and few.forecast is None and few.error is None
    j = judge(1, "李明", [(100000, 95000), (80000, 82000), (60000, 57000)])
    assert j.enough and (j.cars, j.forecast, j.actual, j.error) == (3, 80000, 78000, 2000)
    assert j.error_share == pytest.approx(2000 / 78000)
    assert j.miss_share == pytest.approx((5000 / 95000 + 2000 / 82000 + 3000 / 57000) / 3)
    low = judge(2, "赵磊", [(50000, 52000), (40000, 41000), (30000, 30000)])
    assert low.error == -1000 and low.error_share < 0 < low.miss_share


async def test_figures_on_factory_data(db, sql_log):
    d = await _data()
    sql_log.clear()
    f = await appraisal_figures(_month(), None, TZ)
    assert len(sql_log) == 5  # whatever the data: no query in a loop
    assert (f.appraised, f.acquired, f.overdue, f.outcome_due_days) == (8, 5, 1, 3)
    assert f.look_to_book == pytest.approx(5 / 8)
    people = {a.name: (a.appraised, a.acquired, a.overdue) for a in f.appraisers}
    assert people == {"李明": (5, 3, 1), "赵磊": (3, 2, 0)}
    judged = {j.name: j for j in f.judgements}
    assert judged["李明"].enough and (judged["李明"].forecast, judged["李明"].actual) == (
        80000,
        78000,
    )
    assert judged["李明"].error == 2000
    assert judged["赵磊"].cars == 1 and not judged["赵磊"].enough  # the wholesale one is out
    assert [w.vin for w in f.watch] == [VIN_X]  # VIN Y was bought in the end
    trail = f.watch[0].appraisals
    assert [a["id"] for a in trail] == [d["b2"], d["c1"]]  # newest first, the older one too
    assert [a["appraiser_name"] for a in trail] == ["赵磊", "李明"]
    assert [a["outcome"] for a in trail] == ["sold_elsewhere", "declined"]

    await _appraisal(d["zhao"], 1, "declined", vin="LSVNX4180G2096731")
    await _appraisal(d["zhao"], 1, "declined", vin="LSVNX4180G2096731")
    sql_log.clear()
    f = await appraisal_figures(_month(), None, TZ)
    assert len(sql_log) == 5 and len(f.watch) == 2
    assert [m for m, *_ in f.months] == _month().months()  # a row for each month
    assert sum(n for _, n, _ in f.months) == f.appraised == 10


async def test_every_count_links_to_a_list_of_exactly_those_appraisals(client):
    await _data()
    await sign_in(client, "boss")
    doc = html(await client.get("/manager/dashboard", params={"period": "30d"}, headers=EN))
    section = doc.select_one("#report-appraisals")
    kpis = {li["class"][0]: li for li in section.select(".report-kpis li")}
    assert kpis["n-appraised"].strong.get_text(strip=True) == "8"
    assert kpis["n-look-to-book"].strong.get_text(strip=True) == "62%"
    links = [a for a in section.select("a[href^='/appraisals?']")]
    checked = 0
    for a in links:
        number = re.match(r"\d+", a.get_text(strip=True))
        if number is None:  # a chart row: its number is in the row's value
            number = re.match(r"\d+/(\d+)", a.find_parent("tr").select_one(".bar-value").text)
            expected = int(number[1])
        else:
            expected = int(number[0])
        listed = html(await client.get(a["href"], headers=EN)).select(
            "#appraisal-list .appraisal-cards li"
        )
        assert len(listed) == expected, (a["href"], a.get_text(strip=True))
        checked += 1
    # 3 totals, 2 chart rows, 2 × 3 table cells, 2 judgements, 1 watched VIN
    assert checked == 14


async def test_the_watch_list_names_the_appraisers_and_links_each_appraisal(client):
    d = await _data()
    await sign_in(client, "boss")
    doc = html(await client.get("/manager/dashboard", params={"period": "30d"}, headers=EN))
    cars = doc.select("#appraisal-watch .watch-car")
    assert [c["data-vin"] for c in cars] == [VIN_X]
    assert cars[0].select_one(".vin").get_text(strip=True) == VIN_X  # a manager sees it whole
    rows = cars[0].select(".watch-trail li a")
    assert [r["href"] for r in rows] == [f"/appraisals/{d['b2']}", f"/appraisals/{d['c1']}"]
    assert [r.select_one(".watch-who").get_text(strip=True) for r in rows] == ["赵磊", "李明"]
    assert [r.select_one(".badge").get_text(strip=True) for r in rows] == [
        "Sold elsewhere",
        "Owner declined",
    ]
    judgements = {
        j.strong.get_text(strip=True): j for j in doc.select("#appraisal-judgements .judgement")
    }
    assert "Too few sold cars to judge" in judgements["赵磊"].get_text(" ", strip=True)
    error = judgements["李明"].select_one(".judgement-error dd").get_text(strip=True)
    assert error == "+¥2,000 (+2.6%)"


async def test_an_empty_period_shows_zeros_and_a_hint(client):
    await _data()
    await sign_in(client, "boss")
    r = await client.get(
        "/manager/dashboard",
        params={"period": "custom", "start": "2024-01-01", "end": "2024-01-31"},
        headers=EN,
    )
    assert r.status_code == 200
    section = html(r).select_one("#report-appraisals")
    numbers = [s.get_text(strip=True) for s in section.select(".report-kpis strong")]
    assert numbers == ["0", "0", "—", "0"]
    assert (
        section.select_one(".report-hint")
        .get_text(strip=True)
        .startswith("No appraisals were started in this period")
    )
    assert section.select(".bar-table, #appraisal-watch, #appraisal-judgements") == []


async def test_the_person_chosen_narrows_the_section(client):
    d = await _data()
    await sign_in(client, "boss")
    doc = html(
        await client.get(
            "/manager/dashboard", params={"period": "30d", "person": d["zhao"]}, headers=EN
        )
    )
    section = doc.select_one("#report-appraisals")
    assert section.select_one(".report-kpis strong").get_text(strip=True) == "3"
    assert [r["data-id"] for r in section.select("#appraisal-people tbody tr")] == [str(d["zhao"])]
    first = section.select_one(".report-kpis a")["href"]
    assert f"appraiser={d['zhao']}" in first
    assert len(html(await client.get(first, headers=EN)).select(".appraisal-cards li")) == 3
    # his VIN X appraisal brings in the whole trail, 李明's earlier one too
    assert [c["data-vin"] for c in section.select(".watch-car")] == [VIN_X]
    li = await appraisal_figures(_month(), {"id": d["li"]}, TZ)
    assert (li.appraised, li.acquired, li.overdue) == (5, 3, 1) and li.watch == []


async def test_a_bad_date_on_the_list_is_refused_beside_its_field_and_the_list_kept(client):
    await _data()
    await sign_in(client, "boss")
    everyone = len(html(await client.get("/appraisals", headers=EN)).select(".appraisal-cards li"))
    assert everyone == 11
    doc = html(await client.get("/appraisals?created_from=2026-02-31", headers=EN))
    field = doc.select_one("#filter-created_from")
    assert field["value"] == "2026-02-31" and field["aria-invalid"] == "true"
    assert doc.select_one("#filter-created_from-error").get_text(strip=True) == "Not a date."
    assert len(doc.select(".appraisal-cards li")) == everyone
    first, last = dealer_today().isoformat(), (dealer_today() - timedelta(days=3)).isoformat()
    doc = html(await client.get(f"/appraisals?created_from={first}&created_to={last}", headers=EN))
    assert doc.select_one("#filter-created_to-error").get_text(strip=True) == (
        "The last day is before the first."
    )
    assert len(doc.select(".appraisal-cards li")) == everyone
    # unknown values are ignored; what is good still applies
    doc = html(await client.get("/appraisals?outcome=stolen&overdue=1&appraiser=x", headers=EN))
    assert len(doc.select(".appraisal-cards li")) == 2  # a5 and c3, the two overdue


async def test_the_plain_list_is_unchanged_and_an_appraiser_sees_only_their_own(client):
    d = await _data()
    await sign_in(client, "zhao")
    doc = html(await client.get("/appraisals", headers=EN))
    assert len(doc.select(".appraisal-cards li")) == 4
    assert not doc.select_one("details.list-filter").has_attr("open")  # no filter, closed
    doc = html(await client.get(f"/appraisals?appraiser={d['li']}&outcome=acquired", headers=EN))
    titles = doc.select(".appraisal-cards li")
    assert len(titles) == 3  # his own acquired ones; another appraiser's name is ignored
    assert doc.select_one("#filter-appraiser") is None


async def test_the_filters_condition_needs_the_rule_for_overdue(db):
    with pytest.raises(ValueError):
        AppraisalFilters(overdue=True).where()
    assert not AppraisalFilters() and AppraisalFilters(vin=VIN_X)


async def test_a_list_cut_at_its_limit_says_so_and_keeps_the_newest(client, monkeypatch):
    d = await _data()
    monkeypatch.setattr(queries, "LIST_LIMIT", 2)
    await sign_in(client, "boss")
    doc = html(await client.get(f"/appraisals?appraiser={d['li']}&outcome=acquired", headers=EN))
    shown = [a["href"] for a in doc.select(".appraisal-cards li a")]
    assert shown == [f"/appraisals/{d['a3']}", f"/appraisals/{d['a2']}"]  # a1 is the oldest
    assert doc.select_one(".list-more").get_text(strip=True).startswith("Only the newest 2")
    doc = html(await client.get("/appraisals?outcome=sold_elsewhere", headers=EN))
    assert len(doc.select(".appraisal-cards li")) == 1 and doc.select_one(".list-more") is None
