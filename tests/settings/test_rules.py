"""What a manager may save as the dealership's profile and stock rules (plain rules)."""

from __future__ import annotations

import pytest

from db.dealership.rules import (
    Profile,
    aging_problem,
    is_phone,
    profile_changes,
    profile_problems,
    stock_rules_problems,
)

CURRENT = Profile(name="华骏汽车", city="深圳", phone="0755-86271234", logo="logos/a/b-512.png")
GOOD = {
    "name": "华骏汽车 · 认证二手车",
    "city": "深圳",
    "address": "南山区沙河西路 3009 号（2 号馆）",
    "phone": "0755-8627 1234",
    "hours": "周一至周日 9:00–18:30",
    "wechat_id": "huajun_cars",
}


@pytest.mark.parametrize(
    "phone",
    [
        "0755-86271234",
        "(0755) 8627 1234",
        "010-12345678",
        "13812345678",
        "+86 138 1234 5678",
        "+86 755 86271234",
        "400-123-4567",
        "０７５５－８６２７１２３４",
    ],
)
def test_phones_a_customer_can_ring(phone):
    assert is_phone(phone)


@pytest.mark.parametrize(
    "phone", ["", "12345", "abc", "0755-123", "23812345678", "1381234567", "13812345678 ext"]
)
def test_what_is_not_a_phone(phone):
    assert not is_phone(phone)


def test_a_good_profile_keeps_what_was_typed_and_the_logo_in_force():
    profile, problems = profile_problems(GOOD, CURRENT)
    assert problems == {}
    assert profile.address == "南山区沙河西路 3009 号（2 号馆）"  # Chinese brackets kept
    assert profile.phone == "0755-8627 1234"
    assert profile.logo == CURRENT.logo


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "  "),
        ("city", ""),
        ("phone", ""),
        ("phone", "call us"),
        ("wechat_id", "5abc"),
        ("wechat_id", "ab"),
        ("name", "长" * 61),
        ("address", "路" * 121),
    ],
)
def test_each_bad_field_is_named(field, value):
    profile, problems = profile_problems({**GOOD, field: value}, CURRENT)
    assert profile is None and set(problems) == {field}


def test_aging_thresholds_are_rising_whole_days():
    assert aging_problem("30, 45, 60, 90") == ((30, 45, 60, 90), None)
    assert aging_problem("20，40 ") == ((20, 40), None)  # a Chinese comma
    assert aging_problem("60") == ((60,), None)
    for bad in ("", "0, 30", "30, 30", "45, 30", "30, abc", "-5, 10", "10, 20, 30, 40, 50", "400"):
        days, problem = aging_problem(bad)
        assert days is None and problem, bad


def test_stock_rules_read_the_checkbox():
    rules, _ = stock_rules_problems({"aging_days": "20,40", "listing_needs_certification": "1"})
    assert rules.aging_days == (20, 40) and rules.listing_needs_certification
    rules, _ = stock_rules_problems({"aging_days": "20,40"})
    assert not rules.listing_needs_certification


def test_changes_name_only_what_changed():
    new = Profile(name="华骏汽车", city="广州", phone="0755-86271234", logo="")
    assert profile_changes(CURRENT, new) == {
        "city": ["深圳", "广州"],
        "logo": ["logos/a/b-512.png", ""],
    }


def test_the_short_name_and_the_tel_link():
    assert Profile(name="华骏汽车 · 认证二手车", city="").short_name == "华骏汽车"
    assert Profile(name="x", city="", phone="+86 755-8627 1234").tel == "+8675586271234"
