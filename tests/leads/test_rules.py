"""The enquiry rules: what a mainland mobile number is, what an enquiry needs, the limits."""

import pytest

from db.leads import rules


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-13812345678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),  # full-width digits from a Chinese keyboard
        ("(138) 1234-5678", "13812345678"),
        ("19912345678", "19912345678"),
    ],
)
def test_mainland_mobiles_are_found_in_what_people_type(typed, number):
    assert rules.mainland_mobile(typed) == number


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "12812345678",  # no mobile network starts 12
        "10812345678",
        "0755-86271234",  # a landline
        "+1 415 555 0100",
        "+8612812345678",
        "138abcd5678",
    ],
)
def test_anything_else_is_not_a_mainland_mobile(typed):
    assert rules.mainland_mobile(typed) is None


def test_a_good_enquiry_has_no_problems():
    assert rules.enquiry_problems(name="王", phone="13812345678", consent=True) == {}


def test_each_missing_or_bad_field_is_named():
    problems = rules.enquiry_problems(name=" ", phone="", consent=False, contact_time="night")
    assert set(problems) == {"name", "phone", "consent", "contact_time"}
    assert rules.enquiry_problems(name="王", phone="123", consent=True) == {
        "phone": "That is not a mainland mobile number (11 digits, starting with 1)."
    }
    assert set(rules.enquiry_problems(name="王" * 65, phone="13812345678", consent=True)) == {
        "name"
    }


def test_contact_times_are_the_four_a_customer_chooses_from():
    assert list(rules.CONTACT_TIMES) == ["anytime", "morning", "afternoon", "evening"]


def test_the_client_key_hides_the_address_and_depends_on_the_secret():
    key = rules.client_key("203.0.113.7", "secret-a")
    assert key == rules.client_key("203.0.113.7", "secret-a")
    assert len(key) == 64 and "203" not in key[:3]
    assert key != rules.client_key("203.0.113.8", "secret-a")
    assert key != rules.client_key("203.0.113.7", "secret-b")


@pytest.mark.parametrize(
    ("by_client", "for_phone", "limited"),
    [(0, 0, False), (4, 2, False), (5, 0, True), (0, 3, True), (6, 4, True)],
)
def test_limits_five_an_hour_from_one_visitor_three_a_day_for_one_phone(
    by_client, for_phone, limited
):
    assert rules.over_limit(by_client, for_phone) is limited


def test_each_grade_sets_its_next_follow_up():
    from datetime import date

    from db.leads.rules import next_follow_up

    today = date(2026, 11, 23)
    assert [next_follow_up(g, today).day for g in "HABC"] == [24, 26, 30, 7]
    assert next_follow_up("H", today, {"H": 2, "A": 3, "B": 7, "C": 14}).day == 25


def test_only_owner_manager_or_a_logged_reveal_sees_a_number():
    from db.leads.rules import sees_contact

    assert sees_contact(is_manager=True, is_owner=False, revealed=False)
    assert sees_contact(is_manager=False, is_owner=True, revealed=False)
    assert sees_contact(is_manager=False, is_owner=False, revealed=True)
    assert not sees_contact(is_manager=False, is_owner=False, revealed=False)


# --- the public pool (pool helper) -------------------------------------------------------


def test_a_lead_goes_to_the_pool_only_past_the_grace_days():
    from datetime import date

    from db.leads.rules import overdue_for_pool

    today = date(2026, 11, 23)
    assert overdue_for_pool(date(2026, 11, 19), today)  # 4 days overdue
    assert not overdue_for_pool(date(2026, 11, 20), today)  # 3: still within the grace
    assert not overdue_for_pool(today, today)
    assert not overdue_for_pool(None, today)
    assert overdue_for_pool(date(2026, 11, 22), today, grace_days=0)


# --- capture and follow-up input (issue 5, capture) ---


def test_a_number_marked_foreign_is_digits_plus_and_spaces():
    assert rules.foreign_phone("+852  9123 4567") == "+852 9123 4567"
    assert rules.foreign_phone("０２０ ７９４６") == "020 7946"  # full-width folded
    assert rules.foreign_phone("12345") is None  # too short
    assert rules.foreign_phone("+1 (555) 1234") is None  # brackets are not allowed
    assert rules.foreign_phone("1" * 21) is None


def test_what_stops_a_lead_being_saved():
    good = {
        "name": "刘女士",
        "phone": "13912345678",
        "foreign": False,
        "source": "walk_in",
        "referrer": "",
        "grade": "B",
    }
    assert rules.lead_problems(**good) == {}
    assert set(rules.lead_problems(**{**good, "phone": "+852 9123 4567"})) == {"phone"}
    assert rules.lead_problems(**{**good, "phone": "+852 9123 4567", "foreign": True}) == {}
    assert set(rules.lead_problems(**{**good, "source": "referral"})) == {"referrer"}
    assert set(rules.lead_problems(**{**good, "grade": "X", "name": ""})) == {"grade", "name"}


def test_a_follow_up_needs_a_channel_and_a_date_not_in_the_past():
    from datetime import date

    today = date(2026, 11, 23)
    good = {"channel": "call", "outcome": "", "grade": "A", "next_date": today, "today": today}
    assert rules.follow_up_problems(**good) == {}
    assert set(rules.follow_up_problems(**{**good, "next_date": date(2026, 11, 22)})) == {
        "next_date"
    }
    assert set(rules.follow_up_problems(**{**good, "channel": "call_attempt"})) == {"channel"}
    assert set(rules.follow_up_problems(**{**good, "outcome": "shrug"})) == {"outcome"}
