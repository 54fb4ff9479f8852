"""How a value becomes a cell (web/exports.py): typed by its column, moments on the
dealership's clock without a zone, text a spreadsheet would run kept as text."""

from datetime import UTC, date, datetime

import pytest

from web.exports import Column, cell, text


def test_moments_are_the_dealerships_wall_clock_without_a_zone():
    moment = datetime(2026, 11, 23, 17, 30, 12, 999, tzinfo=UTC)  # 01:30 next day in Shanghai
    assert cell(moment, "datetime") == datetime(2026, 11, 24, 1, 30, 12)
    assert cell(moment, "datetime").tzinfo is None
    assert cell(moment, "date") == date(2026, 11, 24)
    assert text(cell(moment, "datetime"), "datetime") == "2026-11-24 01:30"


def test_numbers_stay_numbers_and_empty_stays_empty():
    assert cell(128000, "money") == 128000 and isinstance(cell(128000, "money"), int)
    assert cell(0, "money") == 0  # a zero is a value, not an empty cell
    assert cell(None, "money") is None and cell("", "text") is None
    assert cell(0.125, "percent") == 0.125
    assert text(0.125, "percent") == "12.5%"
    assert text(128000, "money") == "128000"


@pytest.mark.parametrize("value", ["=1+2", "+86 138", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_gets_an_apostrophe(value):
    assert cell(value, "text") == "'" + value


def test_a_column_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="unknown cell kind"):
        Column("Price", lambda r: r["price"], "currency")
