"""The manager's seat (issue 8) on a phone, over the whole demo dealership: every figure of
the dashboard for the last 12 months, the aged-stock figure tapped through to the very cars
it counts; a change of the cost rule prices the next appraisal (a closed one keeps the rule
of its day) and is in the audit trail with its old and new values and the manager's name.

The Excel export of the aged list is tests/e2e/test_exports.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from components.format import yuan
from db.appraisals import condition_queries, price_queries, queries
from db.appraisals.pricing import PriceRange, PricingRule
from db.appraisals.tables import Appraisal
from db.stock.rules import AGED_LEVEL
from tests.e2e.appraisal_pages import AppraisalList, AppraisalSheet, Thumb, centre
from tests.e2e.pages import path_is, run_async, sign_in_as, tr
from web.i18n import SUPPORTED

pytestmark = pytest.mark.browser

ZH = SUPPORTED["zh"]
NUMBER = re.compile(r"\d")


def figure(section: Locator, name: str) -> Locator:
    return section.locator(f'[data-figure="{name}"]')


def chart(section: Locator, caption: str) -> Locator:
    """A bar chart of the section, by its caption (a chart's title)."""
    return section.locator("figure.bar-chart").filter(
        has=section.page.locator("caption", has_text=caption)
    )


def expect_value(target: Locator, pattern: str = r"\d") -> None:
    """Shown, and carries a figure (not an empty cell, not a dash)."""
    expect(target).to_be_visible()
    expect(target).to_have_text(re.compile(pattern))


def expect_rows(table: Locator, at_least: int = 1) -> list[list[str]]:
    """The table's body rows as texts, each with a name and figures."""
    rows = table.locator("tbody tr")
    expect(rows.first).to_be_attached()
    texts = [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()] for row in rows.all()
    ]
    assert len(texts) >= at_least, texts
    for cells in texts:
        assert cells[0] and all(NUMBER.search(c) for c in cells[1:] if c), cells
    return texts


def count_in(text: str) -> int:
    """The last whole number in a label such as '超 45 天库龄 · 3 辆车'."""
    return int(re.findall(r"\d+", text)[-1])


def open_dashboard(page: Page) -> None:
    """From the 我的 tab: the manager's view, then the dashboard, for the last 12 months."""
    staff = sign_in_as(page, "manager")
    staff.tabs.tab("/me").tap()
    expect(page).to_have_url(path_is("/me"))
    page.get_by_role("link", name=tr("Manager's view"), exact=True).tap()
    expect(page).to_have_url(path_is("/manager"))
    dashboard = tr("Dashboard: stock, margins, appraisals, leads")
    page.get_by_role("link", name=dashboard, exact=True).tap()
    expect(page).to_have_url(path_is("/manager/dashboard"))
    page.get_by_label(tr("Period"), exact=True).select_option("12m")
    expect(page).to_have_url(re.compile(r"/manager/dashboard\?period=12m"))
    expect(page.get_by_label(tr("Period"), exact=True)).to_have_value("12m")


