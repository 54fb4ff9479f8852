"""What a customer's enquiry must be, and how often one visitor or one phone may send one.

Plain functions, tested without a database. Spam is held back without a CAPTCHA: a honeypot
field a person never sees, and limits counted from the stored enquiries themselves.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata


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
