"""The Today board: a consultant's leads by what needs doing, the team's counts for a
manager, in a fixed number of queries."""

from datetime import UTC, datetime, timedelta

from db.leads.clock import local_today
from db.leads.tables import Lead
from db.staff.rules import Role
from tests.conftest import html, make_staff, sign_in
from tests.leads.factories import make_lead

EN = {"Accept-Language": "en"}


def _section(doc, key: str) -> tuple[str, list[str]]:
    section = doc.select_one(f"#today-{key}")
    names = [a.get_text(strip=True) for a in section.select(".ac-title")]
    return section.select_one(".count").get_text(strip=True), names


async def _leads_for(owner: int) -> None:
    now = datetime.now(UTC)
    today = local_today(now)
    await make_lead(owner, name="今天", next_follow_up=today)
    await make_lead(owner, name="过期", next_follow_up=today - timedelta(days=2))
    await make_lead(owner, name="以后", next_follow_up=today + timedelta(days=3))
    await make_lead(
        owner,
        name="网站",
        status=Lead.Status.new,
        source=Lead.Source.website,
        first_contact_at=None,
        created_at=now - timedelta(minutes=12),
    )
    await make_lead(
        owner,
        name="刚来",
        status=Lead.Status.new,
        source=Lead.Source.website,
        first_contact_at=None,
        created_at=now - timedelta(minutes=2),
    )
    await make_lead(owner, name="成交", status=Lead.Status.won, updated_at=now)
    await make_lead(owner, name="战败", status=Lead.Status.lost_pending, updated_at=now)
    await make_lead(
        owner, name="昨天成交", status=Lead.Status.won, updated_at=now - timedelta(days=2)
    )


async def test_a_consultant_sees_their_leads_by_section(client):
    me = await make_staff("zhang.wei", {Role.CONSULTANT}, language="en")
    other = await make_staff("li.na", {Role.CONSULTANT})
    await _leads_for(me)
    await make_lead(other, name="别人的", next_follow_up=local_today(datetime.now(UTC)))
    await sign_in(client, "zhang.wei")
    doc = html(await client.get("/today", headers=EN))
    assert _section(doc, "due") == ("1", ["今天"])
    assert _section(doc, "overdue") == ("1", ["过期"])
    assert _section(doc, "new") == ("2", ["网站", "刚来"])
    assert _section(doc, "won") == ("1", ["成交"])
    assert _section(doc, "lost") == ("1", ["战败"])
    badges = doc.select("#today-new .badge")
    assert [b.get_text(strip=True) for b in badges] == ["12 min", "2 min"]
    assert "badge-late" in badges[0]["class"] and "badge-late" not in badges[1]["class"]
    assert doc.select_one("#team-today") is None
    # a consultant cannot open a colleague's board
    doc = html(await client.get(f"/today?staff={other}", headers=EN))
    assert _section(doc, "due") == ("1", ["今天"])


async def test_the_board_takes_a_fixed_number_of_queries(client, sql_log):
    me = await make_staff("zhang.wei", {Role.CONSULTANT})
    await make_staff("boss", {Role.MANAGER})
    await _leads_for(me)
    await sign_in(client, "boss")
    counts = []
    for _ in range(2):
        sql_log.clear()
        assert (await client.get(f"/today?staff={me}")).status_code == 200
        counts.append(len(sql_log))
        await _leads_for(me)
    assert counts[0] == counts[1] <= 5  # the session, the team, the board, lost requests


async def test_a_manager_sees_the_team_and_opens_one_board(client):
    me = await make_staff("zhang.wei", {Role.CONSULTANT}, display_name="张伟")
    other = await make_staff("li.na", {Role.CONSULTANT}, display_name="李娜")
    await _leads_for(me)
    await make_lead(other, name="李的", next_follow_up=local_today(datetime.now(UTC)))
    await make_staff("boss", {Role.MANAGER}, language="en")
    await sign_in(client, "boss")
    doc = html(await client.get("/today", headers=EN))
    rows = {
        r.select_one("th").get_text(strip=True): [td.get_text(strip=True) for td in r("td")]
        for r in doc.select("#team-today tbody tr")
    }
    # due, overdue, new, won, lost, late first responses
    assert rows["张伟"] == ["1", "1", "2", "1", "1", "1"]
    assert rows["李娜"] == ["1", "0", "0", "0", "0", "0"]
    totals = [td.get_text(strip=True) for td in doc.select("#team-today tfoot td")]
    assert totals == ["2", "1", "2", "1", "1", "1"]
    assert doc.select_one("#today-due") is None  # a manager's home is the team
    link = doc.select_one("#team-today tbody a[href]")
    assert link["href"] in (f"/today?staff={me}", f"/today?staff={other}")
    board = html(await client.get(f"/today?staff={other}", headers=EN))
    assert _section(board, "due") == ("1", ["李的"])
    assert board.select_one("#board-of").get_text(strip=True) == "李娜's day"


async def test_a_shared_link_enquiry_waits_against_the_goal_like_a_website_one(client):
    """Both are a customer asking online: Today times them alike, as the dashboard's first
    answer does (db.leads.rules.ONLINE_SOURCES)."""
    me = await make_staff("zhang.wei", {Role.CONSULTANT}, display_name="张伟", language="en")
    now = datetime.now(UTC)
    for name, source in (("分享", Lead.Source.shared_link), ("到店", Lead.Source.walk_in)):
        await make_lead(
            me,
            name=name,
            status=Lead.Status.new,
            source=source,
            first_contact_at=None,
            created_at=now - timedelta(minutes=30),
        )
    await sign_in(client, "zhang.wei")
    doc = html(await client.get("/today", headers=EN))
    rows = {
        r.select_one(".ac-title").get_text(strip=True): r.select_one(".badge")
        for r in doc.select("#today-new li")
    }
    assert rows["分享"] is not None and "badge-late" in rows["分享"]["class"]
    assert rows["到店"] is None  # a walk-in has no clock running
    await make_staff("boss", {Role.MANAGER}, language="en")
    await sign_in(client, "boss")
    doc = html(await client.get("/today", headers=EN))
    late = doc.select("#team-today tbody tr")[0]("td")[-1].get_text(strip=True)
    assert late == "1"
