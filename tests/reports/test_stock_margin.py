"""The dashboard's STOCK and MARGIN sections: figures on small factory-built stock, each
figure equal to the length of the list it links to, the empty period, one person's cars,
and the month's running costs that turn gross into net (bad input refused beside the
field, nothing saved)."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

from db.audit.tables import AuditEvent
from db.leads.enquiries import dealer_today
from db.reports.margin import margin_figures
from db.reports.period import period_for
from db.reports.period_costs import enter_cost, parse_cost, parse_month
from db.reports.stock import stock_figures
from db.reports.tables import PeriodCost
from db.staff.rules import Role
from db.stock.tables import ReconTask, StockUnit
from tests.conftest import csrf_token, html, make_staff
from tests.stock.helpers import acquired

EN = {"Accept-Language": "en"}


async def _left(unit: int, state: str, sale_price: int, days_ago: float = 0) -> None:
    """The car left stock `days_ago` (sold at retail or wholesaled) at `sale_price`."""
    await StockUnit.update(
        {
            StockUnit.state: state,
            StockUnit.sale_price: sale_price,
            StockUnit.left_at: datetime.now(UTC) - timedelta(days=days_ago, minutes=1),
        }
    ).where(StockUnit.id == unit)


async def _recon(unit: int, cost: int) -> None:
    await ReconTask.insert(ReconTask(unit=unit, kind="repair", label="保养", cost=cost, done=True))


async def _buyer(unit: int) -> int:
    row = await StockUnit.select(StockUnit.acquired_by).where(StockUnit.id == unit).first()
    return row["acquired_by"]


def _kpis(section) -> dict[str, tuple[str, str | None]]:
    """Each figure's label (its first words) -> (the number shown, the link it has)."""
    out = {}
    for item in section.select(".report-kpis li"):
        label = item.select_one("span").get_text(" ", strip=True).split(" · ")[0]
        link = item.select_one("a")
        out[label] = (
            item.select_one("strong").get_text(strip=True),
            link["href"] if link else None,
        )
    return out


async def _listed(client, url: str) -> int:
    """How many cars the stock list at `url` shows."""
    response = await client.get(url)
    assert response.status_code == 200, url
    return len(html(response).select("a.appraisal-card"))


async def _stock_of_four() -> list[int]:
    """Four cars in stock at 5, 35, 50 and 100 days, bought for 10, 20, 30 and 40 万."""
    units = []
    for days, price in ((5, 100000), (35, 200000), (50, 300000), (100, 400000)):
        units.append(await acquired(days_ago=days, price=price))
    await _recon(units[0], 3000)
    return units


async def test_stock_figures_count_today_s_stock_by_the_list_s_own_rules(db):
    await _stock_of_four()
    sold = await acquired(days_ago=200, price=50000)
    await _left(sold, "sold", 80000, days_ago=3)  # left: not in stock, not counted
    f = await stock_figures()
    assert f["count"] == 4
    assert f["average_days"] == 48  # (5 + 35 + 50 + 100) / 4 = 47.5
    assert f["median_days"] == 42.5
    assert f["aged"] == 2 and f["aged_share"] == 0.5  # 50 and 100 days: past 45
    assert [b["count"] for b in f["bands"]] == [1, 1, 1, 0, 1]
    assert [(b["low"], b["high"]) for b in f["bands"]][-1] == (90, None)
    assert f["value"] == 100000 + 200000 + 300000 + 400000 + 3000


