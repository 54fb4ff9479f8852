"""The follow-up list (the Today board) as CSV or Excel: the leads due a call today,
overdue, new, won and lost today, section by section as /today lists them.

A consultant exports their own board (`staff` is ignored for them, as on the screen). A
manager exports the board they are looking at (`?staff=`), or without one every
consultant's: the rows behind the team table's counts, with a Consultant column. Numbers are
as the board query gives them to the screen.
"""

from __future__ import annotations

from datetime import UTC, datetime

from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import File, Stream

from db.leads import today as today_board
from db.leads.policy import current_policy
from db.leads.rules import SOURCES
from db.staff.rules import Role
from web.exports import Column, field, send_rows
from web.guards import allow
from web.i18n import gettext as _
from web.i18n import lazy
from web.leads.routes import SECTION_TITLES

COLUMNS = (
    Column(lazy("Section"), lambda r: _(SECTION_TITLES[r["section"]]), width=16),
    field("owner_name", lazy("Consultant"), width=12),
    field("id", lazy("ID"), "int", 8),
    field("name", lazy("Name"), width=12),
    field("phone", lazy("Phone"), width=14),
    field("grade", lazy("Grade"), width=6),
    Column(lazy("Source"), lambda r: _(SOURCES[r["source"]]) if r["source"] in SOURCES else ""),
    field("next_follow_up", lazy("Next follow-up"), "date", 12),
    field("waited", lazy("Minutes waiting"), "int", 10),
    field("created_at", lazy("Created"), "datetime", 17),
)


def rows_of(sections: dict[str, list[dict]]) -> list[dict]:
    """The board's sections as one list, in the board's order, each row naming its section."""
    return [{**row, "section": key} for key, rows in sections.items() for row in rows]


@get(["/today/export.csv", "/today/export.xlsx"], guards=[allow(Role.CONSULTANT)])
async def export_followups(request: Request, staff: FromQuery[int | None] = None) -> Stream | File:
    user = request.scope["user"]
    is_manager = Role.MANAGER in user.roles
    owner_id = (staff or None) if is_manager else user.id
    policy = await current_policy()
    sections = await today_board.board(
        owner_id,
        datetime.now(UTC),
        viewer_is_manager=is_manager,
        goal_minutes=policy.first_response_goal_minutes,
    )
    return await send_rows(
        request,
        rows_of(sections),
        name="follow-ups",
        sheet=lazy("Follow-ups"),
        columns=COLUMNS,
        event="followups_exported",
        subject="follow-ups",
        filters={"staff": owner_id if is_manager else None},
    )


routes = [export_followups]
