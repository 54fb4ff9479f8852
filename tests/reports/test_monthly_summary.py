"""The monthly summary (/manager/summary): the manager's only; last full month unless told;
a month that cannot be shown refused beside the picker with the last full month shown
meanwhile; the same figures the dashboard shows for that month; an empty month in zeros
with a hint; a print stylesheet the CSP allows, sized for one A4 page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from db.care.tables import Survey
from db.leads.enquiries import dealer_today
from db.leads.tables import Lead
from db.staff.rules import Role
from tests.conftest import html, make_staff, sign_in
from tests.leads.factories import make_lead
from tests.reports.test_appraisal_figures import _appraisal
from tests.reports.test_stock_margin import _left
from tests.stock.helpers import acquired
from web.reports.summary import chosen_month, last_full_month, month_period

EN = {"Accept-Language": "en"}
TZ = "Asia/Shanghai"
CSS = Path(__file__).parents[2] / "web" / "static" / "css" / "summary.css"


def _last_month():
    return last_full_month(dealer_today())


def _days_ago_in_last_month(day: int) -> float:
    """How many days ago noon of `day` of last month was (in the dealership's zone)."""
    when = datetime.combine(_last_month().replace(day=day), time(12), ZoneInfo(TZ))
    return (datetime.now(UTC) - when).total_seconds() / 86400


def _key(month) -> str:
    return month.isoformat()[:7]


async def _manager(client) -> None:
    await make_staff("boss", {Role.MANAGER}, display_name="经理", language="en")
    await sign_in(client, "boss")


async def _last_months_business() -> None:
    """Last month: two retail sales and a wholesale, three appraisals by two appraisers,
    four leads (one won, one lost), a survey; and, to be left out, the same this month."""
    li = await make_staff("li", {Role.APPRAISER}, display_name="李明")
    zhao = await make_staff("zhao", {Role.APPRAISER}, display_name="赵磊")
    zhang = await make_staff("zhang", {Role.CONSULTANT}, display_name="张婷")
    ago = _days_ago_in_last_month(10)
    for state, bought, sold in (("sold", 100000, 118000), ("sold", 80000, 91000)):
        await _left(await acquired(days_ago=int(ago) + 30, price=bought), state, sold, ago)
    await _left(await acquired(days_ago=int(ago) + 40, price=60000), "wholesale", 55000, ago)
    await acquired(days_ago=20)  # in stock now
    await _appraisal(li, ago, "acquired")
    await _appraisal(li, ago + 1, "declined")
    await _appraisal(zhao, ago + 2)
    await _appraisal(zhao, 0.5)  # this month
    made = datetime.now(UTC) - timedelta(days=ago)
    won = await make_lead(zhang, created_at=made, status=Lead.Status.won)
    await make_lead(zhang, created_at=made, status=Lead.Status.lost, lost_reason="price")
    await make_lead(zhang, created_at=made, source=Lead.Source.wechat)
    await make_lead(None, created_at=made, source=Lead.Source.referral)
    await make_lead(zhang, created_at=datetime.now(UTC) - timedelta(hours=1))  # this month
    await Survey.insert(Survey(lead=won, satisfaction=4, comment="", created_at=made))


def _text(doc, selector: str) -> str:
    node = doc.select_one(selector)
    assert node is not None, selector
    return node.get_text(" ", strip=True)


async def test_only_a_manager_opens_the_summary(client):
    await make_staff("zhao", {Role.APPRAISER, Role.CONSULTANT})
    await sign_in(client, "zhao")
    assert (await client.get("/manager/summary")).status_code == 403
    client.cookies.clear()
    assert (await client.get("/manager/summary")).status_code in (302, 303, 401)
    await _manager(client)
    assert (await client.get("/manager/summary")).status_code == 200


async def test_without_a_month_it_is_the_last_full_one_with_steps_either_side(client):
    await _manager(client)
    today = dealer_today()
    last = _last_month()
    doc = html(await client.get("/manager/summary", headers=EN))
    assert doc.select_one("#monthly-summary")["data-month"] == _key(last)
    assert doc.select_one("#summary-month")["value"] == _key(last)
    assert not doc.select_one("#summary-month-error")
    before = (last - timedelta(days=1)).replace(day=1)
    assert doc.select_one("#summary-previous")["href"] == f"/manager/summary?month={_key(before)}"
    assert doc.select_one("#summary-next")["href"] == f"/manager/summary?month={_key(today)}"
    # this month so far may be shown; there is no step into next month
    doc = html(await client.get("/manager/summary", params={"month": _key(today)}, headers=EN))
    assert doc.select_one("#monthly-summary")["data-month"] == _key(today)
    assert "month so far" in _text(doc, ".ms-range")
    assert not doc.select_one("#summary-next")
    # the dealership's name heads the sheet, the stock says it is today's
    assert _text(doc, ".ms-dealer")
    assert "not at the end of the month" in _text(doc, "#summary-stock")


async def test_a_month_that_cannot_be_shown_is_refused_beside_the_picker(client):
    await _manager(client)
    today = dealer_today()
    future = _key((today.replace(day=1) + timedelta(days=32)).replace(day=1))
    for typed, message in (
        ("2026-13", "Choose a month."),
        ("abc", "Choose a month."),
        ("1999-12", "Choose a month."),
        (future, "That month has not begun yet."),
    ):
        response = await client.get("/manager/summary", params={"month": typed}, headers=EN)
        assert response.status_code == 200, typed  # as the dashboard answers a bad period
        doc = html(response)
        picker = doc.select_one("#summary-month")
        assert picker["value"] == typed and picker["aria-invalid"] == "true"
        error = _text(doc, "#summary-month-error")
        assert error.startswith(message), (typed, error)
        assert doc.select_one("#monthly-summary")["data-month"] == _key(_last_month())


def test_a_month_is_read_as_the_cost_form_reads_it():
    today = dealer_today()
    assert chosen_month("", today) == (last_full_month(today), {})
    assert chosen_month(" 2025-03 ", today)[0].isoformat() == "2025-03-01"
    assert chosen_month("２０２５-０３", today)[0].isoformat() == "2025-03-01"  # full-width
    month, errors = chosen_month("2025-02-30x", today)
    assert month == last_full_month(today) and errors
    # a month is the dashboard's custom period, this month only up to today
    period = month_period(today.replace(day=1), today)
    assert (period.start, period.end) == (today.replace(day=1), today)
    feb = month_period(chosen_month("2024-02", today)[0], today)
    assert (feb.start.day, feb.end.day, feb.end.month) == (1, 29, 2)


async def test_the_figures_are_the_dashboards_for_the_same_month(client):
    await _manager(client)
    await _last_months_business()
    last = _last_month()
    period = month_period(last, dealer_today())
    summary = html(await client.get("/manager/summary", headers=EN))
    dashboard = html(
        await client.get(
            "/manager/dashboard",
            params={
                "period": "custom",
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
            headers=EN,
        )
    )

    # margin: cars per kind, gross
    for kind, cars in (("sold", "2"), ("wholesale", "1")):
        row = f"#summary-margin tr[data-kind={kind}]"
        assert _text(summary, f"{row} .n-cars") == cars
        assert _text(dashboard, f"#margin-by-kind tr[data-kind={kind}] .n-cars") == cars
        gross = dashboard.select_one(f"#margin-by-kind tr[data-kind={kind}] .n-gross")
        assert _text(summary, f"{row} .n-gross") == gross.contents[0].strip()
    assert _text(summary, "#summary-margin tr[data-kind=total] .n-cars") == "3"
    assert "Not entered yet:" in _text(summary, "#summary-net-missing")

    # appraisals: counted, bought, look-to-book, and per appraiser
    for name in ("appraised", "acquired", "look-to-book"):
        shown = _text(summary, f"#summary-appraisals .ms-kpis .n-{name} strong")
        assert shown == _text(dashboard, f"#appraisal-totals .n-{name} strong"), name
    assert _text(summary, "#summary-appraisals .n-appraised strong") == "3"
    people = {
        tr.th.get_text(strip=True): tr.select_one(".n-appraised").get_text(strip=True)
        for tr in summary.select("#summary-appraisers tbody tr")
    }
    assert people == {"李明": "2", "赵磊": "1"}

    # leads: new, won, the pool, by source
    kpis = [li.strong.get_text(strip=True) for li in summary.select("#summary-leads .ms-kpis li")]
    board = [
        li.strong.get_text(strip=True) for li in dashboard.select("#report-leads .report-kpis li")
    ]
    assert kpis == board and kpis[:2] == ["4", "1"]
    sources = {
        tr["data-source"]: tr.select_one(".n-leads").get_text(strip=True)
        for tr in summary.select("#summary-sources tbody tr")
    }
    assert sources == {
        tr["data-source"]: tr.select_one(".n-leads").get_text(strip=True)
        for tr in dashboard.select("#leads-by-source tbody tr")
    }
    assert sources == {"walk_in": "2", "wechat": "1", "referral": "1"}
    assert summary.select_one("#summary-lost li[data-reason=price] strong").get_text() == "1"

    # stock now, shares and satisfaction
    assert _text(summary, "#summary-stock .n-stock strong") == _text(
        dashboard, "#stock .report-kpis li strong"
    )
    for stage in ("shares", "visits", "enquiries", "leads", "sales"):
        assert _text(summary, f"#summary-share-totals .n-{stage} strong") == _text(
            dashboard, f"#share-totals .n-{stage} strong"
        )
    assert _text(summary, "#summary-satisfaction .n-average") == _text(
        dashboard, "#satisfaction-totals .n-average strong"
    )
    assert not summary.select_one("#summary-quiet")


async def test_a_month_without_business_shows_zeros_and_a_hint(client):
    await _manager(client)
    await _last_months_business()  # none of it in March 2024
    response = await client.get("/manager/summary", params={"month": "2024-03"}, headers=EN)
    assert response.status_code == 200
    doc = html(response)
    assert doc.select_one("#monthly-summary")["data-month"] == "2024-03"
    assert "Nothing was recorded in this month" in _text(doc, "#summary-quiet")
    assert _text(doc, "#summary-margin tr[data-kind=total] .n-cars") == "0"
    assert _text(doc, "#summary-appraisals .n-appraised strong") == "0"
    assert _text(doc, "#summary-leads .n-leads strong") == "0"
    assert not doc.select("#summary-sources, #summary-appraisers")
    assert "No satisfaction survey" in _text(doc, "#summary-satisfaction")
    # stock is today's whatever the month: the two cars bought and not sold
    assert _text(doc, "#summary-stock .n-stock strong") == "2"


async def test_the_dashboard_and_the_manager_page_link_to_it(client):
    await _manager(client)
    for page in ("/manager/dashboard", "/manager"):
        doc = html(await client.get(page, headers=EN))
        assert doc.select_one("main a[href='/manager/summary']"), page


async def test_it_prints_with_a_stylesheet_the_csp_allows_on_one_a4_page(client):
    await _manager(client)
    doc = html(await client.get("/manager/summary", headers=EN))
    assert not doc.select("[style]") and not doc.select("style")
    assert not [s for s in doc.select("script") if not s.get("src")]
    assert doc.select_one("link[href^='/static/css/summary.css']")
    assert doc.select_one("button.js-print")  # app.js prints on its click
    css = CSS.read_text()
    assert re.search(r"@page\s*{\s*size:\s*A4 portrait;", css)
    printed = css[css.index("@media print") :]
    assert ".ms-tools" in printed and "display: none" in printed