def test_a_manager_sees_every_dashboard_figure_on_the_demo_data_and_drills_to_the_aged_cars(
    demo_dealership, new_page, guard, shot
):
    page = new_page()
    open_dashboard(page)
    shot(page, "0-dashboard-12-months")

    # Stock, now: count, days (average and median), aged share, age histogram, value at cost
    stock = page.locator("#stock")
    expect_value(figure(stock, "stock-count").locator("strong"))
    stock_count = int(figure(stock, "stock-count").locator("strong").inner_text())
    assert stock_count > 0
    aged = figure(stock, "aged")
    expect_value(aged.locator("strong"), r"^\d+%$")
    aged_words = aged.locator("span").inner_text()  # '超 45 天库龄 · 3 辆车'
    aged_from, aged_count = (int(n) for n in re.findall(r"\d+", aged_words))
    assert aged_count > 0, "the demo has cars past the aging limit"
    expect_value(figure(stock, "stock-value").locator("strong"), r"^¥\d")
    expect_value(stock.locator("#stock-days"), r"\d+.*\d")
    histogram = stock.locator("figure.histogram")
    expect(histogram.locator("svg.histogram-svg rect.bar")).not_to_have_count(0)
    bands = [int(n) for n in histogram.locator("table.chart-data tbody td").all_inner_texts()]
    assert sum(bands) == stock_count, bands  # every car in exactly one band
    assert sum(bands[AGED_LEVEL:]) == aged_count, bands  # the aged bands are the aged cars
    centre(stock)
    shot(page, "1-stock")

    # Margin: gross and gross per car, retail and wholesale; net margin or how to get it
    margin = page.locator("#margin")
    expect_value(figure(margin, "cars-left").locator("strong"))
    expect_value(figure(margin, "gross-margin").locator("strong"), r"¥\d")
    expect_value(figure(margin, "gross-per-car").locator("strong"), r"¥\d")
    for kind in ("sold", "wholesale"):
        row = margin.locator(f"#margin-by-kind tr[data-kind={kind}]")
        expect_value(row.locator(".n-cars"), r"^[1-9]")  # the demo sold cars both ways
        expect_value(row.locator(".n-gross"), r"¥\d")
        expect_value(row.locator(".n-per-car"), r"¥\d")
    net = margin.locator("#net-figure, #net-missing")
    expect(net).to_have_count(1)
    if margin.locator("#net-missing").count():
        expect(net).to_contain_text(tr("Enter period costs to see net margin."))
    else:
        expect_value(net, r"¥\d")
    centre(margin)
    shot(page, "2-margin")

    # Appraisals: count, look-to-book per appraiser, forecast against actual per appraiser,
    # those without an outcome past the limit, the 飞单 watch list with names
    appraisals = page.locator("#report-appraisals")
    expect_value(appraisals.locator(".report-kpis .n-appraised strong"), r"^[1-9]")
    expect_value(appraisals.locator(".report-kpis .n-look-to-book strong"), r"^\d+%$")
    expect_value(appraisals.locator(".report-kpis .n-overdue strong"), r"^\d+$")
    appraisers = {"李明", "赵磊"}  # the demo's two appraisers
    per_appraiser = chart(appraisals, tr("Look-to-book by appraiser (bought / appraised)"))
    shares = per_appraiser.locator("tbody tr")
    expect(shares).to_have_count(len(appraisers))
    for row in shares.all():
        assert row.locator("th").inner_text().strip() in appraisers
        expect_value(row.locator(".bar-value"), r"^\d+/\d+ · \d+%$")
    people = expect_rows(appraisals.locator("#appraisal-people"), len(appraisers))
    assert {cells[0] for cells in people} == appraisers
    judged = appraisals.locator("#appraisal-judgements .judgement")
    expect(judged).not_to_have_count(0)
    for row in judged.all():
        assert row.locator(".judgement-head strong").inner_text() in appraisers
        expect_value(row.locator(".n-sold"))
        figures = row.locator(".judgement-figures dd")
        expect(figures).to_have_count(4)
        for value in figures.all_inner_texts():
            assert NUMBER.search(value), value
    watched = appraisals.locator("#appraisal-watch .watch-car")
    expect(watched).not_to_have_count(0)
    for car in watched.all():
        expect(car.locator(".watch-vin .vin")).to_have_text(re.compile(r"^[A-HJ-NPR-Z0-9]{17}$"))
        names = car.locator(".watch-who").all_inner_texts()
        assert len(names) >= 2 and set(names) <= appraisers, names
    centre(appraisals.locator("#appraisal-watch"))
    shot(page, "3-appraisals")

    # Leads: new by source, won by source and by consultant, first answer to web enquiries
    # (median, share within the goal), follow-ups due against done, lost reasons, the pool
    leads = page.locator("#report-leads")
    expect_value(figure(leads, "new-leads").locator("strong"), r"^[1-9]")
    expect_value(figure(leads, "won").locator("strong"))
    expect_value(figure(leads, "pool").locator("strong"), r"^\d+$")
    new_by_source = chart(leads, tr("New leads by source")).locator("tbody tr")
    expect(new_by_source).not_to_have_count(0)
    for value in new_by_source.locator(".bar-value").all_inner_texts():
        assert value.strip().isdigit(), value
    expect_rows(leads.locator("#leads-by-source"), 2)
    consultants = {cells[0] for cells in expect_rows(leads.locator("#leads-by-person"), 2)}
    assert {"张婷", "陈静"} <= consultants, consultants
    expect_value(leads.locator("#first-response .n-median"), r"\d")
    expect_value(leads.locator("#first-response .n-within"), r"^\d+% \(\d+/\d+\)$")
    expect_value(leads.locator("#follow-up-compliance"), r"^\d+% · ")
    expect_rows(leads.locator("#follow-ups-by-person"))
    lost_title = tr("Lost, approved: {n}").split("{n}")[0]
    lost = chart(leads, lost_title).locator("tbody tr")
    expect(lost).not_to_have_count(0)
    for row in lost.all():
        assert row.locator("th").inner_text().strip()  # the reason, in words
        expect_value(row.locator(".bar-value"), r"^\d+$")
    centre(leads.locator("#follow-up-compliance"))
    shot(page, "4-leads")

    # Shares: the funnel per consultant and per car; after-sale satisfaction
    shares_section = page.locator("#report-shares")
    for stage in ("shares", "visits", "enquiries", "leads", "sales"):
        expect_value(shares_section.locator(f"#share-totals .n-{stage} strong"), r"^\d+$")
    expect_rows(shares_section.locator("#share-people"))
    expect_rows(shares_section.locator("#share-cars"))
    expect_value(shares_section.locator("#satisfaction-totals .n-average strong"), r"^\d")
    expect_value(shares_section.locator("#satisfaction-totals .n-count strong"), r"^[1-9]")
    expect(shares_section.locator("#satisfaction-lowest li")).not_to_have_count(0)
    centre(shares_section.locator("#satisfaction-totals"))
    shot(page, "5-shares-and-satisfaction")

    # The aged figure opens the list of exactly those cars, each with its aged badge
    aged.locator("a").tap()
    expect(page).to_have_url(re.compile(r"/inventory\?aged=true$"))
    cards = page.locator("#stock-list a.appraisal-card")
    expect(cards).to_have_count(aged_count)
    for card in cards.all():
        badge = card.locator(".badge[class*='age-']")
        level = int(re.search(r"\bage-(\d+)\b", badge.get_attribute("class"))[1])
        assert level >= AGED_LEVEL, badge.get_attribute("class")
        assert count_in(badge.inner_text()) >= aged_from, badge.inner_text()
    expect(page.locator("input[name=aged]")).to_be_checked()
    shot(page, "6-aged-cars")


