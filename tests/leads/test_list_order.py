"""The lead list at scale: the page is cut by LIMIT after sorting, so leads without a next
follow-up (closed ones) must sort last in the query itself, on SQLite as on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.leads.clock import local_today
from db.leads.leads import lead_list
from db.leads.tables import Lead
from db.staff.rules import Role
from tests.conftest import make_staff
from tests.leads.factories import make_lead


async def test_undated_leads_never_push_the_overdue_ones_off_the_page(db):
    me = await make_staff("zhangting", {Role.CONSULTANT})
    today = local_today(datetime.now(UTC))
    for n in range(3):
        await make_lead(me, name=f"won{n}", status=Lead.Status.won, next_follow_up=None)
    await make_lead(me, name="overdue", next_follow_up=today - timedelta(days=2))
    await make_lead(me, name="today", next_follow_up=today)
    rows = await lead_list(me, is_manager=False, limit=3)
    assert [r["name"] for r in rows] == ["overdue", "today", "won0"]
    rows = await lead_list(me, is_manager=True, limit=2)
    assert [r["name"] for r in rows] == ["overdue", "today"]
