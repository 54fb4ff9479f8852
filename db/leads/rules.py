"""What a customer's enquiry must be, and how often one visitor or one phone may send one;
the leads' grades, follow-up cadence, sources, lost reasons, and who sees a number.

Plain functions, tested without a database. Spam is held back without a CAPTCHA: a honeypot
field a person never sees, and limits counted from the stored enquiries themselves.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta


def N_(message: str) -> str:
    """Marks a message id for translation; it is translated where it is shown."""
    return message


CONTACT_TIMES = {
    "anytime": N_("Any time"),
    "morning": N_("Morning (9:00–12:00)"),
    "afternoon": N_("Afternoon (12:00–18:00)"),
    "evening": N_("Evening (18:00–21:00)"),
}

NAME_MAX = 64  # Enquiry.name
MESSAGE_MAX = 1000
MAX_PER_CLIENT_PER_HOUR = 5
MAX_PER_PHONE_PER_DAY = 3

_MAINLAND_MOBILE = re.compile(r"1[3-9]\d{9}")
_PHONE_NOISE = re.compile(r"[\s\-()（）.]")


def mainland_mobile(raw: str) -> str | None:
    """The 11-digit mainland mobile number in what was typed, or None.

    Spaces, dashes and brackets are dropped, full-width digits folded, and a +86 / 0086 / 86
    country prefix removed: "+86 138-1234-5678" → "13812345678".
    """
    text = _PHONE_NOISE.sub("", unicodedata.normalize("NFKC", raw or ""))
    for prefix in ("+86", "0086", "86"):
        if text.startswith(prefix) and len(text) == len(prefix) + 11:
            text = text[len(prefix) :]
            break
    return text if _MAINLAND_MOBILE.fullmatch(text) else None


def enquiry_problems(
    *, name: str, phone: str, consent: bool, contact_time: str = "anytime"
) -> dict[str, str]:
    """Field name → English message id for each thing that stops the enquiry being sent."""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = N_("Please tell us your name.")
    elif len(name.strip()) > NAME_MAX:
        problems["name"] = N_("Please keep the name under 64 characters.")
    if not phone.strip():
        problems["phone"] = N_("Please give a mobile number we can call you on.")
    elif mainland_mobile(phone) is None:
        problems["phone"] = N_("That is not a mainland mobile number (11 digits, starting with 1).")
    if contact_time not in CONTACT_TIMES:
        problems["contact_time"] = N_("Please choose when we may call you.")
    if not consent:
        problems["consent"] = N_("Please agree, so that we may call you about this car.")
    return problems


def client_key(ip: str, secret: str) -> str:
    """A keyed hash of the visitor's IP address: enough to count their enquiries, while the
    address itself is never stored."""
    return hmac.new(secret.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


def over_limit(sent_by_client_last_hour: int, sent_for_phone_last_day: int) -> bool:
    """Whether one more enquiry would go past either limit."""
    return (
        sent_by_client_last_hour >= MAX_PER_CLIENT_PER_HOUR
        or sent_for_phone_last_day >= MAX_PER_PHONE_PER_DAY
    )


# --- leads: grades, follow-up cadence, who sees a customer's number ---------------------

GRADES = {
    # grade: (label, buys within days, next follow-up after days) — the seeds' dealer grades
    "H": (N_("H: buys within 7 days"), 7, 1),
    "A": (N_("A: buys within 15 days"), 15, 3),
    "B": (N_("B: buys within 30 days"), 30, 7),
    "C": (N_("C: buys later"), 90, 14),
}
SOURCES = {
    "walk_in": N_("Walk-in"),
    "phone_call": N_("Phone call"),
    "wechat": N_("WeChat"),
    "referral": N_("Referral"),
    "website": N_("Website enquiry"),
    "shared_link": N_("Shared link"),
    "trade_in": N_("Trade-in appraisal"),
}
# enquiries a customer sent online (the public car page, a consultant's shared link): they
# wait for a first answer, timed against the policy's goal (Today's "late", the dashboard)
ONLINE_SOURCES = ("website", "shared_link")
LOST_REASONS = {
    "bought_elsewhere": N_("Bought elsewhere"),
    "price": N_("Price too high"),
    "no_suitable_car": N_("No suitable car in stock"),
    "finance_refused": N_("Finance not approved"),
    "postponed": N_("Postponed the purchase"),
    "unreachable": N_("Cannot be reached"),
    "other": N_("Other"),
}
CHANNELS = {
    "call": N_("Call"),
    "visit": N_("Visit"),
    "wechat": N_("WeChat"),
    "sms": N_("SMS"),
    "call_attempt": N_("Call attempt"),
}
# defaults; a manager changes them on /manager/leads-policy (db.leads.policy, Policy below)
FIRST_RESPONSE_GOAL_MINUTES = 5
DORMANT_AFTER_DAYS = 30  # no activity for this long: dormant
DAILY_REVEAL_LIMIT = 20
DAILY_CLAIM_LIMIT = 5


def next_follow_up(grade: str, today: date, cadence: Mapping[str, int] | None = None) -> date:
    """The next follow-up date a grade implies (H 1 day, A 3, B 7, C 14 by default)."""
    days = (cadence or {g: spec[2] for g, spec in GRADES.items()})[grade]
    return today + timedelta(days=days)


def sees_contact(*, is_manager: bool, is_owner: bool, revealed: bool) -> bool:
    """Only the lead's owner and managers see a customer's number unmasked, or a colleague
    who revealed it (after logging a follow-up or giving a reason; each reveal is logged)."""
    return is_manager or is_owner or revealed


# --- the public pool: when a consultant's lead goes back to everyone -------------------

POOL_GRACE_DAYS = 3


def overdue_for_pool(
    next_follow_up: date | None, today: date, grace_days: int = POOL_GRACE_DAYS
) -> bool:
    """A private lead whose next follow-up is more than `grace_days` overdue goes to the pool."""
    return next_follow_up is not None and (today - next_follow_up).days > grace_days


# --- the manager's lead policy: cadence, limits, clocks ---------------------------------


@dataclass(frozen=True)
class Policy:
    """The lead rules in force (db.leads.policy.current_policy); the defaults are the
    constants above."""

    buy_within_h: int = GRADES["H"][1]
    buy_within_a: int = GRADES["A"][1]
    buy_within_b: int = GRADES["B"][1]
    buy_within_c: int = GRADES["C"][1]
    cadence_h: int = GRADES["H"][2]
    cadence_a: int = GRADES["A"][2]
    cadence_b: int = GRADES["B"][2]
    cadence_c: int = GRADES["C"][2]
    daily_claim_limit: int = DAILY_CLAIM_LIMIT
    daily_reveal_limit: int = DAILY_REVEAL_LIMIT
    dormant_after_days: int = DORMANT_AFTER_DAYS
    pool_grace_days: int = POOL_GRACE_DAYS
    first_response_goal_minutes: int = FIRST_RESPONSE_GOAL_MINUTES

    @property
    def cadence(self) -> dict[str, int]:
        """Grade → days to the next follow-up, for next_follow_up()."""
        return {g: getattr(self, f"cadence_{g.lower()}") for g in GRADES}

    @property
    def buy_within(self) -> dict[str, int]:
        return {g: getattr(self, f"buy_within_{g.lower()}") for g in GRADES}


DEFAULT_POLICY = Policy()
GRADE_WITHIN = N_("{grade}: buys within {n} days")  # a grade whose days a manager changed

# field: (label, unit, lowest, highest)
POLICY_FIELDS = {
    **{
        f"buy_within_{g.lower()}": (N_("Grade {grade} buys within"), N_("days"), 1, 365)
        for g in GRADES
    },
    **{
        f"cadence_{g.lower()}": (N_("Grade {grade}: next follow-up after"), N_("days"), 1, 60)
        for g in GRADES
    },
    "daily_claim_limit": (N_("Leads one consultant may claim from the pool a day"), "", 0, 200),
    "daily_reveal_limit": (N_("Numbers one person may reveal a day"), "", 0, 200),
    "dormant_after_days": (N_("Dormant after no activity for"), N_("days"), 1, 365),
    "pool_grace_days": (N_("Overdue leads go to the pool after"), N_("days"), 0, 60),
    "first_response_goal_minutes": (N_("First response goal for web enquiries"), N_("min"), 1, 240),
}


def policy_problems(raw: Mapping[str, str]) -> tuple[Policy | None, dict[str, tuple[str, dict]]]:
    """The policy typed into the manager's form, or field → (English message id, its
    format arguments) for each thing wrong with it."""
    values: dict[str, int] = {}
    problems: dict[str, tuple[str, dict]] = {}
    for name, (_label, _unit, low, high) in POLICY_FIELDS.items():
        text = unicodedata.normalize("NFKC", raw.get(name) or "").strip()
        if not text.isdigit() or not low <= int(text) <= high:
            message = N_("Enter a whole number from {low} to {high}.")
            problems[name] = (message, {"low": low, "high": high})
        else:
            values[name] = int(text)
    grades = list(GRADES)
    for g in grades:
        cadence, within = values.get(f"cadence_{g.lower()}"), values.get(f"buy_within_{g.lower()}")
        if cadence is not None and within is not None and cadence > within:
            problems[f"cadence_{g.lower()}"] = (
                N_("Follow up within the {days} days the customer buys in."),
                {"days": within},
            )
    for sooner, later in zip(grades, grades[1:], strict=False):
        field = f"buy_within_{later.lower()}"
        a, b = values.get(f"buy_within_{sooner.lower()}"), values.get(field)
        if a is not None and b is not None and a > b:
            problems[field] = (
                N_("Grade {grade} cannot buy sooner than grade {sooner} ({days} days)."),
                {"grade": later, "sooner": sooner, "days": a},
            )
    if problems:
        return None, problems
    return Policy(**values), {}


def blacklist_problems(*, phone: str, foreign: bool, reason: str) -> dict[str, str]:
    """Field → English message id for a blacklist entry that cannot be saved."""
    problems: dict[str, str] = {}
    if not phone.strip():
        problems["phone"] = N_("Please give the number.")
    elif foreign and foreign_phone(phone) is None:
        problems["phone"] = N_("Use digits, + and spaces only (6 to 20 characters).")
    elif not foreign and mainland_mobile(phone) is None:
        problems["phone"] = N_(
            "That is not a mainland mobile number (11 digits, starting with 1)."
            " Tick “not a mainland mobile” for other numbers."
        )
    if not reason.strip():
        problems["reason"] = N_("Please say why this number is on the blacklist.")
    elif len(reason.strip()) > 500:
        problems["reason"] = N_("Please keep the reason under 500 characters.")
    return problems


def csv_safe(value: object) -> object:
    """A text cell a spreadsheet would read as a formula (= + - @, or a tab / carriage
    return first) gets a leading apostrophe; numbers and dates pass unchanged."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# --- capture and follow-up input (issue 5, capture) -------------------------------------

