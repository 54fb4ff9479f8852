"""The dealership's profile (name, logo, contacts) and its stock rules (aging thresholds,
what a car needs before it is listed), edited by a manager. Each save is a new version,
audited old → new (db/dealership/queries.py); a refused form keeps what was typed, says
what is wrong beside each field and saves nothing."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, replace

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from db.dealership import queries
from db.dealership.rules import (
    AGING_MOST,
    LOGO_MAX_BYTES,
    N_,
    PROFILE_FIELDS,
    REQUIRED,
    days_text,
    default_profile,
    default_stock_rules,
    profile_problems,
    stock_rules_problems,
)
from db.settings import settings
from db.staff.rules import Role
from media.logo import LogoRejected, prepare_logo, store_logo
from media.storage import media_url, storage
from web.forms import client_ip
from web.guards import allow
from web.i18n import gettext as _
from web.pages import page

MANAGER = [allow(Role.MANAGER)]
LABELS = {
    **{name: label for name, (label, _most) in PROFILE_FIELDS.items()},
    "logo": N_("Logo"),
    "aging_days": N_("Aging thresholds"),
    "listing_needs_certification": N_("Certification before listing"),
}


def changes_text(row: dict, before: dict, keys: tuple[str, ...]) -> list[str]:
    """One history row as 'label: old → new' for what changed from the version before."""

    def shown(key: str, value) -> str:
        if key == "logo":
            return _("a new picture") if value else _("none")
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, tuple):
            return days_text(value)
        return value or "—"

    return [
        f"{_(LABELS[k])}: {shown(k, before[k])} → {shown(k, row[k])}"
        for k in keys
        if before[k] != row[k]
    ]


def _with_changes(rows: list[dict], keys: tuple[str, ...], defaults: object) -> list[dict]:
    """Each version with what it changed; the first, from the environment's defaults."""
    first = asdict(defaults)
    for i, row in enumerate(rows):
        row["changes"] = changes_text(row, rows[i + 1] if i + 1 < len(rows) else first, keys)
    return rows


def _messages(problems: dict[str, tuple[str, dict]]) -> dict[str, str]:
    return {k: _(message).format(**args) for k, (message, args) in problems.items()}


# --- The profile ---------------------------------------------------------------------------


async def _profile_page(
    request: Request, *, errors=None, values=None, saved=False, status=200
) -> Template:
    current = await queries.current_profile()
    keys = (*PROFILE_FIELDS, "logo")
    return page(
        request,
        "manager/dealership_profile.html",
        {
            "tab": "me",
            "current": current,
            "values": values or {k: getattr(current, k) for k in PROFILE_FIELDS},
            "errors": errors or {},
            "saved": saved,
            "fields": PROFILE_FIELDS,
            "required": REQUIRED,
            "logo_url": media_url(current.logo_small) if current.logo_small else "",
            "logo_mb": LOGO_MAX_BYTES // (1024 * 1024),
            "history": _with_changes(
                await queries.profile_history(), keys, default_profile(settings())
            ),
        },
        block="profile_form",
        status_code=status,
    )


@get("/manager/settings/profile", guards=MANAGER)
async def profile_page(request: Request, saved: FromQuery[bool] = False) -> Template:
    return await _profile_page(request, saved=saved)


async def _logo(upload: object) -> tuple[dict | None, str]:
    """The chosen logo prepared for storage, or why it will not do ('' and None: none)."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None, ""
    data = await upload.read(LOGO_MAX_BYTES + 1)
    if not data:
        return None, ""
    try:
        return await asyncio.to_thread(prepare_logo, data), ""
    except LogoRejected as rejected:
        return None, _(rejected.message).format(**rejected.params)


@post("/manager/settings/profile", guards=MANAGER)
async def save_profile(request: Request) -> Template | Redirect:
    form = await request.form()
    values = {k: str(form.get(k) or "") for k in PROFILE_FIELDS}
    current = await queries.current_profile()
    profile, problems = profile_problems(values, current)
    errors = _messages(problems)
    logo, logo_problem = await _logo(form.get("logo"))
    if logo_problem:
        errors["logo"] = logo_problem
    if errors:
        return await _profile_page(request, errors=errors, values=values, status=422)
    if logo is not None:
        stored = await asyncio.to_thread(store_logo, logo, storage())
        profile = replace(profile, logo=stored.logo, logo_small=stored.logo_small)
    elif form.get("remove_logo"):
        profile = replace(profile, logo="", logo_small="")
    await queries.save_profile(profile, request.scope["user"].id, ip=client_ip(request))
    return Redirect("/manager/settings/profile?saved=1", status_code=303)


# --- The stock rules -----------------------------------------------------------------------


async def _stock_page(
    request: Request, *, errors=None, values=None, saved=False, status=200
) -> Template:
    current = await queries.current_stock_rules()
    return page(
        request,
        "manager/stock_rules.html",
        {
            "tab": "me",
            "current": current,
            "current_days": days_text(current.aging_days),
            "values": values
            or {
                "aging_days": days_text(current.aging_days),
                "listing_needs_certification": current.listing_needs_certification,
            },
            "errors": errors or {},
            "saved": saved,
            "most": AGING_MOST,
            "history": _with_changes(
                await queries.stock_rules_history(),
                ("aging_days", "listing_needs_certification"),
                default_stock_rules(settings()),
            ),
        },
        block="stock_rules_form",
        status_code=status,
    )


@get("/manager/settings/stock", guards=MANAGER)
async def stock_rules_page(request: Request, saved: FromQuery[bool] = False) -> Template:
    return await _stock_page(request, saved=saved)


@post("/manager/settings/stock", guards=MANAGER)
async def save_stock_rules(request: Request) -> Template | Redirect:
    form = await request.form()
    raw = {
        "aging_days": str(form.get("aging_days") or ""),
        "listing_needs_certification": str(form.get("listing_needs_certification") or ""),
    }
    rules, problems = stock_rules_problems(raw)
    if rules is None:
        values = {
            "aging_days": raw["aging_days"],
            "listing_needs_certification": bool(raw["listing_needs_certification"]),
        }
        errors = _messages(problems)
        return await _stock_page(request, errors=errors, values=values, status=422)
    await queries.save_stock_rules(rules, request.scope["user"].id, ip=client_ip(request))
    return Redirect("/manager/settings/stock?saved=1", status_code=303)


routes = [profile_page, save_profile, stock_rules_page, save_stock_rules]
