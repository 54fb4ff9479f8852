"""The Leads tab: today's follow-ups and every lead (for now: the website's enquiries)."""

from datetime import UTC, datetime

from litestar import Request, get
from litestar.response import Template

from db.leads import enquiries
from db.leads.rules import CONTACT_TIMES
from db.staff.rules import Role
from web.guards import allow
from web.i18n import gettext as _
from web.pages import page


@get("/today", guards=[allow(Role.CONSULTANT)])
async def today(request: Request) -> Template:
    return page(
        request,
        "leads/today.html",
        {"tab": "leads", "view": "today", "now": datetime.now(UTC)},
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
async def lead_list(request: Request) -> Template:
    now = datetime.now(UTC)
    return page(
        request,
        "leads/list.html",
        {
            "tab": "leads",
            "view": "all",
            "enquiries": await enquiries.recent(),
            "age": lambda moment: age(moment, now),
            "contact_time": contact_time,
        },
        block="lead_list",
    )


routes = [today, lead_list]
