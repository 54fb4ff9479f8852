from datetime import date

import pytest

from db.appraisals.checks import (
    Message,
    mask_phone,
    mileage_problem,
    normalise_phone,
    owners_problem,
    parse_int,
    parse_money_wan,
    phone_problem,
    registration_problem,
    render,
)

TODAY = date(2026, 11, 22)
FIVE_YEARS_AGO = date(2021, 11, 22)


def test_message_is_its_msgid_and_carries_params():
    message = Message("Registered {year}", year=2020)
    assert message == "Registered {year}"
    assert {message: 1}["Registered {year}"] == 1  # a catalog lookup finds it
    assert render(message) == "Registered 2020"
    assert render(message, {"Registered {year}": "{year}年上牌"}.get) == "2020年上牌"
    assert render("plain text") == "plain text"


@pytest.mark.parametrize(
    ("km", "registered"),
    [
        (None, None),
        (0, None),
        (0, date(2026, 6, 1)),  # a new car, registered this year
        (65_000, FIVE_YEARS_AGO),
        (750_000, FIVE_YEARS_AGO),  # exactly 150,000 a year: a hard-working taxi
        (12_000, date(2026, 11, 20)),  # two days old: a month's allowance
        (1_999_999, None),
        (2_000_000, None),
        (50_000, date(2027, 1, 1)),  # a future date is registration_problem's business
    ],
)
def test_plausible_mileage(km, registered):
    assert mileage_problem(km, registered, TODAY) is None


def test_negative_mileage():
    assert mileage_problem(-1, None, TODAY) == "Mileage cannot be negative."


def test_more_than_two_million_km_is_impossible():
    problem = mileage_problem(2_000_001, None, TODAY)
    assert render(problem) == "No car runs more than 2000000 km; please check the odometer reading."


def test_more_than_150000_km_a_year_is_implausible_and_shows_the_figures():
    problem = mileage_problem(760_000, FIVE_YEARS_AGO, TODAY)
    assert problem.params == {"km": 760_000, "years": 5.0, "limit": 150_000}
    assert render(problem) == (
        "760000 km in 5.0 years is more than 150000 km a year; please check the odometer reading."
    )


def test_a_young_car_gets_at_least_a_months_allowance():
    assert mileage_problem(12_500, date(2026, 11, 20), TODAY) is None
    assert mileage_problem(13_000, date(2026, 11, 20), TODAY) is not None


def test_zero_km_on_an_old_car_is_implausible():
    problem = mileage_problem(0, date(2025, 5, 22), TODAY)
    assert problem.startswith("0 km on a car registered")
    assert problem.params == {"years": 1.5}
    assert mileage_problem(0, date(2025, 12, 1), TODAY) is None  # under a year: fine


@pytest.mark.parametrize(
    ("first", "model_year"),
    [
        (None, None),
        (TODAY, None),
        (date(1980, 1, 1), None),
        (date(2019, 3, 1), 2019),
        (date(2018, 12, 31), 2019),  # registered late in the year before: common
        (date(2020, 5, 1), 2018),  # registered after the model year: stock car
    ],
)
def test_plausible_registration(first, model_year):
    assert registration_problem(first, TODAY, model_year) is None


@pytest.mark.parametrize(
    ("first", "model_year", "start"),
    [
        (date(2026, 11, 23), None, "The first registration date cannot be in the future."),
        (date(1979, 12, 31), None, "A first registration before 1980 is not plausible"),
        (date(2017, 12, 31), 2019, "Registered in 2017, more than a year before its 2019"),
    ],
)
def test_implausible_registration(first, model_year, start):
    assert render(registration_problem(first, TODAY, model_year)).startswith(start)


@pytest.mark.parametrize(
    ("n", "ok"), [(None, True), (0, True), (1, True), (20, True), (21, False), (-1, False)]
)
def test_owners(n, ok):
    assert (owners_problem(n) is None) is ok


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-138-1234-5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("(+86) 138.1234.5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+86 10 1234 5678", "+861012345678"),  # a Beijing landline keeps its prefix
    ],
)
def test_normalise_phone(raw, normal):
    assert normalise_phone(raw) == normal


@pytest.mark.parametrize("raw", ["13812345678", "+86 138 1234 5678", "0086 19912345678", ""])
def test_mainland_mobiles_pass(raw):
    assert phone_problem(raw) is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("12345678901", "A mainland mobile number starts with 13 to 19."),
        ("10012345678", "A mainland mobile number starts with 13 to 19."),
        ("1381234567", "A mainland mobile number has 11 digits; this one has {count}."),
        ("138123456789", "A mainland mobile number has 11 digits; this one has {count}."),
        ("138abc45678", "A mobile number has digits only."),
        ("+442079460958", "A mobile number has digits only."),
    ],
)
def test_mainland_mobiles_fail(raw, message):
    assert phone_problem(raw) == message


def test_length_problem_counts_the_digits():
    assert phone_problem("1381234567").params == {"count": 10}


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("+44 20 7946 0958", True),
        ("852 9123 4567", True),
        ("123456", True),
        ("+86 138 1234 5678", True),
        ("12345", False),
        ("+1234567890123456", False),
        ("+44 20 ABC", False),
    ],
)
def test_foreign_numbers(raw, ok):
    assert (phone_problem(raw, foreign=True) is None) is ok


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("+442079460958", "+********0958"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("", None),
        ("  ", None),
        ("0", 0),
        ("12345", 12345),
        ("12,345", 12345),
        ("１２ ３４５", 12345),
        ("-3", -3),
    ],
)
def test_parse_int(raw, value):
    assert parse_int(raw) == value


@pytest.mark.parametrize("raw", ["12.5", "abc", "1e5", "12-3"])
def test_parse_int_refuses_garbage_with_a_message(raw):
    with pytest.raises(ValueError, match="Enter a whole number."):
        parse_int(raw)


@pytest.mark.parametrize(
    ("raw", "yuan"),
    [
        ("", None),
        ("12.8", 128_000),
        ("12.8万", 128_000),
        ("12.8w", 128_000),
        ("128000", 128_000),
        ("128,000", 128_000),
        ("¥128000", 128_000),
        ("￥12.8万", 128_000),
        ("999", 9_990_000),  # below 1,000: 万
        ("1000", 1_000),  # from 1,000: yuan
        ("800元", 800),  # said in yuan
        ("0.35", 3_500),
        ("12.34567", 123_457),  # rounded to the yuan
        ("5.", 50_000),
        (".5", 5_000),
        ("0", 0),
    ],
)
def test_parse_money_wan(raw, yuan):
    assert parse_money_wan(raw) == yuan


@pytest.mark.parametrize("raw", ["abc", "-5", "12.8.1", "1e5", "12万元5", "万"])
def test_parse_money_refuses_garbage_with_a_message(raw):
    with pytest.raises(ValueError) as refused:
        parse_money_wan(raw)
    assert refused.value.args[0] == "Enter an amount such as 12.8 (in 万) or 128000 (in yuan)."
