from datetime import date

import pytest

from db.appraisals.checks import render
from db.appraisals.vin import (
    check_vin,
    expected_check_digit,
    model_year,
    normalise_plate,
    normalise_vin,
    plate_problem,
)

TODAY = date(2026, 11, 22)

# By hand, for the SAIC-VW sample (ISO 3779 values × weights):
#   L3×8 S2×7 V5×6 A1×5 U4×4 2×3 1×2 8×10 (9th: ×0) N5×9 2×8 1×7 8×6 3×5 2×4 9×3 4×2 = 351
#   351 mod 11 = 10 → "X". The sample's "0" is simply wrong; with "X" it is valid.
CHINESE_SAMPLE_AS_GIVEN = "LSVAU2180N2183294"
CHINESE_VALID = "LSVAU218XN2183294"


def test_the_chinese_sample_check_digit_is_x_by_hand():
    assert expected_check_digit(CHINESE_SAMPLE_AS_GIVEN) == "X"


@pytest.mark.parametrize(
    ("raw", "check_digit", "manufacturer", "country", "year"),
    [
        ("1HGCM82633A004352", "valid", "Honda", "United States", 2003),
        (CHINESE_VALID, "valid", "SAIC Volkswagen", "China", 2022),
        ("LFV2A21K0A3052481", "valid", "FAW-Volkswagen", "China", 2010),
        ("WVWZZZ1JZ3W386752", "none", "Volkswagen", "Germany", None),
        ("JHMCM56557C404453", "none", "Honda", "Japan", None),
    ],
)
def test_usable_vins_of_each_region(raw, check_digit, manufacturer, country, year):
    result = check_vin(raw, TODAY)
    assert result.problem is None
    assert result.vin == raw
    assert result.check_digit == check_digit
    assert result.manufacturer == manufacturer
    assert result.country == country
    assert result.model_year == year
    assert result.note


def test_region_without_check_digit_says_so_and_is_not_a_problem():
    result = check_vin("WVWZZZ1JZ3W386752", TODAY)
    assert result.note == (
        "This VIN has no check digit to verify (European and most Asian makers do not use one)."
    )
    # A wrong 9th character is not judged where the maker may put anything there.
    assert check_vin("WVWZZZ1J53W386752", TODAY).problem is None


@pytest.mark.parametrize(
    "raw",
    [
        CHINESE_SAMPLE_AS_GIVEN,
        "1HGCM82643A004352",  # 9th character wrong
        "1HGCM82633A004353",  # last character wrong, 9th unchanged
        "LSVAU218XN2183249",  # two characters swapped
        "2HGCM82633A004352",  # Canada
        "5YJ3E1EA7KF317000",  # USA, Tesla: the 9th should be 2
    ],
)
def test_wrong_check_digit_is_a_problem_where_the_standard_applies(raw):
    result = check_vin(raw, TODAY)
    assert result.check_digit == "invalid"
    assert result.problem == (
        "The check digit (9th character) does not match: please check the VIN for a typo."
    )
    assert result.note and "行驶证" in result.note


def test_invalid_vin_still_names_the_maker_so_the_appraiser_can_compare():
    result = check_vin(CHINESE_SAMPLE_AS_GIVEN, TODAY)
    assert result.manufacturer == "SAIC Volkswagen"
    assert result.model_year == 2022


def test_normalising_removes_spaces_dashes_and_full_width_and_upper_cases():
    assert normalise_vin(" lsvau218x-n218 3294 ") == CHINESE_VALID
    assert normalise_vin("ＬＳＶＡＵ２１８ＸＮ２１８３２９４") == CHINESE_VALID
    assert check_vin("lsv au218x-n2183294", TODAY).check_digit == "valid"


@pytest.mark.parametrize("raw", ["1HGCM82633AOO4352", "IHGCM82633A004352", "1HGCM82633A0Q4352"])
def test_letters_i_o_q_are_never_allowed(raw):
    result = check_vin(raw, TODAY)
    assert result.problem == "VINs never contain the letters I, O or Q."
    assert result.check_digit == "none"
    assert result.manufacturer is None