async def test_every_stock_figure_equals_the_list_it_links_to(signed_in):
    await _stock_of_four()
    client = await signed_in({Role.MANAGER})
    doc = html(await client.get("/manager/dashboard", headers=EN))
    section = doc.select_one("#stock")
    kpis = _kpis(section)
    count, list_url = kpis["cars in stock"]
    assert count == "4" and await _listed(client, list_url) == 4
    share, aged_url = kpis["aged, 45+ days"]
    assert share == "50%" and await _listed(client, aged_url) == 2
    assert "2 cars" in section.select(".report-kpis li")[1].get_text()
    assert section.select_one("#stock-days").get_text(strip=True) == (
        "Days in stock: 48 on average, median 42.5."
    )
    rows = section.select("table.chart-data tbody tr")
    assert len(rows) == 5
    for row in rows:  # every age band's bar: its count is the length of its list
        count = int(row.td.get_text(strip=True))
        assert await _listed(client, row.a["href"]) == count, row.a["href"]
    assert [r.td.get_text(strip=True) for r in rows] == ["1", "1", "1", "0", "1"]
    assert "is-risk" in section.select("svg rect.bar")[2]["class"]  # 45–59: risk stock


async def test_the_age_band_list_says_what_it_is_narrowed_to(signed_in):
    await _stock_of_four()
    client = await signed_in({Role.MANAGER})
    doc = html(await client.get("/inventory?band=1", headers=EN))
    assert doc.select_one(".narrowed").get_text(" ", strip=True).startswith("30–44 days")
    assert doc.select_one("form.filters input[name=band]")["value"] == "1"  # kept on change
    for bad in ("band=9", "band=x", "left_from=soon", "by=me"):  # ignored, never an error
        assert await _listed(client, f"/inventory?{bad}") == 4, bad


async def test_margin_counts_cars_that_left_in_the_period_retail_and_wholesale(db):
    a, b, c, d, e = [await acquired(days_ago=60, price=100000) for _ in range(5)]
    await _recon(a, 5000)
    await _left(a, "sold", 130000, days_ago=2)  # gross 130000 - 100000 - 5000 = 25000
    await _left(b, "sold", 120000, days_ago=10)  # 20000
    await _left(c, "wholesale", 95000, days_ago=5)  # -5000: a loss to the trade
    await _left(d, "sold", 150000, days_ago=45)  # before the period
    period = period_for("30d", dealer_today())
    f = await margin_figures(period)
    assert f["total"]["count"] == 3 and f["total"]["gross"] == 40000
    assert f["total"]["per_car"] == 13333
    retail, trade = f["kinds"]["sold"], f["kinds"]["wholesale"]
    assert (retail["count"], retail["gross"], retail["per_car"]) == (2, 45000, 22500)
    assert retail["rate"] == 45000 / 250000
    assert (trade["count"], trade["gross"], trade["per_car"]) == (1, -5000, -5000)
    assert e  # still in stock: no margin yet


async def test_margin_counts_equal_the_lists_they_link_to(signed_in):
    a, b, c, d = [await acquired(days_ago=60, price=100000) for _ in range(4)]
    await _left(a, "sold", 130000, days_ago=2)
    await _left(b, "wholesale", 90000, days_ago=6)
    await _left(c, "sold", 110000, days_ago=50)  # before the period: in neither
    client = await signed_in({Role.MANAGER})
    doc = html(await client.get("/manager/dashboard?period=30d", headers=EN))
    section = doc.select_one("#margin")
    count, url = _kpis(section)["cars left stock"]
    assert count == "2" and await _listed(client, url) == 2
    for kind, expected in (("sold", 1), ("wholesale", 1)):
        cell = section.select_one(f"tr[data-kind={kind}] td.n-cars")
        assert cell.get_text(strip=True) == str(expected)
        assert await _listed(client, cell.a["href"]) == expected
    listed = html(await client.get(url, headers=EN))
    assert "Left stock" in listed.select_one(".narrowed").get_text()


async def test_a_period_without_cars_shows_zeros_and_a_hint(signed_in):
    client = await signed_in({Role.MANAGER})
    response = await client.get("/manager/dashboard?period=last_month", headers=EN)
    assert response.status_code == 200
    doc = html(response)
    assert _kpis(doc.select_one("#stock"))["cars in stock"][0] == "0"
    assert "No cars in stock now" in doc.select_one("#stock .report-hint").get_text()
    margin = doc.select_one("#margin")
    assert _kpis(margin)["cars left stock"][0] == "0"
    assert _kpis(margin)["gross margin"][0] == "¥0"
    assert "No car left stock" in margin.select_one(".report-hint").get_text()
    assert margin.select_one("svg") is None  # no chart of nothing


