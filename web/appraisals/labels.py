"""What the appraisal screens call things, in the user's language."""

from __future__ import annotations

from db.appraisals import grading
from db.appraisals.photo_queries import GUIDED_SHOTS
from web.i18n import gettext, lazy

SHOTS = {
    "front_three_quarter_left": (
        lazy("Front three-quarter, left"),
        lazy("Stand off the front left corner; whole car in frame."),
    ),
    "front": (lazy("Front"), lazy("Straight on, plate and grille centred.")),
    "front_three_quarter_right": (
        lazy("Front three-quarter, right"),
        lazy("Off the front right corner; whole car in frame."),
    ),
    "right_side": (lazy("Right side"), lazy("Square to the side, wheels level.")),
    "rear_three_quarter": (
        lazy("Rear three-quarter"),
        lazy("Off a rear corner; whole car in frame."),
    ),
    "rear": (lazy("Rear"), lazy("Straight on, plate centred.")),
    "left_side": (lazy("Left side"), lazy("Square to the side, wheels level.")),
    "dashboard": (
        lazy("Dashboard, odometer lit"),
        lazy("Ignition on; the mileage must be readable."),
    ),
    "front_seats": (lazy("Front seats"), lazy("From the open driver's door.")),
    "extra": (lazy("Extra"), ""),
    "damage": (lazy("Damage close-up"), ""),
}
OUTCOMES = {
    "acquired": lazy("Acquired"),
    "declined": lazy("Owner declined"),
    "sold_elsewhere": lazy("Sold elsewhere"),
    "wholesale": lazy("Sent to wholesale"),
    "voided": lazy("Voided"),
}
APPROVAL = {
    "pending": lazy("Waiting for a manager"),
    "approved": lazy("Approved"),
    "refused": lazy("Refused"),
}


def shot(slot: str) -> str:
    return gettext(SHOTS[slot][0]) if slot in SHOTS else slot


def shot_hint(slot: str) -> str:
    hint = SHOTS.get(slot, ("", ""))[1]
    return gettext(hint) if hint else ""


def outcome(key: str | None) -> str:
    return gettext(OUTCOMES[key]) if key in OUTCOMES else gettext(lazy("Open"))


def approval(key: str) -> str:
    return gettext(APPROVAL.get(key, key))


def panel(key: str) -> str:
    return gettext(grading.PANEL_LABELS.get(key, key))


def damage(key: str) -> str:
    return gettext(grading.DAMAGE_LABELS.get(key, key))


def severity(level: int) -> str:
    return gettext(grading.SEVERITY_LABELS.get(level, str(level)))


def recon(item) -> str:
    """A reconditioning item's name: a suggestion in the user's language, or as typed."""
    return item.suggestion.text(gettext) if item.suggestion else item.label


def reason(message: str, params: dict) -> str:
    return gettext(message).format(**params)


GUIDED = GUIDED_SHOTS
