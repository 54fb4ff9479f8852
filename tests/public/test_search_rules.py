"""Reading a customer's search from the URL: plain rules, no database."""

from __future__ import annotations

import pytest

from db.stock.search_rules import (
    StockFilters,
    fit_to_stock,
    mileage_choices,
    parse_filters,
    wan_km,
    wan_to_yuan,
    year_choices,
)

YEAR = 2026


@pytest.mark.parametrize(
    ("typed", "yuan"),
    [
        ("12", 120_000),
        ("12.5", 125_000),
        ("12.", 120_000),
        (".5", 5_000),
        (" 12.5 ", 125_000),
        ("12.5万", 125_000),
        ("12.5万元", 125_000),
        ("12.5w", 125_000),
        ("１２．５", 125_000),  # full-width, as a Chinese keyboard may type it
        ("12,5", 125_000),  # a decimal comma
        ("120000", 120_000),  # the whole amount in yuan
        ("120,000", 120_000),
        ("128000元", 128_000),
        ("1000", 10_000_000),  # a thousand 万 is still 万
        ("", None),
        ("0", None),
        ("-5", None),
        ("abc", None),
        ("12.5.3", None),
        ("1e3", None),
        ("NaN", None),
        ("Infinity", None),
        ("9" * 400, None),
        ("200000000", None),  # over 1亿: a typo
        (None, None),
        (["12"], None),
    ],
)
def test_a_price_is_read_in_wan_as_a_buyer_types_it(typed, yuan):
    assert wan_to_yuan(typed) == yuan


def test_mileage_is_read_in_wan_km():
    assert wan_km("3") == 30_000
    assert wan_km("0.5万公里") == 5_000
    assert wan_km("-1") is None and wan_km("500") is None and wan_km("🚗") is None


def test_a_full_search_is_read_and_ranges_are_put_the_right_way_round():
    f = parse_filters(
        {
            "make": "  丰田 ",
            "model": "凯美瑞",
            "price_min": "20",
            "price_max": "10",
            "year_min": "2022年",
            "year_max": "2018",
            "mileage_max": "5",
            "body": "SUV",
            "gearbox": "automatic",
            "fuel": "new_energy",
            "certified": "on",
            "sort": "price_desc",
            "page": "3",
        },
        YEAR,
    )
    assert f == StockFilters(
        make="丰田",
        model="凯美瑞",
        price_min=100_000,
        price_max=200_000,
        year_min=2018,
        year_max=2022,
        mileage_max=50_000,
        body="suv",
        gearbox="automatic",
        fuel="new_energy",
        certified=True,
        sort="price_desc",
        page=3,
    )
    assert f.narrowing == 11


@pytest.mark.parametrize(
    "params",
    [
        {"year_min": "1800", "year_max": "99999"},
        {"year_min": "二〇二〇", "year_max": "20 20"},
        {"year_min": str(YEAR + 2)},
        {"body": "tank", "gearbox": "dct", "fuel": "coal"},  # dct is not a buyer's choice
        {"sort": "drop table", "page": "-1"},
        {"page": "abc"},
        {"page": "1.5"},
        {"certified": "maybe"},
        {"make": "\x00\x1b", "model": "\u200b"},
        {"unknown": "1"},
    ],
)
def test_junk_is_left_out(params):
    assert parse_filters(params, YEAR) == StockFilters()


def test_a_huge_page_is_capped_and_long_text_cut():
    f = parse_filters({"page": "9" * 30, "make": "x" * 5000}, YEAR)
    assert f.page == 1000 and len(f.make) == 64


def test_one_spelling_per_search_to_share():
    f = parse_filters({"make": "丰田", "price_max": "12.5", "sort": "newest", "page": "1"}, YEAR)
    assert f.query() == "?make=%E4%B8%B0%E7%94%B0&price_max=12.5"
    assert f.query(page=2) == "?make=%E4%B8%B0%E7%94%B0&price_max=12.5&page=2"
    assert StockFilters().query() == ""
    # what the query says reads back as the same search
    again = parse_filters({"make": "丰田", "price_max": "12.5", "page": "2"}, YEAR)
    assert again == StockFilters(make="丰田", price_max=125_000, page=2)
    assert parse_filters({"price_max": "85000"}, YEAR).query() == "?price_max=8.5"


STOCK = {"丰田": {"凯美瑞": 2, "卡罗拉": 1}, "本田": {"CR-V": 1, "雅阁": 1}, "大众": {"雅阁": 1}}


def test_the_search_is_fitted_to_the_cars_on_sale():
    assert fit_to_stock(StockFilters(make="丰田"), STOCK) == (StockFilters(make="丰田"), "")
    # a sold-out make is dropped, and said so
    sold_out = StockFilters(make="宝马", model="3系")
    assert fit_to_stock(sold_out, STOCK) == (StockFilters(), "宝马 3系")
    # a model of another make is dropped
    assert fit_to_stock(StockFilters(make="丰田", model="CR-V"), STOCK) == (
        StockFilters(make="丰田"),
        "CR-V",
    )
    # a model alone stays alone: the buyer may have just chosen "all makes"
    assert fit_to_stock(StockFilters(model="CR-V"), STOCK) == (StockFilters(model="CR-V"), "")
    assert fit_to_stock(StockFilters(model="Model Y"), STOCK) == (StockFilters(), "Model Y")


def test_choices_keep_a_value_from_a_link():
    assert year_choices(StockFilters(), YEAR)[:2] == [2026, 2025]
    assert len(year_choices(StockFilters(), YEAR)) == 15
    assert year_choices(StockFilters(year_min=1998), YEAR)[-1] == 1998
    assert mileage_choices(StockFilters()) == [10_000, 30_000, 50_000, 80_000, 100_000, 150_000]
    assert 45_000 in mileage_choices(StockFilters(mileage_max=45_000))