async def test_one_person_s_figures_are_the_cars_they_bought_in(signed_in):
    mine = await acquired(days_ago=50, price=100000)
    sold_mine = await acquired(days_ago=70, price=100000)
    await _left(sold_mine, "sold", 125000, days_ago=1)
    theirs = await acquired(days_ago=10, price=200000)
    await _left(await acquired(days_ago=70, price=100000), "sold", 160000, days_ago=1)
    buyer = await _buyer(mine)
    await StockUnit.update({StockUnit.acquired_by: buyer}).where(StockUnit.id == sold_mine)
    assert await _buyer(theirs) != buyer
    client = await signed_in({Role.MANAGER})
    doc = html(await client.get(f"/manager/dashboard?period=30d&person={buyer}", headers=EN))
    stock = _kpis(doc.select_one("#stock"))
    assert stock["cars in stock"][0] == "1" and f"by={buyer}" in stock["cars in stock"][1]
    assert await _listed(client, stock["cars in stock"][1]) == 1
    margin = doc.select_one("#margin")
    count, url = _kpis(margin)["cars left stock"]
    assert count == "1" and await _listed(client, url) == 1
    assert _kpis(margin)["gross margin"][0] == "¥25,000"
    assert margin.select_one("#net-person")  # net is the dealership's alone
    assert margin.select_one("#net-figure") is None


async def _post_cost(client, **fields):
    token = await csrf_token(client)
    return await client.post(
        "/manager/dashboard/costs",
        data={"_csrf_token": token, "period": "month", **fields},
        headers=EN,
    )


async def test_bad_period_costs_are_refused_beside_the_field_and_nothing_is_saved(signed_in):
    client = await signed_in({Role.MANAGER})
    month = dealer_today().isoformat()[:7]
    for amount, message in (
        ("-5000", "Costs cannot be negative."),
        ("lots", "Enter the month's costs, e.g. 8.5万 or 85000."),
        ("", "Enter the month's costs, e.g. 8.5万 or 85000."),
    ):
        response = await _post_cost(client, month=month, amount=amount, note="房租")
        assert response.status_code == 422, amount
        doc = html(response)
        assert doc.select_one("#cost-amount-error").get_text(strip=True) == message
        assert doc.select_one("#cost-amount")["value"] == amount  # kept as typed
        assert doc.select_one("#cost-note")["value"] == "房租"
        assert doc.select_one("details.cost-entry").has_attr("open")
    future = (dealer_today().replace(day=28) + timedelta(days=10)).isoformat()[:7]
    doc = html(await _post_cost(client, month=future, amount="85000"))
    assert doc.select_one("#cost-month-error").get_text(strip=True) == (
        "Costs can be entered for this month or earlier."
    )
    assert await PeriodCost.count() == 0
    assert await AuditEvent.count().where(AuditEvent.kind == "period_cost_entered") == 0