# --- the cost rule ----------------------------------------------------------------------------

NEW_TRANSPORT = 2600  # from the default 800: a clearly different maximum buy price


def priced(appraisal_id: int, rule: PricingRule) -> PriceRange:
    """The price range of an appraisal as stored, under `rule` (the sheet's own working)."""

    async def work() -> PriceRange:
        appraisal = await queries.get_appraisal(appraisal_id)
        findings = await condition_queries.findings_for(appraisal_id, appraisal)
        recon = await price_queries.recon_items(appraisal_id, findings)
        price = price_queries.price_for(appraisal, recon, rule)
        assert price is not None, f"appraisal {appraisal_id} has no forecast retail price"
        return price

    return run_async(work())


def shown_max_buy(page: Page) -> Locator:
    return AppraisalSheet(page).price.max_buy


def test_a_pricing_change_prices_the_next_appraisal_and_is_in_the_audit_log(
    demo_dealership, new_page, guard, shot
):
    bought = run_async(
        Appraisal.select(Appraisal.id)
        .where(Appraisal.outcome == "acquired", Appraisal.forecast_retail.is_not_null())
        .order_by(Appraisal.id)
        .first()
        .run()
    )["id"]
    old_rule = run_async(queries.current_rule())
    assert old_rule.transport != NEW_TRANSPORT
    new_rule = PricingRule(**{**vars(old_rule), "transport": NEW_TRANSPORT})
    bought_price = priced(bought, old_rule)

    # A manager's phone: a car bought under today's rule, then the rule changed
    boss = new_page()
    sign_in_as(boss, "manager")
    boss.goto(f"/appraisals/{bought}")
    expect(shown_max_buy(boss)).to_have_text(yuan(bought_price.max_buy, ZH))
    boss.goto("/manager")
    boss.get_by_role("link", name=tr("Cost rule for appraisals"), exact=True).tap()
    expect(boss).to_have_url(path_is("/manager/pricing"))
    transport = boss.locator("#f-transport")
    expect(transport).to_have_value(str(old_rule.transport))
    transport.fill(str(NEW_TRANSPORT))
    shot(boss, "0-cost-rule-changed")
    boss.locator("#pricing-form").get_by_role("button", name=tr("Save the cost rule")).tap()
    expect(boss).to_have_url(path_is("/manager/pricing?saved=1"))
    expect(boss.locator("#pricing-form [role=status]")).to_have_text(
        tr("Saved. New appraisals are priced with it at once.")
    )
    expect(transport).to_have_value(str(NEW_TRANSPORT))
    assert run_async(queries.current_rule()) == new_rule

    # The appraiser's phone: a new appraisal, a dent on the bumper, a forecast — priced
    # with the new rule
    page = new_page()
    thumb = Thumb(page)
    sign_in_as(page, "appraiser")
    sheet = AppraisalList(page).open_from_tab(thumb).start(thumb)
    sheet.type_field(thumb, "make", "大众")
    sheet.type_field(thumb, "model", "帕萨特")
    sheet.condition.open_panel(thumb, "front_bumper")
    sheet.condition.add_mark(thumb, "Dent", "Moderate")
    sheet.type_field(thumb, "forecast_retail", "15.6")
    new_price = priced(sheet.appraisal_id, new_rule)
    old_price = priced(sheet.appraisal_id, old_rule)
    assert new_price.recon_total > 0  # the dent is in the working
    assert new_price.max_buy == old_price.max_buy - (NEW_TRANSPORT - old_rule.transport)
    expect(sheet.price.max_buy).to_have_text(yuan(new_price.max_buy, ZH))
    transport_row = sheet.price.summary.locator("tr").filter(has_text=tr("Transport"))
    expect(transport_row.locator("td")).to_have_text(f"¥{NEW_TRANSPORT:,}")
    centre(sheet.price.summary)
    shot(page, "1-new-appraisal-priced-with-the-new-rule")

    # The car bought before the change keeps the maximum of its day
    boss.goto(f"/appraisals/{bought}")
    expect(shown_max_buy(boss)).to_have_text(yuan(bought_price.max_buy, ZH))
    assert priced(bought, new_rule).max_buy != bought_price.max_buy
    centre(AppraisalSheet(boss).price.summary)
    shot(boss, "2-bought-car-keeps-its-price")

    # The audit trail: setting changes, the rule's entry in words, by the manager
    boss.goto("/manager")
    boss.locator("#audit-trail a[href='/manager/audit']").tap()
    expect(boss).to_have_url(path_is("/manager/audit"))
    boss.get_by_label(tr("Kind"), exact=True).select_option("settings")
    expect(boss).to_have_url(re.compile(r"/manager/audit\?.*\bgroup=settings$"))
    entry = boss.locator("#audit-log .audit-row[data-kind=setting_changed]").first
    expect(entry.locator(".audit-label")).to_have_text(tr("Setting changed"))
    label = tr("Transport per car")
    expect(entry.locator(".audit-words")).to_have_text(
        f"{label}: {yuan(old_rule.transport, ZH)} → {yuan(NEW_TRANSPORT, ZH)}"
    )
    expect(entry.locator(".audit-actor")).to_have_text("王建国")  # the demo manager
    shot(boss, "3-audit-entry")
