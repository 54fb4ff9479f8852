"""A manager on a phone exports the aged stock to Excel: the file holds the cars the screen
shows, prices as numbers in yuan and days as dates."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from db.stock.tables import StockUnit
from tests.e2e.export_pages import StockList
from tests.e2e.pages import MIN_TAP_PX, path_is, run_async, sign_in_as, tr
from tests.exports.read import texts, xlsx_rows
from tests.stock.helpers import acquired

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def aged_stock(live_server) -> list[int]:
    """Two cars past 45 days (one priced, one not) and a fresh one the filter leaves out."""
    cars = [
        run_async(acquired("奥迪", "A4L", days_ago=70, price=150000)),
        run_async(acquired("本田", "雅阁", days_ago=50, price=90000)),
        run_async(acquired("丰田", "卡罗拉", days_ago=5, price=60000)),
    ]
    run_async(
        StockUnit.update({StockUnit.retail_price: 181800}).where(StockUnit.id == cars[0]).run()
    )
    return cars


def test_a_manager_exports_the_aged_stock_to_excel(new_page, shot, tmp_path, aged_stock):
    page = new_page()
    sign_in_as(page, "manager")
    page.goto("/inventory?aged=1")
    stock = StockList(page)
    expect(stock.cards.first).to_be_visible()
    on_screen = stock.unit_ids()
    assert set(aged_stock[:2]) <= set(on_screen) and aged_stock[2] not in on_screen
    for link in (stock.exports.excel, stock.exports.csv):
        box = link.bounding_box()
        assert box["height"] >= MIN_TAP_PX and box["width"] >= MIN_TAP_PX
    shot(page, "aged-stock")

    saved = stock.exports.download(stock.exports.excel, tmp_path)
    assert saved.suffix == ".xlsx"
    rows = xlsx_rows(saved.read_bytes())
    header = texts(rows[0])
    assert header[1:3] == [tr("Make"), tr("Model")]  # the phone's language: Chinese
    col = {name: i for i, name in enumerate(header)}
    assert [int(row[col[tr("ID")]].value) for row in rows[1:]] == on_screen
    prices = run_async(
        StockUnit.select(StockUnit.id, StockUnit.retail_price)
        .where(StockUnit.id.is_in(on_screen))
        .run()
    )
    price_of = {p["id"]: p["retail_price"] for p in prices}
    for row in rows[1:]:
        unit = int(row[col[tr("ID")]].value)
        price = row[col[tr("Retail price")]] if len(row) > col[tr("Retail price")] else None
        if price_of[unit] is None:
            assert price is None
        else:
            assert price.number and price.value == price_of[unit] and "¥" in price.format
        acquired = row[col[tr("Acquired on")]]
        assert acquired.is_date and acquired.as_date() <= date.today()
        assert row[col[tr("Days in stock")]].value >= 45
    expect(page).to_have_url(path_is("/inventory?aged=1"))  # the download left the list be
