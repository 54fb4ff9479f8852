"""The manager's settings index: every area a manager sets, with what is in force in brief
and a link to its page."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from db.appraisals import queries as appraisal_queries
from db.dealership import queries as dealership
from db.dealership.rules import days_text
from db.leads import blacklist
from db.leads import policy as lead_policy
from db.leads.rules import GRADES
from db.staff.queries import team
from db.staff.rules import Role
from db.stock import certification
from media.storage import media_url
from web.guards import allow
from web.i18n import gettext as _
from web.pages import page


@get("/manager/settings", guards=[allow(Role.MANAGER)])
async def settings_index(request: Request) -> Template:
    profile = await dealership.current_profile()
    stock_rules = await dealership.current_stock_rules()
    points = await certification.points(_)
    people = await team()
    return page(
        request,
        "manager/settings.html",
        {
            "tab": "me",
            "profile": profile,
            "logo_url": media_url(profile.logo_small) if profile.logo_small else "",
            "stock_rules": stock_rules,
            "aging_days": days_text(stock_rules.aging_days),
            "rule": await appraisal_queries.current_rule(),
            "policy": await lead_policy.current_policy(),
            "grades": list(GRADES),
            "points_active": sum(1 for p in points if p["active"]),
            "blacklisted": sum(1 for e in await blacklist.entries() if e["lifted_at"] is None),
            "staff_active": sum(1 for p in people if p["active"]),
        },
    )


routes = [settings_index]
