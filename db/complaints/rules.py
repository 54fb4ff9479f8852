"""A complaint's way from the customer's words to their "satisfied", as plain functions.

The seeds' practice (投诉处理): record who, what and when; contact the customer the same
day; propose what we offer; the manager approves (or sends it back); agree it with the
customer; carry it out; follow up until the customer says satisfied. Each action moves the
complaint from one step to the next; the table below is the whole of the workflow.

Closing needs the customer's answer on record: the latest follow-up says "satisfied", or
(a manager only) it says "not satisfied" and the manager closes it anyway with a reason —
the seeds allow a firm, polite "no" to a demand the dealership will not meet. Either way
a follow-up with the customer's own answer comes first; nothing closes a complaint quietly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from db.leads.rules import N_, mainland_mobile

NOTE_MAX = 2000
WHAT_MAX = 2000
NAME_MAX = 64

# Where a complaint stands (Complaint.step), in the order a complaint walks them.
STEPS = {
    "recorded": N_("Recorded, not contacted yet"),
    "contacted": N_("Contacted, proposal to write"),
    "proposed": N_("Proposal waiting for the manager"),
    "returned": N_("Proposal sent back"),
    "approved": N_("Approved, to agree with the customer"),
    "agreed": N_("Agreed, to carry out"),
    "done": N_("Carried out, to follow up"),
    "following": N_("Following up"),
    "closed": N_("Closed"),
}
OPEN_STEPS = tuple(s for s in STEPS if s != "closed")

ANSWERS = {
    "satisfied": N_("Satisfied"),
    "not_satisfied": N_("Not satisfied"),
}


@dataclass(frozen=True)
class Action:
    label: str  # the button, and the step's name in the timeline
    from_steps: tuple[str, ...]
    to_step: str
    manager_only: bool = False
    note_required: str = ""  # the message when the note is left empty


# What can be done (ComplaintStep.step), from which steps, to which step.
ACTIONS: dict[str, Action] = {
    "contacted": Action(
        N_("Contacted the customer"),
        ("recorded",),
        "contacted",
        note_required=N_("Write what the customer said."),
    ),
    "proposed": Action(
        N_("Send the proposal to the manager"),
        ("contacted", "returned"),
        "proposed",
        note_required=N_("Write what we offer the customer."),
    ),
    "approved": Action(N_("Approve"), ("proposed",), "approved", manager_only=True),
    "sent_back": Action(
        N_("Send back"),
        ("proposed",),
        "returned",
        manager_only=True,
        note_required=N_("Say why the proposal goes back."),
    ),
    "agreed": Action(N_("The customer agreed"), ("approved",), "agreed"),
    "declined": Action(
        N_("The customer did not agree"),
        ("approved",),
        "returned",
        note_required=N_("Write what the customer wants instead."),
    ),
    "done": Action(
        N_("Carried out"), ("agreed",), "done", note_required=N_("Write what was done.")
    ),
    "follow_up": Action(N_("Save the follow-up"), ("done", "following"), "following"),
    "closed": Action(N_("Close the complaint"), ("following",), "closed"),
}
# How each step reads in the timeline, once taken.
TIMELINE_LABELS = {
    "recorded": N_("Recorded"),
    "contacted": N_("Contacted"),
    "proposed": N_("Proposal made"),
    "approved": N_("Approved by the manager"),
    "sent_back": N_("Sent back by the manager"),
    "agreed": N_("Customer agreed"),
    "declined": N_("Customer did not agree"),
    "done": N_("Carried out"),
    "follow_up": N_("Follow-up"),
    "closed": N_("Closed"),
}


@dataclass(frozen=True)
class Problem:
    field: str  # the form field the message belongs beside ("form" for the whole form)
    message: str
    forbidden: bool = False  # the actor's role may not do this at all (403)


def next_actions(step: str, answer: str, *, is_manager: bool) -> list[str]:
    """The actions this person may take now, in the order the form offers them."""
    found = []
    for name, action in ACTIONS.items():
        if step not in action.from_steps or (action.manager_only and not is_manager):
            continue
        if name == "closed" and not may_close(answer, is_manager=is_manager):
            continue
        found.append(name)
    return found


def may_close(answer: str, *, is_manager: bool) -> bool:
    """Only with the customer's answer on record: satisfied, or a manager closing a
    "not satisfied" with a reason."""
    return answer == "satisfied" or (answer == "not_satisfied" and is_manager)


def action_problem(
    action: str,
    step: str,
    latest_answer: str,
    *,
    is_manager: bool,
    note: str,
    answer: str = "",
) -> Problem | None:
    """Why this action may not be taken now by this person with this input, or None.

    `latest_answer` is the customer's answer at the latest follow-up; `answer` the one
    given with a follow-up being recorded now."""
    spec = ACTIONS.get(action)
    if spec is None:
        return Problem("form", N_("Choose what happened."))
    if spec.manager_only and not is_manager:
        return Problem("form", N_("Only a manager may do this."), forbidden=True)
    if step not in spec.from_steps:
        return Problem("form", N_("This step is not the next one for this complaint."))
    if len(note) > NOTE_MAX:
        return Problem("note", N_("Please keep the note under 2000 characters."))
    if spec.note_required and not note.strip():
        return Problem("note", spec.note_required)
    if action == "follow_up":
        if answer not in ANSWERS:
            return Problem("answer", N_("Record the customer's answer: satisfied or not."))
        if answer == "not_satisfied" and not note.strip():
            return Problem("note", N_("Write what the customer is still unhappy about."))
    if action == "closed":
        if latest_answer == "satisfied":
            return None
        if latest_answer == "not_satisfied" and not is_manager:
            return Problem(
                "form",
                N_(
                    "The customer is not satisfied yet: follow up again, or ask a manager "
                    "to close it."
                ),
            )
        if latest_answer == "not_satisfied" and not note.strip():
            return Problem(
                "note", N_("Say why it is closed although the customer is not satisfied.")
            )
        if latest_answer not in ANSWERS:
            return Problem(
                "form", N_("A complaint closes only with the customer's answer recorded.")
            )
    return None


def new_complaint_problems(
    *,
    name: str,
    phone: str,
    what: str,
    received_at: datetime | None,
    received_raw: str,
    now: datetime,
    has_lead: bool,
) -> dict[str, str]:
    """Field → message id for each thing that stops a complaint being recorded."""
    problems: dict[str, str] = {}
    if not has_lead:
        if not name.strip():
            problems["customer_name"] = N_("Write the customer's name.")
        elif len(name.strip()) > NAME_MAX:
            problems["customer_name"] = N_("Please keep the name under 64 characters.")
        if not phone.strip():
            problems["phone"] = N_("Write the customer's phone number.")
        elif phone_number(phone) is None:
            problems["phone"] = N_("That does not look like a phone number.")
    if not what.strip():
        problems["what"] = N_("Write what the customer complains about.")
    elif len(what) > WHAT_MAX:
        problems["what"] = N_("Please keep it under 2000 characters.")
    if received_at is None:
        problems["received_at"] = (
            N_("Give the date and time as shown.")
            if received_raw.strip()
            else N_("Say when the customer complained.")
        )
    elif received_at > now + timedelta(minutes=1):  # a minute's grace for the clock
        problems["received_at"] = N_("The complaint cannot be received in the future.")
    return problems


def phone_number(raw: str) -> str | None:
    """A mainland mobile as 11 digits; otherwise a landline or foreign number as typed
    (digits, spaces, dashes, a leading +), or None."""
    mobile = mainland_mobile(raw)
    if mobile:
        return mobile
    text = raw.strip()
    digits = sum(ch.isdigit() for ch in text)
    if 6 <= digits <= 16 and len(text) <= 20 and all(ch.isdigit() or ch in " -+()" for ch in text):
        return text
    return None


def contacted_same_day(received: date, contacted: date | None, today: date) -> bool | None:
    """The same-day contact goal, on the dealership's calendar: True met, False missed
    (contacted on a later day, or still not contacted after the day ended), None while
    the day is still running and nobody has called yet."""
    if contacted is not None:
        return contacted <= received
    return None if today <= received else False


def durations(received_at: datetime, moments: list[datetime]) -> list[timedelta]:
    """How long each step took: from the previous step (the first from when the customer
    complained) to this one."""
    took, before = [], received_at
    for moment in moments:
        took.append(max(moment - before, timedelta(0)))
        before = moment
    return took
