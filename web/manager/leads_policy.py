"""The manager's lead policy: what each grade means and when it is followed up, the daily
claim and reveal limits, the dormant and pool clocks, the first-response goal."""

from __future__ import annotations

from dataclasses import asdict

from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from db.leads import policy as lead_policy
from db.leads.rules import GRADES, POLICY_FIELDS, Policy, policy_problems
from db.staff.rules import Role
from web.forms import client_ip
from web.guards import allow
from web.i18n import gettext as _
from web.pages import page

MANAGER = [allow(Role.MANAGER)]
LIMIT_FIELDS = (
    "daily_claim_limit",
    "daily_reveal_limit",
    "dormant_after_days",
    "pool_grace_days",
    "first_response_goal_minutes",
)


def field_label(name: str) -> str:
    label = POLICY_FIELDS[name][0]
    return _(label).format(grade=name[-1].upper()) if "{grade}" in label else _(label)


def changes_text(row: dict, before: dict | None) -> list[str]:
    """One history row as 'label: old → new' for what changed from the version before."""
    if before is None:
        before = asdict(Policy())
    return [
        f"{field_label(k)}: {before[k]} → {row[k]}" for k in POLICY_FIELDS if before[k] != row[k]
    ]


async def _page(request: Request, *, errors=None, values=None, saved=False, status=200) -> Template:
    current = await lead_policy.current_policy()
    rows = await lead_policy.history()
    for i, row in enumerate(rows):
        row["changes"] = changes_text(row, rows[i + 1] if i + 1 < len(rows) else None)
    return page(
        request,
        "manager/leads_policy.html",
        {
            "tab": "me",
            "values": values or {k: str(v) for k, v in asdict(current).items()},
            "errors": errors or {},
            "saved": saved,
            "grades": list(GRADES),
            "limit_fields": LIMIT_FIELDS,
            "fields": POLICY_FIELDS,
            "field_label": field_label,
            "history": rows,
        },
        block="policy_form",
        status_code=status,
    )


@get("/manager/leads-policy", guards=MANAGER)
async def policy_page(request: Request, saved: FromQuery[bool] = False) -> Template:
    return await _page(request, saved=saved)


@post("/manager/leads-policy", guards=MANAGER)
async def save_policy(request: Request) -> Template | Redirect:
    form = await request.form()
    values = {k: (form.get(k) or "").strip() for k in POLICY_FIELDS}
    policy, problems = policy_problems(values)
    if policy is None:
        errors = {k: _(message).format(**args) for k, (message, args) in problems.items()}
        return await _page(request, errors=errors, values=values, status=422)
    await lead_policy.save_policy(policy, request.scope["user"].id, ip=client_ip(request))
    return Redirect("/manager/leads-policy?saved=1", status_code=303)


routes = [policy_page, save_policy]
