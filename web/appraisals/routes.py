"""The Appraise tab: the list, starting an appraisal, the sheet and its autosaved fields."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from components import format as fmt
from db.appraisals import queries
from db.appraisals.filters import OUTCOMES
from db.appraisals.queries import Closed
from db.appraisals.tables import Appraisal
from db.appraisals.vin import check_vin
from db.idempotency import KeyTaken
from db.settings import settings
from db.staff.rules import Role
from web.appraisals import labels
from web.appraisals.context import appraisal_for, full_sheet
from web.appraisals.fields import (
    CHOICE_LABELS,
    DISCLOSURES,
    FIELDS,
    SECTIONS,
    Invalid,
    disclosure_problem,
)
from web.appraisals.filters import appraiser_choices, read_filters
from web.appraisals.sheet_page import sheet_fragment, sheet_page
from web.forms import Annotated, Form
from web.guards import allow
from web.i18n import current_locale
from web.i18n import gettext as _
from web.idempotency import KeyInUse, request_key
from web.pages import page
from web.photo_uploads import new_id

APPRAISER = [allow(Role.APPRAISER)]


def _message(error: Invalid) -> str:
    """The error in the user's language, its placeholders filled from the rule's own values."""
    params = {**getattr(error.message, "params", {}), **error.params}
    return _(error.message).format(**params)


# Saving these changes more than the field itself (see _field_saved.html).
OUT_OF_BAND = {
    "vin",
    "accident",
    "flood",
    "fire",
    "forecast_retail",
    "agreed_price",
    "tread_front_left",
    "tread_front_right",
    "tread_rear_left",
    "tread_rear_right",
}


@get("/appraisals", guards=APPRAISER)
async def appraisal_list(
    request: Request,
    created_from: FromQuery[str] = "",
    created_to: FromQuery[str] = "",
    appraiser: FromQuery[str] = "",
    outcome: FromQuery[str] = "",
    overdue: FromQuery[str] = "",
    sold: FromQuery[str] = "",
    vin: FromQuery[str] = "",
) -> Template:
    """Open appraisals first, then closed ones: an appraiser's own, a manager's everyone's;
    the query string narrows them (the dashboard's figures link here with it)."""
    user = request.scope["user"]
    mine = None if Role.MANAGER in user.roles else user.id
    filters, errors = read_filters(
        created_from=created_from,
        created_to=created_to,
        appraiser=appraiser,
        outcome=outcome,
        overdue=overdue,
        sold=sold,
        vin=vin,
        appraiser_allowed=mine is None,
    )
    rows = await queries.appraisal_list(mine, filters, limit=queries.LIST_LIMIT + 1)
    more = len(rows) > queries.LIST_LIMIT
    if more:  # the one fetched to know there are more is the oldest
        rows.remove(min(rows, key=lambda r: r["id"]))
    rule = await queries.current_rule()
    # the list narrowed shows exactly what was asked for, without the all-time warning
    overdue_rows = await queries.overdue(rule) if mine is None and not filters else []
    return page(
        request,
        "appraisals/list.html",
        {
            "tab": "appraise",
            "open": [r for r in rows if not r["outcome"]],
            "closed": [r for r in rows if r["outcome"]],
            "more": more,
            "overdue": overdue_rows,
            "rule": rule,
            "show_appraiser": mine is None,
            "L": labels,
            "filtered": bool(filters) or bool(errors),
            "filter_errors": errors,
            # as typed, so a refused date stays in its field beside the message
            "filter_values": {
                "created_from": created_from.strip(),
                "created_to": created_to.strip(),
                "appraiser": filters.appraiser_id,
                "outcome": filters.outcome,
                "overdue": filters.overdue,
                "sold": filters.sold,
                "vin": filters.vin,
            },
            "appraisers": await appraiser_choices() if mine is None else [],
            "outcome_choices": OUTCOMES,
        },
        block="appraisal_list",
    )


@post("/appraisals", guards=APPRAISER)
async def start(request: Request) -> Redirect:
    """A new draft; a retry with the same idempotency key lands on the same one."""
    key = request_key(request, await request.form())
    try:
        appraisal_id = await queries.start_appraisal(request.scope["user"].id, key)
    except KeyTaken:
        raise KeyInUse() from None
    return Redirect(f"/appraisals/{appraisal_id}", status_code=303)


@get("/appraisals/draft", guards=APPRAISER)
async def draft(request: Request) -> Template:
    """The empty sheet of an appraisal started without signal (the service worker keeps it;
    outbox.js numbers it on the phone, see appraisals/draft.html)."""
    return page(
        request,
        "appraisals/draft.html",
        {
            "tab": "appraise",
            "a": queries.blank_appraisal("@draft"),
            "fields": FIELDS,
            "choices": CHOICE_LABELS,
            "disclosures": DISCLOSURES,
            "errors": {},
            "values": {},
            "closed": False,
            "guided": {},
            "free_photos": [],
            "L": labels,
            "new_id": new_id,
        },
    )


@get("/appraisals/{appraisal_id:int}", guards=APPRAISER)
async def detail(
    request: Request, appraisal_id: FromPath[int], panel: FromQuery[str] = ""
) -> Template:
    """The sheet; `?panel=` opens the damage form for a panel of the car diagram."""
    return await sheet_page(
        request,
        await appraisal_for(request, appraisal_id),
        block="condition" if panel else None,
        extra={"panel": panel},
    )


def _parse(form: FormMultiDict, names: list[str], saved: dict) -> tuple[dict, dict]:
    values, errors = {}, {}
    for name in names:
        field = FIELDS[name]
        raw = form.get(name, "")
        try:
            values[name] = field.parse(raw, {**saved, **values})
        except Invalid as error:
            errors[name] = _message(error)
    return values, errors


@post("/appraisals/{appraisal_id:int}", guards=APPRAISER)
async def save_sheet(request: Request, appraisal_id: FromPath[int]) -> Template | Redirect:
    """The whole vehicle form at once: what a phone without JavaScript sends."""
    appraisal = await appraisal_for(request, appraisal_id)
    form = await request.form()
    section = form.get("section", "")
    if section not in SECTIONS:
        return await sheet_page(
            request, appraisal, status=422, errors={"form": _("Unknown part of the sheet.")}
        )
    values, errors = _parse(form, list(SECTIONS[section]), appraisal)
    errors.update({k: _(v) for k, v in disclosure_problem({**appraisal, **values}).items()})
    good = {k: v for k, v in values.items() if k not in errors}
    try:
        await queries.update_fields(appraisal_id, good, request.scope["user"].id)
    except Closed:
        errors["form"] = _("This appraisal is closed; it can no longer be changed.")
    if errors:
        fresh = await queries.get_appraisal(appraisal_id)
        raw = {k: form.get(k, "") for k in errors if k in FIELDS}
        return await sheet_page(request, fresh, errors=errors, values=raw, status=422)
    return Redirect(f"/appraisals/{appraisal_id}#{section}", status_code=303)


@post("/appraisals/{appraisal_id:int}/fields/{name:str}", guards=APPRAISER)
async def save_field(
    request: Request, appraisal_id: FromPath[int], name: FromPath[str]
) -> Template:
    """One field, saved as it is left; answers with that field (and what it changed)."""
    appraisal = await appraisal_for(request, appraisal_id)
    if name not in FIELDS:
        return _field(request, appraisal, name, error=_("Unknown field."), status=422)
    form = await request.form()
    raw = form.get(name, "")
    try:
        value = FIELDS[name].parse(raw, appraisal)
    except Invalid as error:
        return _field(request, appraisal, name, raw=raw, error=_message(error), status=422)
    base = form.get("_base")
    if (
        base is not None
        and not appraisal["outcome"]  # a closed one answers as closed, below
        and value != appraisal[name]
        and not _based_on_current(name, base, appraisal)
    ):
        return await _conflict(request, appraisal, name, raw, value)
    updates: dict[str, Any] = {name: value}
    if name == "vin" and value:
        updates.update(await _prefill_from_vin(appraisal, value))
    try:
        await queries.update_fields(appraisal_id, updates, request.scope["user"].id)
    except Closed:
        return _field(
            request,
            appraisal,
            name,
            raw=raw,
            error=_("This appraisal is closed; it can no longer be changed."),
            status=409,
        )
    fresh = await queries.get_appraisal(appraisal_id)
    if name in OUT_OF_BAND:
        # these change more than themselves: the decoded VIN, the grade, the price
        return await sheet_fragment(
            request,
            fresh,
            "appraisals/_field_saved.html",
            name=name,
            prefilled=[k for k in updates if k != name],
            saved_field=name,
        )
    return _field(request, fresh, name, saved=True)


@get("/appraisals/{appraisal_id:int}/fields/{name:str}", guards=APPRAISER)
async def field_view(
    request: Request, appraisal_id: FromPath[int], name: FromPath[str]
) -> Template:
    """One field as the server has it (a conflict's "keep theirs")."""
    appraisal = await appraisal_for(request, appraisal_id)
    if name not in FIELDS:
        return _field(request, appraisal, name, error=_("Unknown field."), status=422)
    return _field(request, appraisal, name)


def shown(name: str, value: Any) -> str:
    """A stored value as the field's input shows it (components/sheet_field.html)."""
    field = FIELDS[name]
    if field.kind == "flag":
        return "on" if value else ""
    if field.kind == "money":
        return fmt.wan_figure(value)
    return "" if value is None else str(value)


def _based_on_current(name: str, base: str, appraisal: dict) -> bool:
    """Whether the value the phone showed (`_base`) is what the server still has: the same
    text as the input shows it, or text that reads as the same value."""
    current = appraisal[name]
    if base.strip() == shown(name, current).strip():
        return True
    try:
        return FIELDS[name].parse(base, appraisal) == current
    except Invalid:
        return False


def _in_words(name: str, value: Any) -> str:
    """A value as the conflict message quotes it."""
    field = FIELDS[name]
    if field.kind == "flag":
        return _("ticked") if value else _("not ticked")
    if field.kind == "select" and value in CHOICE_LABELS.get(name, {}):
        return _(CHOICE_LABELS[name][value])
    return shown(name, value) or _("(empty)")


async def _conflict(request: Request, appraisal: dict, name: str, raw: str, value: Any) -> Template:
    """409: the field changed on the server since the phone showed it; the server's value
    stays, with the user's beside it to keep instead."""
    theirs, yours = _in_words(name, appraisal[name]), _in_words(name, value)
    change = await queries.last_change(appraisal["id"], name)
    if change:
        message = _(
            "Changed on the server meanwhile to “{theirs}” (by {name}, {time}). "
            "Yours was “{yours}”."
        ).format(
            theirs=theirs,
            yours=yours,
            name=change["actor_name"] or "—",
            time=fmt.moment(change["created_at"], current_locale(), settings().timezone),
        )
    else:
        message = _("Changed on the server meanwhile to “{theirs}”. Yours was “{yours}”.").format(
            theirs=theirs, yours=yours
        )
    url = f"/appraisals/{appraisal['id']}/fields/{name}"
    return _field(
        request,
        appraisal,
        name,
        error=message,
        status=409,
        conflict={"mine": raw, "url": url, "page": f"/appraisals/{appraisal['id']}#field-{name}"},
    )


async def _prefill_from_vin(appraisal: dict, vin: str) -> dict:
    decoded = check_vin(vin, date.today())
    prefill = {}
    if decoded.manufacturer and not appraisal["make"]:
        prefill["make"] = decoded.manufacturer[:64]
    return prefill


def _field(
    request: Request,
    appraisal: dict,
    name: str,
    *,
    raw: str | None = None,
    error: str | None = None,
    saved: bool = False,
    status: int = 200,
    conflict: dict | None = None,
) -> Template:
    return _fragment(
        request,
        "appraisals/_field_saved.html",
        {
            "a": appraisal,
            "name": name,
            "fields": FIELDS,
            "choices": CHOICE_LABELS,
            "L": labels,
            "errors": {name: error} if error else {},
            "values": {name: raw} if error and raw is not None else {},
            "conflict": conflict,
            "saved": name if saved else None,
            "prefilled": [],
            "closed": bool(appraisal["outcome"]),
        },
        status=status,
    )


def _fragment(request: Request, template: str, context: dict, status: int = 200) -> Template:
    return Template(
        template_name=template,
        context=context,
        status_code=status,
        headers={"Vary": "HX-Request, HX-Request-Type"},
    )


@dataclass
class OutcomeForm:
    outcome: str = ""
    note: str = ""
    owner_expected_price: str = ""


@post("/appraisals/{appraisal_id:int}/outcome", guards=APPRAISER)
async def record_outcome(
    request: Request, appraisal_id: FromPath[int], data: Annotated[OutcomeForm, Form]
) -> Template | Redirect:
    appraisal = await appraisal_for(request, appraisal_id)
    sheet = await full_sheet(appraisal)
    errors = _outcome_problems(data, sheet)
    expected = None
    if not errors and data.owner_expected_price:
        try:
            expected = FIELDS["forecast_retail"].parse(data.owner_expected_price, appraisal)
        except Invalid as error:
            errors["owner_expected_price"] = _message(error)
    if errors:
        return await sheet_page(
            request,
            appraisal,
            errors=errors,
            values={
                "outcome": data.outcome,
                "note": data.note,
                "owner_expected_price": data.owner_expected_price,
            },
            status=422,
            block="outcome",
        )
    with suppress(Closed):  # a double tap: the first one recorded it
        await queries.close(
            appraisal_id,
            data.outcome,
            request.scope["user"].id,
            note=data.note.strip(),
            owner_expected_price=expected,
            purchase_price=appraisal["agreed_price"],
            recon_estimate=sheet["recon_total"],
        )
    return Redirect(f"/appraisals/{appraisal_id}#outcome", status_code=303)


def _outcome_problems(data: OutcomeForm, sheet: dict) -> dict[str, str]:
    a = sheet["a"]
    if data.outcome not in {o.value for o in Appraisal.Outcome}:
        return {"outcome": _("Choose how this appraisal ended.")}
    if disclosure_problem(a):
        return {
            "outcome": _(
                "A disclosed accident, flood or fire needs its note first: "
                "the customer will read it."
            )
        }
    if data.outcome == "acquired":
        if not a["agreed_price"]:
            return {"outcome": _("Enter the price agreed with the owner first.")}
        if sheet["approval_state"] not in ("within", "approved"):
            return {
                "outcome": _(
                    "The agreed price is above the maximum buy price: "
                    "it needs a manager's approval first."
                )
            }
        if len(sheet["guided"]) < 9:
            return {"outcome": _("Take all nine guided photos before acquiring the car.")}
    if data.outcome in ("declined", "sold_elsewhere", "voided") and not data.note.strip():
        return {
            "note": _("Say why: every appraisal that does not end in a purchase needs a reason.")
        }
    if data.outcome == "declined" and not data.owner_expected_price.strip():
        return {"owner_expected_price": _("Enter the price the owner expected.")}
    return {}


@get("/appraisals/{appraisal_id:int}/history", guards=APPRAISER)
async def appraisal_history(request: Request, appraisal_id: FromPath[int]) -> Template:
    appraisal = await appraisal_for(request, appraisal_id)
    return page(
        request,
        "appraisals/history.html",
        {
            "tab": "appraise",
            "a": appraisal,
            "changes": await queries.history(appraisal_id),
            "L": labels,
        },
        block="history",
    )


routes = [
    appraisal_list,
    start,
    draft,
    detail,
    save_sheet,
    save_field,
    field_view,
    record_outcome,
    appraisal_history,
]
