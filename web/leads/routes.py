"""The Leads tab: today's follow-ups and every lead (for now: the website's enquiries)."""

from datetime import UTC, datetime

from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import Template

from db.leads import leads as lead_rows
from db.leads import lost
from db.leads import today as today_board
from db.leads.enquiries import dealer_today
from db.leads.policy import current_policy
from db.leads.rules import (
    CONTACT_TIMES,
    GRADES,
    LOST_REASONS,
    SOURCES,
    STATUS_LABELS,
)
from db.leads.tables import Lead
from db.staff.rules import Role
from db.stock.rules import BODY_TYPES
from web.care.view import care_today
from web.guards import allow
from web.i18n import gettext as _
from web.i18n import lazy
from web.leads.filters import read_filters
from web.leads.grades import grade_labeller
from web.pages import page

SECTION_TITLES = {
    "due": lazy("Due today"),
    "overdue": lazy("Overdue"),
    "new": lazy("New, not contacted yet"),
    "won": lazy("Won today"),
    "lost": lazy("Lost today"),
}
# the manager's team table, narrow enough for a phone
COLUMN_TITLES = {
    "due": lazy("Due"),
    "overdue": lazy("Overdue"),
    "new": lazy("New"),
    "won": lazy("Won"),
    "lost": lazy("Lost"),
}


@get("/today", guards=[allow(Role.CONSULTANT)])
async def today(request: Request, staff: FromQuery[int | None] = None) -> Template:
    """A consultant's own board; a manager sees the team's counts, the lost requests
    waiting for them, and one consultant's board when `staff` names them."""
    user = request.scope["user"]
    now = datetime.now(UTC)
    is_manager = Role.MANAGER in user.roles
    owner_id = staff if (is_manager and staff) else user.id
    policy = await current_policy()
    goal = policy.first_response_goal_minutes
    people = await today_board.team(now, goal) if is_manager else []
    return page(
        request,
        "leads/today.html",
        {
            "tab": "leads",
            "view": "today",
            "now": now,
            "sections": await today_board.board(
                owner_id, now, viewer_is_manager=is_manager, goal_minutes=goal
            ),
            "section_titles": SECTION_TITLES,
            "column_titles": COLUMN_TITLES,
            "board_of": next((p["name"] for p in people if p["id"] == staff), "") if staff else "",
            "owner_id": owner_id,
            "is_manager": is_manager,
            "people": people,
            "totals": today_board.totals(people),
            "pending": await lost.pending() if is_manager else [],
            # a consultant's own care due; a manager's Today is at its query budget already
            "care_today": None if is_manager else await care_today(owner_id, team=False),
            "goal": goal,
            "grade_label": grade_labeller(policy),
            "source_label": lambda s: _(SOURCES[s]) if s in SOURCES else s,
            "reason_label": lambda r: _(LOST_REASONS[r]) if r in LOST_REASONS else r,
        },
        block="today_board",
    )


def age(moment: datetime, now: datetime) -> str:
    """How long ago, as a consultant reads it at a glance: a fresh enquiry is urgent."""
    minutes = max(0, int((now - moment).total_seconds() // 60))
    if minutes < 1:
        return _("just now")
    if minutes < 60:
        return _("{n} min ago").format(n=minutes)
    if minutes < 24 * 60:
        return _("{n} h ago").format(n=minutes // 60)
    return _("{n} d ago").format(n=minutes // (24 * 60))


def contact_time(key: str) -> str:
    return _(CONTACT_TIMES[key]) if key in CONTACT_TIMES else key


@get("/leads", guards=[allow(Role.CONSULTANT)])
async def lead_list(
    request: Request,
    status: FromQuery[str] = "",
    grade: FromQuery[str] = "",
    owner: FromQuery[str] = "",
    source: FromQuery[str] = "",
    reason: FromQuery[str] = "",
    created_from: FromQuery[str] = "",
    created_to: FromQuery[str] = "",
    after: FromQuery[str] = "",
) -> Template:
    """The consultant's own leads (a manager: everyone's, or one owner's), soonest
    follow-up first. Website enquiries are leads now (new ones; older enquiries stay
    enquiries only), so the list shows them with the rest. Source, lost reason and the
    days created narrow it (the dashboard's figures link here with them), and the total
    they select is shown above the list. A page at a time: "More" (`after`, the last lead
    shown) brings the next page's rows in place (htmx: only those rows) or, without
    JavaScript, opens the page that starts there."""
    user = request.scope["user"]
    is_manager = Role.MANAGER in user.roles
    filters, errors = read_filters(
        status=status,
        grade=grade,
        owner=owner,
        source=source,
        reason=reason,
        created_from=created_from,
        created_to=created_to,
        owner_allowed=is_manager,
    )
    cursor = lead_rows.ListCursor.parse(after) if after else None
    rows, following, total = await lead_rows.lead_page(
        user.id, is_manager=is_manager, filters=filters, after=cursor
    )
    shown = {
        "status": filters.status,
        "grade": filters.grade,
        "owner": filters.owner_id,
        "source": filters.source,
        "reason": filters.lost_reason,
        # as typed, so a refused date stays in its field beside the message
        "created_from": created_from.strip(),
        "created_to": created_to.strip(),
    }
    return page(
        request,
        "leads/list.html",
        {
            "tab": "leads",
            "view": "all",
            "leads": rows,
            "total": total,
            "after": cursor,
            # the filters in force, for the links to the next page and back to the first
            "query": {k: v for k, v in shown.items() if v},
            "next_after": str(following) if following else "",
            "today": dealer_today(),
            "filters": shown,
            "filter_errors": errors,
            "statuses": list(Lead.Status),
            "status_labels": STATUS_LABELS,
            "grades": GRADES,
            "sources": SOURCES,
            "lost_reasons": LOST_REASONS,
            "body_types": BODY_TYPES,
            "owners": await lead_rows.owner_choices() if is_manager else [],
        },
        # the next page's rows for "More"; the whole list for a change of filters
        block="lead_rows" if cursor else "lead_list",
        also=("lead_dates",) if (created_from or created_to) and not cursor else (),
    )


routes = [today, lead_list]
