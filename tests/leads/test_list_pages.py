"""The lead list a page at a time: the total the filters select is shown above the list
(counted as the rows are, so it can be set against the dashboard's figure), and "More"
brings the next page in place (htmx) or opens it (no JavaScript) with the filters kept,
until every lead has been shown exactly once, in the list's order."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from db.leads.clock import local_today
from db.leads.leads import LIST_PAGE, ListCursor
from db.leads.tables import Lead
from db.staff.rules import Role
from tests.conftest import html, make_staff, sign_in

EN = {"Accept-Language": "en"}
HTMX = {**EN, "HX-Request": "true", "HX-Request-Type": "partial"}


async def _many() -> dict:
    """Walk-ins of Zhang's, more than two pages of them, days shared by several leads and
    some without a day, among leads the filters leave out."""
    boss = await make_staff("boss", {Role.MANAGER}, display_name="经理", language="en")
    zhang = await make_staff("zhang", {Role.CONSULTANT}, display_name="张婷", language="en")
    li = await make_staff("li", {Role.CONSULTANT}, display_name="李娜")
    now = datetime.now(UTC)
    today = local_today(now)
    rows = []
    for n in range(4 * LIST_PAGE + 13):
        rows.append(
            Lead(
                name=f"客户{n:03d}",
                phone=f"139{n:08d}",
                source=Lead.Source.wechat if n % 5 == 0 else Lead.Source.walk_in,
                status=Lead.Status.won if n % 7 == 0 else Lead.Status.following,
                grade="B",
                owner=li if n % 4 == 0 else zhang,
                # a dozen days, each shared by several leads (the ids decide within a day)
                next_follow_up=None if n % 7 == 0 else today + timedelta(days=n % 12 - 4),
                first_contact_at=now,
                last_activity_at=now,
                created_at=now - timedelta(days=1),
            )
        )
    await Lead.insert(*rows)
    merged_away = await Lead.select(Lead.id).where(Lead.owner == zhang).first()
    await Lead.update({Lead.status: Lead.Status.merged}).where(Lead.id == merged_away["id"])
    return {"boss": boss, "zhang": zhang, "li": li}


async def _expected(where) -> list[int]:
    """The list's order: soonest follow-up first (then by id), undated leads last by id."""
    rows = await Lead.select(Lead.id, Lead.next_follow_up).where(
        where & (Lead.status != Lead.Status.merged)
    )
    dated = sorted((str(r["next_follow_up"]), r["id"]) for r in rows if r["next_follow_up"])
    undated = sorted(r["id"] for r in rows if not r["next_follow_up"])
    return [i for _, i in dated] + undated


def _ids(doc) -> list[int]:
    return [int(a["href"].rsplit("/", 1)[1]) for a in doc.select(".lead-row .ac-title")]


def _total(doc) -> int:
    return int(re.match(r"(\d+) leads?$", doc.select_one(".lead-total").get_text(strip=True))[1])


async def test_more_brings_every_lead_once_in_order_with_the_filters_kept(client):
    d = await _many()
    await sign_in(client, "boss")
    query = f"owner={d['zhang']}&source=walk_in"
    expected = await _expected((Lead.owner == d["zhang"]) & (Lead.source == "walk_in"))
    assert len(expected) > 2 * LIST_PAGE  # three pages

    doc = html(await client.get(f"/leads?{query}", headers=EN))
    assert _total(doc) == len(expected)
    seen = _ids(doc)
    assert len(seen) == LIST_PAGE
    more = doc.select_one("#lead-list .lead-more a")
    pages = 1
    while more is not None:
        href = more["hx-get"]
        assert href == more["href"]
        assert f"owner={d['zhang']}" in href and "source=walk_in" in href and "after=" in href
        r = await client.get(href, headers=HTMX)
        assert r.status_code == 200
        part = html(r)
        assert part.select_one("#lead-list") is None  # only the rows and the next "More"
        assert part.select_one(".lead-filters") is None
        seen += _ids(part)
        more = part.select_one(".lead-more a")
        pages += 1
    assert pages == 3
    assert seen == expected  # each once, in the list's order


async def test_without_javascript_more_opens_the_next_page_with_the_total(client):
    d = await _many()
    await sign_in(client, "zhang")  # a consultant: their own leads only, whatever the URL says
    expected = await _expected((Lead.owner == d["zhang"]) & (Lead.source == "walk_in"))
    doc = html(await client.get(f"/leads?owner={d['li']}&source=walk_in", headers=EN))
    assert _total(doc) == len(expected)
    assert doc.select_one(".lead-first") is None
    seen = _ids(doc)
    while more := doc.select_one(".lead-more a"):
        doc = html(await client.get(more["href"], headers=EN))
        assert _total(doc) == len(expected)
        assert doc.select_one(".lead-filters") is not None  # the whole page
        assert doc.select_one(".lead-first a")["href"] == "/leads?source=walk_in"  # no owner
        seen += _ids(doc)
    assert seen == expected


async def test_a_short_list_has_no_more_and_a_bad_cursor_starts_at_the_beginning(client):
    d = await _many()
    await sign_in(client, "boss")
    doc = html(await client.get(f"/leads?owner={d['li']}&source=wechat", headers=EN))
    expected = await _expected((Lead.owner == d["li"]) & (Lead.source == "wechat"))
    assert 0 < len(expected) < LIST_PAGE
    assert _ids(doc) == expected and _total(doc) == len(expected)
    assert doc.select_one(".lead-more") is None
    first = _ids(html(await client.get("/leads", headers=EN)))
    for bad in ("nonsense", "2026-02-31_5", "undated_x", "_", "9" * 40):
        r = await client.get(f"/leads?after={bad}", headers=EN)
        assert r.status_code == 200, bad
        assert _ids(html(r)) == first, bad
    # nothing left after the last lead: the total still says how many there are
    last = ListCursor(None, 10**9)
    doc = html(await client.get(f"/leads?after={last}", headers=EN))
    assert _ids(doc) == [] and _total(doc) == len(await _expected(Lead.id > 0))
    assert doc.select_one(".lead-first a")["href"] == "/leads"


def test_the_cursor_reads_back_what_it_wrote():
    for cursor in (ListCursor(None, 12), ListCursor(datetime(2026, 11, 25).date(), 812)):
        assert ListCursor.parse(str(cursor)) == cursor
    assert str(ListCursor(datetime(2026, 11, 25).date(), 812)) == "2026-11-25_812"
    assert ListCursor.parse("undated_") is None
    assert ListCursor.parse("2026-13-01_4") is None


async def test_a_dashboard_figure_above_a_page_equals_the_lists_total(client):
    await _many()
    await sign_in(client, "boss")
    doc = html(await client.get("/manager/dashboard", params={"period": "30d"}, headers=EN))
    link = doc.select_one("#report-leads .report-kpis a")
    figure = int(link.select_one("strong").get_text(strip=True))
    assert figure > LIST_PAGE
    listed = html(await client.get(link["href"], headers=EN))
    assert _total(listed) == figure
    seen = _ids(listed)
    while more := listed.select_one(".lead-more a"):
        listed = html(await client.get(more["hx-get"], headers=HTMX))
        seen += _ids(listed)
    assert len(seen) == len(set(seen)) == figure