async def test_net_margin_waits_for_the_months_costs_then_subtracts_them(signed_in):
    sold = await acquired(days_ago=30, price=100000)
    await _left(sold, "sold", 160000)  # gross 60000, today
    client = await signed_in({Role.MANAGER})
    doc = html(await client.get("/manager/dashboard?period=month", headers=EN))
    assert "Enter period costs to see net margin" in doc.select_one("#net-missing").get_text()
    assert doc.select_one("#net-figure") is None  # not a made-up number
    month = dealer_today().isoformat()[:7]
    response = await _post_cost(client, month=month, amount="5万", note="房租 工资")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/manager/dashboard?period=month")
    response = await _post_cost(client, month=month, amount="45000")  # replaces, kept
    assert await PeriodCost.count() == 2
    doc = html(await client.get("/manager/dashboard?period=month", headers=EN))
    margin = doc.select_one("#margin")
    # 60000 - 45000 (the month's newest figure) for the days of the month gone so far
    today = dealer_today()
    month_days = calendar.monthrange(today.year, today.month)[1]
    costs = 45000 * today.day // month_days
    assert margin.select_one("#net-figure strong").get_text(strip=True) == f"¥{60000 - costs:,}"
    assert f"¥{costs:,}" in margin.select_one("#net-sum").get_text()
    if today.day < month_days:
        assert f"{today.day} of {month_days} days" in margin.select_one("#net-partial").get_text()
    event = await AuditEvent.select().where(AuditEvent.kind == "period_cost_entered").first()
    assert event["subject"] == month


async def test_a_period_over_months_draws_gross_per_car_month_by_month(signed_in):
    a, b = [await acquired(days_ago=200, price=100000) for _ in range(2)]
    await _left(a, "sold", 120000)
    await _left(b, "wholesale", 105000)
    client = await signed_in({Role.MANAGER})
    doc = html(await client.get("/manager/dashboard?period=12m", headers=EN))
    chart = doc.select_one("#margin figure.line-chart")
    head = [th.get_text(strip=True) for th in chart.select("table thead th")]
    assert head == ["Retail", "Wholesale"]
    rows = chart.select("table tbody tr")
    assert len(rows) == 12
    assert [td.get_text(strip=True) for td in rows[-1].select("td")] == ["¥20,000", "¥5,000"]
    assert [td.get_text(strip=True) for td in rows[0].select("td")] == ["—", "—"]


async def test_the_sections_cost_the_same_few_queries_whatever_the_stock(db, sql_log):
    period = period_for("30d", dealer_today())
    await _left(await acquired(days_ago=60), "sold", 130000, days_ago=1)
    await acquired(days_ago=3)
    sql_log.clear()
    await stock_figures()
    await margin_figures(period)
    few = len(sql_log)
    for i in range(5):
        unit = await acquired(days_ago=10 + i)
        await _recon(unit, 500)
        if i % 2:
            await _left(unit, "wholesale", 90000, days_ago=i)
    sql_log.clear()
    await stock_figures()
    await margin_figures(period)
    assert len(sql_log) == few


def test_a_month_and_an_amount_as_a_manager_types_them():
    today = dealer_today()
    assert parse_month("2026-03", today.replace(year=2026, month=11)).isoformat() == "2026-03-01"
    assert parse_cost("8.5万") == 85000
    assert parse_cost("85000") == 85000
    assert parse_cost("0") == 0
    for bad in ("-1", "−3万", "abc", "", "2亿"):
        try:
            parse_cost(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
    for bad in ("", "2026-13", "March", "1999-01"):
        try:
            parse_month(bad, today)
        except ValueError:
            continue
        raise AssertionError(bad)


async def test_a_period_over_parts_of_two_months_bears_their_costs_by_the_day(db):
    """30 days from 17 October to 15 November: 15 of October's 31 days and 15 of November's
    30 days of running costs, not two whole months."""
    boss = await make_staff("boss", {Role.MANAGER})
    await enter_cost(date(2026, 10, 1), 31000, "", boss)
    await enter_cost(date(2026, 11, 1), 60000, "", boss)
    period = period_for("30d", date(2026, 11, 15))
    net = (await margin_figures(period))["net"]
    assert net["costs"] == 15000 + 30000
    assert net["net"] == -45000  # nothing sold
    assert net["partial"] == [
        {"month": date(2026, 10, 1), "days": 15, "of": 31},
        {"month": date(2026, 11, 1), "days": 15, "of": 30},
    ]
    whole = (await margin_figures(period_for("last_month", date(2026, 12, 3))))["net"]
    assert (whole["costs"], whole["partial"]) == (60000, [])
