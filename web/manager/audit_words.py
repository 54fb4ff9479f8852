"""An audit event's subject and detail in words, in the reader's language (never raw JSON)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from components.format import money, yuan
from db.care.rules import SATISFACTION
from db.leads.rules import LOST_REASONS, POLICY_FIELDS
from web.appraisals.labels import OUTCOMES
from web.i18n import current_locale, lazy
from web.i18n import gettext as _
from web.manager.leads_policy import field_label as policy_field_label
from web.manager.pricing import RULE_FIELDS
from web.me.routes import ROLE_NAMES
from web.stock.unit_page import STATES

# A subject "lead:12" or a bare id, by kind: (words with {id}, link with {id})
_PREFIXED = {
    "lead": (lazy("Lead #{id}"), "/leads/{id}"),
    "complaint": (lazy("Complaint #{id}"), "/complaints/{id}"),
    "enquiry": (lazy("Enquiry #{id}"), ""),
    "unit": (lazy("Car #{id}"), "/inventory/{id}"),
    "appraisal": (lazy("Appraisal #{id}"), "/appraisals/{id}"),
}
_BARE_ID = {
    "appraisal_closed": "appraisal",
    "price_approved": "appraisal",
    "price_refused": "appraisal",
    "stock_moved": "unit",
    "retail_price_set": "unit",
    "wholesale_bid_recorded": "unit",
    "wholesale_sold": "unit",
    "recon_seeded": "unit",
    "certification_recorded": "unit",
}


# Subjects that only repeat what the label says ("Lead rules changed · lead_policy").
_SETTINGS = {
    "pricing_rule",
    "lead_policy",
    "stock_rules",
    "dealership_profile",
    "leads",
    "release-pool",
}


def subject_words(kind: str, subject: str) -> tuple[str, str]:
    """(words, link or "") for what the event acted on."""
    if subject in _SETTINGS:
        return "", ""
    prefix, _sep, rest = subject.partition(":")
    if rest and prefix in _PREFIXED and rest.isdigit():
        words, link = _PREFIXED[prefix]
    elif subject.isdigit() and kind in _BARE_ID:
        words, link = _PREFIXED[_BARE_ID[kind]]
        rest = subject
    elif prefix == "blacklist" and rest:
        return rest, "/manager/blacklist"
    else:
        return subject, ""
    return _(words).format(id=rest), link.format(id=rest)


def _roles(values) -> str:
    names = {role.value: label for role, label in ROLE_NAMES.items()}
    return "、".join(_(names[v]) if v in names else str(v) for v in values or []) or "—"


def _yuan(amount) -> str:
    return money(amount, current_locale()) if isinstance(amount, int) else "—"


def _rule_label(key: str) -> str:
    return _(RULE_FIELDS[key][0]) if key in RULE_FIELDS else key


def _rule_value(key: str, value) -> str:
    """A cost rule's value with its unit: ¥2,600, 60‰, 14 days."""
    unit = RULE_FIELDS[key][1] if key in RULE_FIELDS else ""
    if value is None or not isinstance(value, int):
        return str(value)
    if unit == "¥":
        return yuan(value, current_locale())  # exact: a setting, not a price
    if key.endswith("_permille"):
        return f"{value}‰"
    return f"{value} {_(unit)}" if unit else str(value)


def _policy_label(key: str) -> str:
    return policy_field_label(key) if key in POLICY_FIELDS else key


def _changes(
    changes: Mapping,
    label: Callable[[str], str] = str,
    value: Callable[[str, object], str] = lambda _key, v: str(v),
) -> str:
    parts = []
    for key, pair in (changes or {}).items() if isinstance(changes, Mapping) else ():
        label_text = label(key)
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        parts.append(f"{label_text}: {value(key, old)} → {value(key, new)}")
    return "; ".join(parts)


def _label(table: Mapping, key) -> str:
    return _(table[key]) if key in table else str(key)


def describe(kind: str, detail: Mapping, names: Mapping[int, str]) -> str:
    """The useful part of `detail` in words; "" when there is nothing to add."""
    d = detail or {}

    def who(staff_id) -> str:
        return names.get(staff_id, "") if staff_id else _("the public pool")

    match kind:
        case "staff_created":
            text = _("Roles: {roles}").format(roles=_roles(d.get("roles")))
            return f"{d['name']} · {text}" if d.get("name") else text
        case "staff_roles_changed":
            text = _("Roles: {before} → {after}").format(
                before=_roles(d.get("before")), after=_roles(d.get("after"))
            )
            if d.get("leads"):  # the sales consultant role taken, their open leads moved
                to = d.get("leads_to_name") or who(d.get("leads_to"))
                text += " · " + _("{n} open leads to {to}").format(n=d["leads"], to=to)
            return text
        case "staff_reactivated":
            return _("Roles: {roles}").format(roles=_roles(d.get("roles")))
        case "staff_deactivated":
            if not d.get("leads"):
                return _("No open leads")
            to = d.get("leads_to_name") or who(d.get("leads_to"))
            return _("{n} open leads to {to}").format(n=d["leads"], to=to)
        case "password_reset":
            return _("{n} signed-in phones signed out").format(n=d.get("sessions_ended", 0))
        case "price_approved" | "price_refused":
            return _("Asked price {price}").format(price=_yuan(d.get("price")))
        case "retail_price_set":
            text = _yuan(d.get("price"))
            if isinstance(d.get("previous"), int):
                text = f"{_yuan(d['previous'])} → {text}"
            return f"{text} · {d['reason']}" if d.get("reason") else text
        case "wholesale_bid_recorded" | "wholesale_sold":
            return _yuan(d.get("amount"))
        case "period_cost_entered":
            text = _yuan(d.get("amount"))
            return f"{text} · {d['note']}" if d.get("note") else text
        case "setting_changed":
            return _changes(d.get("changes"), _rule_label, _rule_value)
        case "lead_policy_changed":
            return _changes(d.get("changes"), _policy_label)
        case "stock_rules_changed" | "dealership_profile_changed":
            return _changes(d.get("changes"))
        case "certification_point_changed":
            return str(d.get("label") or "")
        case "certification_recorded":
            if d.get("passed"):
                return _("Passed")
            return _("Failed: {points}").format(points="、".join(map(str, d.get("failed") or [])))
        case "blacklist_added" | "blacklist_readded" | "blacklist_lifted":
            return str(d.get("reason") or "")
        case "leads_exported" | "stock_exported" | "appraisals_exported" | "followups_exported":
            return _("{n} rows, {format}").format(
                n=d.get("rows", 0), format=str(d.get("format", "")).upper()
            )
        case "lead_revealed":
            return str(d.get("reason") or "")
        case "lead_assigned":
            return _("{before} → {after}").format(before=who(d.get("from")), after=who(d.get("to")))
        case "appraisal_closed":
            return _label(OUTCOMES, d.get("outcome"))
        case "stock_moved":
            return _label(STATES, d.get("to_state"))
        case "lead_lost_asked":
            return _label(LOST_REASONS, d.get("reason"))
        case "care_survey":
            return _label(SATISFACTION, d.get("satisfaction"))
        case "leads_pooled":
            return _("lost {lost}, dormant {dormant}, overdue {overdue}").format(
                lost=d.get("lost", 0), dormant=d.get("dormant", 0), overdue=d.get("overdue", 0)
            )
    if d.get("note"):
        return str(d["note"])
    return ""