@pytest.mark.parametrize(("raw", "count"), [("1HGCM82633A00435", 16), ("1HGCM82633A0043521", 18)])
def test_wrong_length_says_how_many_characters_were_given(raw, count):
    problem = check_vin(raw, TODAY).problem
    assert problem == "A VIN has 17 characters; this one has {count}."
    assert problem.params == {"count": count}
    assert render(problem) == f"A VIN has 17 characters; this one has {count}."


def test_other_characters_are_named():
    problem = check_vin("1HGCM8263*A00435#", TODAY).problem
    assert render(problem) == "A VIN has only letters and digits; remove # *."


def test_empty_vin_asks_for_one():
    assert check_vin("  ", TODAY).problem == "Enter the 17-character VIN."


def test_messages_differ_per_problem():
    problems = {
        check_vin(raw, TODAY).problem
        for raw in ("", "1HGCM8263", "1HGCM82633AOO4352", "1HGCM82643A004352", "1HGCM8263_A004352")
    }
    assert len(problems) == 5


def test_unknown_maker_is_none_not_a_placeholder():
    vin = "L99AU218XN2183294"
    vin = vin[:8] + expected_check_digit(vin) + vin[9:]
    result = check_vin(vin, TODAY)
    assert result.problem is None
    assert result.manufacturer is None
    assert result.country == "China"


@pytest.mark.parametrize(
    ("code", "today", "year"),
    [
        ("3", date(2026, 11, 22), 2003),  # 2003 or 2033: 2033 is not yet possible
        ("A", date(2026, 11, 22), 2010),  # 1980, 2010, 2040
        ("Y", date(2026, 11, 22), 2000),  # 2000 or 2030
        ("T", date(2026, 11, 22), 2026),
        ("V", date(2026, 11, 22), 2027),  # next year's models are on sale already
        ("W", date(2026, 11, 22), 1998),  # 2028 is too far ahead …
        ("W", date(2027, 3, 1), 2028),  # … until the following year
        ("9", date(2026, 1, 1), 2009),
        ("U", date(2026, 1, 1), None),  # U, Z and 0 are never year codes
        ("Z", date(2026, 1, 1), None),
        ("0", date(2026, 1, 1), None),
    ],
)
def test_model_year_is_the_latest_plausible_one(code, today, year):
    assert model_year(code, today) == year


def test_check_vin_reads_the_model_year_against_the_given_day():
    vin = "LSVAU218XW2183294"
    vin = vin[:8] + expected_check_digit(vin) + vin[9:]
    assert check_vin(vin, date(2026, 11, 22)).model_year == 1998
    assert check_vin(vin, date(2027, 1, 2)).model_year == 2028


@pytest.mark.parametrize(
    ("raw", "plate"),
    [
        ("京A12345", "京A12345"),
        ("粤B D12345", "粤BD12345"),
        ("粤b·d12345", "粤BD12345"),
        (" 沪 C-1234X ", "沪C1234X"),
        ("苏Ｅ１２３４５", "苏E12345"),
    ],
)
def test_normalise_plate(raw, plate):
    assert normalise_plate(raw) == plate


@pytest.mark.parametrize(
    "plate",
    ["京A12345", "沪C1234X", "粤BD12345", "粤B D12345", "浙AFB1234", "川A12345F", "京A1234学", ""],
)
def test_plausible_plates(plate):
    assert plate_problem(plate) is None


@pytest.mark.parametrize(
    ("plate", "message"),
    [
        ("XA12345", "A plate starts with a province abbreviation such as 京, 沪 or 粤."),
        ("港A12345", "A plate starts with a province abbreviation such as 京, 沪 or 粤."),
        ("京112345", "The second character of a plate is a letter (the city code)."),
        ("京A1234", "After the province and city letter a plate has 5 characters"),
        ("京A1234567", "After the province and city letter a plate has 5 characters"),
        ("京AI2345", "Plates never contain the letters I or O."),
        ("京O12345", "Plates never contain the letters I or O."),
        ("京A12#45", "After the province, a plate has only letters and digits."),
        ("京AZ12345", "This does not match a green new-energy plate"),
        ("京AD1234X", "This does not match a green new-energy plate"),
        ("京A12345X", "This does not match a green new-energy plate"),
    ],
)
def test_implausible_plates(plate, message):
    assert render(plate_problem(plate)).startswith(message)


def test_plate_length_problem_counts_the_characters_after_the_city_letter():
    assert plate_problem("京A1234").params == {"count": 4}
