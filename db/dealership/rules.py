"""The dealership's profile and stock rules as plain values, and what makes a manager's
input acceptable. No database here: db.dealership.queries reads and writes the versions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from db.settings import Settings


def N_(message: str) -> str:
    """Marks a message id for translation; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Profile:
    """The dealership as customers see it. `version` is the row in force (0: the
    environment's defaults, before a manager first saves)."""

    name: str
    city: str
    address: str = ""
    phone: str = ""
    hours: str = ""
    wechat_id: str = ""
    logo: str = ""  # storage key of the 512 px PNG, "" for none
    logo_small: str = ""  # storage key of the 128 px PNG
    version: int = 0

    @property
    def tel(self) -> str:
        """The number as a tel: link wants it: digits and a leading +."""
        return "".join(
            c for c in unicodedata.normalize("NFKC", self.phone) if c.isdigit() or c == "+"
        )

    @property
    def short_name(self) -> str:
        """ "华骏汽车 · 认证二手车" → "华骏汽车": the name where room is short (a grid tile)."""
        return re.split(r"\s*[·|｜]\s*|\s", self.name.strip(), maxsplit=1)[0] or self.name


@dataclass(frozen=True)
class StockRuleSet:
    """When a car's aging badge steps up (rising days), and whether a car needs a passed
    certification before it is listed (a retail price it always needs: one car, one price)."""

    aging_days: tuple[int, ...] = (30, 45, 60, 90)
    listing_needs_certification: bool = True
    version: int = 0


# What a manager edits, in form order: field -> (label, longest).
PROFILE_FIELDS: dict[str, tuple[str, int]] = {
    "name": (N_("Dealership name"), 60),
    "city": (N_("City"), 20),
    "address": (N_("Address"), 120),
    "phone": (N_("Phone"), 24),
    "hours": (N_("Opening hours"), 60),
    "wechat_id": (N_("WeChat ID"), 20),
}
REQUIRED = ("name", "city", "phone")
TEXT_FIELDS = tuple(PROFILE_FIELDS)
AGING_MOST = 4  # the badge has four steps past "fresh" (age-1 … age-4 in the stylesheet)
AGING_LONGEST = 365
LOGO_MAX_BYTES = 2 * 1024 * 1024

_PHONE_NOISE = re.compile(r"[\s\-()（）.]")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}")  # area code and number
_SERVICE = re.compile(r"[48]00\d{7}")  # 400 / 800 numbers
_WECHAT_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{5,19}")


def _folded(text: str) -> str:
    """Full-width letters and digits (typed on a Chinese keyboard) as plain ones."""
    return unicodedata.normalize("NFKC", text)


def default_profile(s: Settings) -> Profile:
    return Profile(
        name=s.dealership_name,
        city=s.dealership_city,
        address=s.dealership_address,
        phone=s.dealership_phone,
        hours=s.dealership_hours,
    )


def default_stock_rules(s: Settings) -> StockRuleSet:
    return StockRuleSet(
        aging_days=s.aging_days, listing_needs_certification=s.listing_needs_certification
    )


def is_phone(raw: str) -> bool:
    """A number a customer can ring in mainland China: a mobile, a landline with its area
    code (0755-86271234), or a 400/800 number; spaces, dashes, brackets and +86 allowed."""
    text = _PHONE_NOISE.sub("", unicodedata.normalize("NFKC", raw))
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            if not text.startswith(("1", "4", "8")):
                text = "0" + text  # +86 755 … drops the area code's leading 0
            break
    return any(p.fullmatch(text) for p in (_MOBILE, _LANDLINE, _SERVICE))


def profile_problems(
    raw: Mapping[str, str], current: Profile
) -> tuple[Profile | None, dict[str, tuple[str, dict]]]:
    """The profile typed into the form (the logo kept from `current`; the upload is judged
    elsewhere), or field -> (English message id, its arguments) for each thing wrong."""
    # as typed (Chinese punctuation kept), only runs of spaces made one
    values = {k: " ".join((raw.get(k) or "").split()) for k in TEXT_FIELDS}
    values["wechat_id"] = _folded(values["wechat_id"]).replace(" ", "")
    problems: dict[str, tuple[str, dict]] = {}
    for name, (_label, longest) in PROFILE_FIELDS.items():
        if name in REQUIRED and not values[name]:
            problems[name] = (N_("This cannot be empty."), {})
        elif len(values[name]) > longest:
            problems[name] = (N_("At most {most} characters."), {"most": longest})
    if "phone" not in problems and not is_phone(values["phone"]):
        problems["phone"] = (
            N_("Enter a phone number with its area code, e.g. 0755-86271234 or 13812345678."),
            {},
        )
    wechat = values["wechat_id"]
    if wechat and "wechat_id" not in problems and not _WECHAT_ID.fullmatch(wechat):
        problems["wechat_id"] = (
            N_("A WeChat ID is 6 to 20 letters, digits, _ or -, starting with a letter."),
            {},
        )
    if problems:
        return None, problems
    return Profile(**values, logo=current.logo, logo_small=current.logo_small), {}


def aging_problem(raw: str) -> tuple[tuple[int, ...] | None, tuple[str, dict] | None]:
    """ "30, 45, 60, 90" (commas, Chinese commas or spaces) as rising whole days, or why not."""
    text = unicodedata.normalize("NFKC", raw or "")
    parts = [p for p in re.split(r"[\s,、;]+", text) if p]
    if not parts:
        return None, (N_("Enter at least one number of days, e.g. 30, 45, 60, 90."), {})
    if not all(p.isdigit() for p in parts):
        return None, (N_("Enter whole days separated by commas, e.g. 30, 45, 60, 90."), {})
    days = tuple(int(p) for p in parts)
    if len(days) > AGING_MOST:
        return None, (N_("At most {most} thresholds."), {"most": AGING_MOST})
    if any(d < 1 or d > AGING_LONGEST for d in days):
        return None, (
            N_("Each threshold is from 1 to {longest} days."),
            {"longest": AGING_LONGEST},
        )
    if any(a >= b for a, b in zip(days, days[1:], strict=False)):
        return None, (N_("Each threshold must be more days than the one before it."), {})
    return days, None


def stock_rules_problems(
    raw: Mapping[str, str],
) -> tuple[StockRuleSet | None, dict[str, tuple[str, dict]]]:
    days, problem = aging_problem(raw.get("aging_days") or "")
    if problem:
        return None, {"aging_days": problem}
    needs = (raw.get("listing_needs_certification") or "") in ("1", "on", "true")
    return StockRuleSet(aging_days=days, listing_needs_certification=needs), {}


def days_text(days: tuple[int, ...]) -> str:
    return ", ".join(str(d) for d in days)


def profile_changes(old: Profile, new: Profile) -> dict[str, list[str]]:
    """field -> [old, new] for what differs (the logo by its storage key)."""
    keys = (*TEXT_FIELDS, "logo")
    return {
        k: [getattr(old, k), getattr(new, k)] for k in keys if getattr(old, k) != getattr(new, k)
    }


def stock_rules_changes(old: StockRuleSet, new: StockRuleSet) -> dict[str, list]:
    changes: dict[str, list] = {}
    if old.aging_days != new.aging_days:
        changes["aging_days"] = [days_text(old.aging_days), days_text(new.aging_days)]
    if old.listing_needs_certification != new.listing_needs_certification:
        changes["listing_needs_certification"] = [
            old.listing_needs_certification,
            new.listing_needs_certification,
        ]
    return changes
