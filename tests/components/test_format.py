from datetime import UTC, date, datetime

from components.format import day, mileage, moment, money

ZH, EN = "zh_Hans_CN", "en"


def test_money_in_wan_for_chinese_and_grouped_for_english():
    assert money(128000, ZH) == "¥12.8万"
    assert money(1050000, ZH) == "¥105万"
    assert money(125600, ZH) == "¥12.56万"
    assert money(9800, ZH) == "¥9,800"
    assert money(128000, EN) == "¥128,000"
    assert money(-5000, ZH) == "-¥5,000"
    assert money(None, ZH) == "—"


def test_mileage_in_wan_gongli_or_km():
    assert mileage(32000, ZH) == "3.2万公里"
    assert mileage(8500, ZH) == "8,500公里"
    assert mileage(32000, EN) == "32,000 km"


def test_dates_in_the_locale_and_the_dealership_time_zone():
    late_utc = datetime(2026, 11, 22, 17, 30, tzinfo=UTC)  # 01:30 next day in Shanghai
    assert day(late_utc, ZH) == "2026年11月23日"
    assert day(date(2026, 11, 22), EN) == "Nov 22, 2026"
    assert moment(late_utc, ZH) == "2026-11-23 01:30"


def test_wan_figure_is_what_a_dealer_types():
    from components.format import wan_figure

    assert wan_figure(128000) == "12.8"
    assert wan_figure(100500) == "10.05"
    assert wan_figure(150000) == "15"
    assert wan_figure(None) == ""


def test_yuan_is_exact():
    from components.format import yuan

    assert yuan(114480, ZH) == "¥114,480"
    assert yuan(None, ZH) == "—"