OUTCOMES = {
    "reached": N_("Talked"),
    "no_answer": N_("No answer"),
    "visit_booked": N_("Visit booked"),
    "test_drive": N_("Test drive"),
    "negotiating": N_("Negotiating price"),
}
_FOREIGN_PHONE = re.compile(r"\+?[\d ]{6,20}")


def foreign_phone(raw: str) -> str | None:
    """A number marked "not a mainland mobile": digits, +, spaces, 6–20 characters; kept
    with single spaces."""
    text = " ".join(unicodedata.normalize("NFKC", raw or "").split())
    return text if _FOREIGN_PHONE.fullmatch(text) and any(c.isdigit() for c in text) else None


def lead_problems(
    *, name: str, phone: str, foreign: bool, source: str, referrer: str, grade: str
) -> dict[str, str]:
    """Field name → English message id for each thing that stops a lead being saved."""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = N_("Please give the customer's name.")
    elif len(name.strip()) > NAME_MAX:
        problems["name"] = N_("Please keep the name under 64 characters.")
    if not phone.strip():
        problems["phone"] = N_("Please give the customer's mobile number.")
    elif foreign and foreign_phone(phone) is None:
        problems["phone"] = N_("Use digits, + and spaces only (6 to 20 characters).")
    elif not foreign and mainland_mobile(phone) is None:
        problems["phone"] = N_(
            "That is not a mainland mobile number (11 digits, starting with 1)."
            " Tick “not a mainland mobile” for other numbers."
        )
    if source not in SOURCES:
        problems["source"] = N_("Please choose where the customer came from.")
    elif source == "referral" and not referrer.strip():
        problems["referrer"] = N_("Who referred the customer?")
    if grade not in GRADES:
        problems["grade"] = N_("Please choose a grade.")
    return problems


