"""Exporting the follow-up list (the Today board): a consultant's own board, a manager's
one board or the whole team's, section by section as the screen lists them, logged."""

from datetime import UTC, datetime, timedelta

from db.audit.tables import AuditEvent
from db.leads.clock import local_today
from db.leads.tables import Lead
from db.staff.rules import Role
from tests.conftest import html, make_staff, sign_in
from tests.exports.read import csv_rows, link_names, texts, xlsx_rows
from tests.leads.factories import make_lead

EN = {"Accept-Language": "en"}


def screen_names(response) -> list[str]:
    return [a.get_text(strip=True) for a in html(response).select(".today-section .ac-title")]


async def _board(owner: int, prefix: str) -> None:
    now = datetime.now(UTC)
    today = local_today(now)
    await make_lead(owner, name=f"{prefix}今天", phone=f"1381111{owner:04d}", next_follow_up=today)
    await make_lead(owner, name=f"{prefix}过期", next_follow_up=today - timedelta(days=2))
    await make_lead(owner, name=f"{prefix}以后", next_follow_up=today + timedelta(days=3))
    await make_lead(
        owner,
        name=f"{prefix}网站",
        status=Lead.Status.new,
        source=Lead.Source.website,
        first_contact_at=None,
        created_at=now - timedelta(minutes=12),
    )
    await make_lead(owner, name=f"={prefix}成交", status=Lead.Status.won, updated_at=now)


async def _team():
    zhang = await make_staff("zhang.wei", {Role.CONSULTANT}, display_name="张伟")
    li = await make_staff("li.na", {Role.CONSULTANT}, display_name="李娜")
    boss = await make_staff("boss", {Role.MANAGER})
    await _board(zhang, "张")
    await _board(li, "李")
    return zhang, li, boss


async def test_a_consultant_exports_their_own_board(client):
    zhang, li, boss = await _team()
    await sign_in(client, "zhang.wei")
    screen = screen_names(await client.get("/today", headers=EN))
    assert screen == ["张今天", "张过期", "张网站", "=张成交"]
    # `staff` names a colleague's board only for a manager, on the screen and in the export
    r = await client.get(f"/today/export.xlsx?staff={li}", headers=EN)
    rows = xlsx_rows(r.content)
    header = texts(rows[0])
    col = {name: i for i, name in enumerate(header)}
    assert [row[col["Name"]].text for row in rows[1:]] == ["张今天", "张过期", "张网站", "'=张成交"]
    assert [row[col["Section"]].text for row in rows[1:]] == [
        "Due today",
        "Overdue",
        "New, not contacted yet",
        "Won today",
    ]
    due = rows[1]
    assert due[col["Phone"]].text == f"1381111{zhang:04d}"  # their own lead: as on screen
    assert due[col["Next follow-up"]].as_date() == local_today(datetime.now(UTC))
    waiting = rows[3]
    assert waiting[col["Minutes waiting"]].number and waiting[col["Minutes waiting"]].value >= 12
    assert not any(c and c.formula for row in rows for c in row)
    [audit] = (
        await AuditEvent.select(AuditEvent.actor, AuditEvent.detail)
        .where(AuditEvent.kind == "followups_exported")
        .output(load_json=True)
    )
    assert audit["actor"] == zhang
    assert audit["detail"] == {"format": "xlsx", "filters": {}, "rows": 4}


async def test_a_manager_exports_one_board_or_the_teams(client):
    zhang, li, boss = await _team()
    await sign_in(client, "boss")
    screen = screen_names(await client.get(f"/today?staff={li}", headers=EN))
    rows = csv_rows((await client.get(f"/today/export.csv?staff={li}", headers=EN)).content)
    col = {name: i for i, name in enumerate(rows[0])}
    assert [row[col["Name"]] for row in rows[1:]] == [n.replace("=", "'=") for n in screen]
    assert {row[col["Consultant"]] for row in rows[1:]} == {"李娜"}
    team = csv_rows((await client.get("/today/export.csv", headers=EN)).content)
    assert len(team) - 1 == 8  # both boards, the rows behind the team table's counts
    assert {row[col["Consultant"]] for row in team[1:]} == {"张伟", "李娜"}
    assert f"1381111{zhang:04d}" in {row[col["Phone"]] for row in team[1:]}
    logged = (
        await AuditEvent.select(AuditEvent.detail)
        .where(AuditEvent.kind == "followups_exported")
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    assert [e["detail"]["filters"] for e in logged] == [{"staff": li}, {}]
    assert [e["detail"]["rows"] for e in logged] == [4, 8]


async def test_the_links_name_the_board_on_screen(client):
    zhang, li, boss = await _team()
    await sign_in(client, "boss")
    team = html(await client.get("/today", headers=EN))
    assert [a["href"] for a in team.select(".followup-export a")] == [
        "/today/export.csv",
        "/today/export.xlsx",
    ]
    board = html(await client.get(f"/today?staff={li}", headers=EN))
    assert [a["href"] for a in board.select(".followup-export a")] == [
        f"/today/export.csv?staff={li}",
        f"/today/export.xlsx?staff={li}",
    ]
    assert link_names(board.select(".followup-export a")) == [
        "Export CSV",
        "Export Excel",
    ]


async def test_an_appraiser_may_not_export_follow_ups(client):
    await make_staff("wang", {Role.APPRAISER})
    await sign_in(client, "wang")
    assert (await client.get("/today/export.csv")).status_code == 403
