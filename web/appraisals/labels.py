"""What the appraisal screens call things, in the user's language."""

from __future__ import annotations

from db.appraisals import grading
from db.appraisals.photo_queries import GUIDED_SHOTS
from web.appraisals.fields import CHOICE_LABELS, FIELDS
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


CHANGES = {
    "created": lazy("Appraisal started"),
    "photo_added": lazy("Photo added"),
    "photo_removed": lazy("Photo removed"),
    "photo_moved": lazy("Photo moved"),
    "cover_chosen": lazy("Cover photo chosen"),
    "damage_marked": lazy("Damage marked"),
    "damage_removed": lazy("Damage mark removed"),
    "recon_set": lazy("Reconditioning cost set"),
    "recon_removed": lazy("Reconditioning item removed"),
    "approval_requested": lazy("Approval requested"),
    "approval_approved": lazy("Price approved"),
    "approval_refused": lazy("Price refused"),
    "outcome": lazy("Outcome recorded"),
    "sheet_shared": lazy("Owner's link made"),
    "sheet_revoked": lazy("Owner's link revoked"),
}


def change(field_name: str) -> str:
    """What a history row changed, in words: a field's label, a checklist item, an action."""
    if field_name in FIELDS:
        return gettext(FIELDS[field_name].label)
    if field_name.startswith("check:"):
        _, section, item = field_name.split(":", 2)
        label = dict(grading.CHECKLIST.get(section, ())).get(item, item)
        return gettext(lazy("Checklist: {item}")).format(item=gettext(label))
    return gettext(CHANGES[field_name]) if field_name in CHANGES else field_name


def change_value(field_name: str, text: str) -> str:
    """A history row's value in words; free text and numbers stay as they were written."""
    if not text:
        return ""
    if field_name == "outcome":
        return outcome(text)
    if field_name in ("photo_added", "photo_removed"):
        return shot(text)
    if field_name in ("damage_marked", "damage_removed") and text.count(":") == 2:
        part, kind, level = text.split(":")
        return f"{panel(part)} · {damage(kind)} · {severity(int(level))}"
    if field_name.startswith("check:"):
        if text == "ok":
            return gettext(lazy("OK"))
        return gettext(lazy("Problem")) + (f"：{text[6:]}" if text.startswith("issue ") else "")
    if text in ("yes", "no") and FIELDS.get(field_name) and FIELDS[field_name].kind == "flag":
        return gettext(lazy("Yes")) if text == "yes" else gettext(lazy("No"))
    choices = CHOICE_LABELS.get(field_name, {})
    return gettext(choices[text]) if text in choices else text


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