def follow_up_problems(
    *, channel: str, outcome: str, grade: str, next_date: date | None, today: date
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if channel not in CHANNELS or channel == "call_attempt":
        problems["channel"] = N_("Please choose how you reached the customer.")
    if outcome and outcome not in OUTCOMES:
        problems["outcome"] = N_("Please choose an outcome from the list.")
    if grade not in GRADES:
        problems["grade"] = N_("Please choose a grade.")
    if next_date is None:
        problems["next_date"] = N_("Please choose the next follow-up date.")
    elif next_date < today:
        problems["next_date"] = N_("The next follow-up cannot be in the past.")
    return problems


STATUS_LABELS = {
    "new": N_("New"),
    "following": N_("Following up"),
    "won": N_("Won"),
    "lost_pending": N_("Lost, waiting for the manager"),
    "lost": N_("Lost"),
    "dormant": N_("Dormant"),
    "merged": N_("Merged"),
}


# --- merging a duplicate lead into another ----------------------------------------------


def merge_problem(
    source: Mapping | None, target: Mapping | None, *, actor_id: int, is_manager: bool
) -> str | None:
    """Why `source` may not be merged into `target` (English message id), or None.

    Each lead is a mapping with id, status and owner. A manager may merge any two; a
    consultant only two of their own. A won lead keeps its sale: the other merges into it."""
    if source is None or target is None:
        return N_("There is no lead with that number.")
    if source["id"] == target["id"]:
        return N_("A lead cannot be merged into itself.")
    if source["status"] == "merged":
        return N_("That lead is already merged into another.")
    if target["status"] == "merged":
        return N_("This lead was merged into another; merge into that one.")
    if source["status"] == "won":
        return N_("A won lead keeps its sale: merge the other lead into it instead.")
    if not is_manager and not (source["owner"] == actor_id == target["owner"]):
        return N_("You can merge only your own leads.")
    return None


# --- a lead's history in words ----------------------------------------------------------

EVENT_LABELS = {
    "created": N_("Lead created"),
    "assigned": N_("Assigned to a consultant"),
    "pooled": N_("Moved to the public pool"),
    "claimed": N_("Claimed from the public pool"),
    "lost_asked": N_("Asked to close as lost"),
    "lost_approved": N_("Lost: approved by the manager"),
    "lost_returned": N_("Lost request sent back by the manager"),
    "won": N_("Won: the car is sold"),
    "merged": N_("Lead #{from} merged into this one"),
    "merged_into": N_("Merged into lead #{into}"),
    "trade_in": N_("Trade-in appraisal #{appraisal} added"),
}
POOL_REASONS = {
    "lost": N_("lost, approved"),
    "dormant": N_("no activity for a long time"),
    "overdue": N_("follow-up overdue"),
    "owner_deactivated": N_("the consultant's account was deactivated"),
    "owner_not_consultant": N_("the owner is no longer a sales consultant"),
}
