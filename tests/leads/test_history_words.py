"""A lead's history reads as sentences, not event codes."""

import pytest

from web import i18n
from web.leads.lead import describe


@pytest.fixture(autouse=True)
def english():
    token = i18n._current.set("en")
    yield
    i18n._current.reset(token)


@pytest.mark.parametrize(
    ("kind", "detail", "words"),
    [
        ("created", {"source": "walk_in"}, "Lead created · Walk-in"),
        ("assigned", {"how": "round_robin", "to": 3}, "Given to a consultant in turn"),
        ("assigned", {"to_name": "陈静", "how": "manager"}, "Assigned to 陈静 by the manager"),
        ("pooled", {"reason": "overdue"}, "Moved to the public pool · follow-up overdue"),
        (
            "lost_asked",
            {"reason": "price", "note": "嫌贵"},
            "Asked to close as lost · Price too high · 嫌贵",
        ),
        ("merged", {"from": 12}, "Lead #12 merged into this one"),
        ("merged_into", {"into": 7}, "Merged into lead #7"),
        ("trade_in", {"appraisal": 4}, "Trade-in appraisal #4 added"),
        ("something_new", {}, "something_new"),
    ],
)
def test_events_in_words(kind, detail, words):
    assert describe({"kind": kind, "detail": detail}) == words
