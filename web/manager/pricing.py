"""The dealership's cost rule (收购成本控制原则), edited by a manager."""

from __future__ import annotations

from dataclasses import fields

from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from db.appraisals import queries
from db.appraisals.pricing import PricingRule
from db.staff.rules import Role
from web.guards import allow
from web.i18n import gettext as _
from web.i18n import lazy
from web.pages import page

MANAGER = [allow(Role.MANAGER)]
# field: (label, unit, largest sensible value)
RULE_FIELDS = {
    "transport": (lazy("Transport per car"), "¥", 20000),
    "inspection": (lazy("Inspection and certification per car"), "¥", 20000),
    "tax_permille": (lazy("Taxes on resale, ‰ of the retail price"), "", 200),
    "fixed_cost_share": (
        lazy("Share of fixed costs per car (interest, wages, rent, office)"),
        "¥",
        100000,
    ),
    "target_profit_permille": (lazy("Target profit, ‰ of the retail price"), "", 500),
    "min_target_profit": (lazy("Smallest target profit per car"), "¥", 200000),
    "offer_spread_permille": (lazy("Opening offer below the maximum, ‰"), "", 500),
    "outcome_due_days": (
        lazy("Days before an appraisal without an outcome is flagged"),
        lazy("days"),
        60,
    ),
}


def _page(
    request: Request, rule: PricingRule, *, errors=None, values=None, saved=False, status=200
) -> Template:
    return page(
        request,
        "manager/pricing.html",
        {
            "tab": "me",
            "rule": rule,
            "rule_fields": RULE_FIELDS,
            "errors": errors or {},
            "values": values or {},
            "saved": saved,
        },
        block="pricing_form",
        status_code=status,
    )


@get("/manager/pricing", guards=MANAGER)
async def pricing(request: Request, saved: FromQuery[bool] = False) -> Template:
    return _page(request, await queries.current_rule(), saved=saved)


@post("/manager/pricing", guards=MANAGER)
async def save_pricing(request: Request) -> Template | Redirect:
    form = await request.form()
    values, errors = {}, {}
    for f in fields(PricingRule):
        raw = form.get(f.name, "").strip().replace(",", "")
        limit = RULE_FIELDS[f.name][2]
        if not raw.isdigit() or int(raw) > limit:
            errors[f.name] = _("Enter a whole number from 0 to {limit}.").format(limit=limit)
        else:
            values[f.name] = int(raw)
    if errors:
        return _page(
            request,
            await queries.current_rule(),
            errors=errors,
            values={k: form.get(k, "") for k in RULE_FIELDS},
            status=422,
        )
    await queries.save_rule(PricingRule(**values), request.scope["user"].id)
    return Redirect("/manager/pricing?saved=1", status_code=303)


routes = [pricing, save_pricing]
