"""Recording complaints, moving them on, and reading them for the pages.

Each move is a conditional UPDATE (only from the step the rules allow, so two people
pressing at once cannot skip or repeat a step: the database decides), the step's row and,
where it matters, an audit row, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from piccolo.engine import engine_finder
from piccolo.query.functions.aggregate import Count

from db.audit.queries import record_event
from db.complaints.rules import ACTIONS, N_, OPEN_STEPS
from db.complaints.tables import Complaint, ComplaintStep
from db.leads.tables import Lead

AUDITED = {"approved", "sent_back", "closed"}


@dataclass(frozen=True)
class NewComplaint:
    customer_name: str
    phone: str
    what: str
    received_at: datetime
    lead: int | None = None
    handler: int | None = None


async def record(new: NewComplaint, actor_id: int) -> int:
    now = datetime.now(UTC)
    async with engine_finder().transaction():
        rows = await Complaint.insert(
            Complaint(
                lead=new.lead,
                customer_name=new.customer_name.strip(),
                phone=new.phone.strip(),
                what=new.what.strip(),
                received_at=new.received_at,
                recorded_by=actor_id,
                handler=new.handler or actor_id,
                step="recorded",
                created_at=now,
                updated_at=now,
            )
        ).returning(Complaint.id)
        complaint_id = rows[0]["id"]
        await ComplaintStep.insert(
            ComplaintStep(complaint=complaint_id, step="recorded", actor=actor_id, created_at=now)
        )
        await record_event(
            "complaint_created",
            actor_id=actor_id,
            subject=f"complaint:{complaint_id}",
            lead=new.lead,
        )
    return complaint_id


class StepTaken(Exception):
    """Someone else moved the complaint on first; `step` is where it stands now."""

    def __init__(self, step: str) -> None:
        super().__init__(step)
        self.step = step


async def advance(
    complaint_id: int,
    action: str,
    actor_id: int,
    *,
    seen_step: str,
    note: str = "",
    answer: str = "",
    latest_answer: str = "",
) -> None:
    """Take `action` from `seen_step`, the step the actor saw (already checked with
    rules.action_problem). Raises StepTaken when the complaint has moved on meanwhile,
    or (closing) the customer's answer changed."""
    spec = ACTIONS[action]
    now = datetime.now(UTC)
    values: dict = {Complaint.step: spec.to_step, Complaint.updated_at: now}
    if seen_step not in spec.from_steps:
        raise StepTaken(seen_step)
    where = (Complaint.id == complaint_id) & (Complaint.step == seen_step)
    if action == "contacted":
        values[Complaint.contacted_at] = now
    if action == "proposed":
        values[Complaint.proposal] = note.strip()
    if action == "follow_up":
        values[Complaint.answer] = answer
    if action == "closed":
        values[Complaint.closed_at] = now
        where &= Complaint.answer == latest_answer  # closed on the answer the closer saw
    async with engine_finder().transaction():
        moved = await Complaint.update(values).where(where).returning(Complaint.id)
        if not moved:
            current = await Complaint.select(Complaint.step).where(Complaint.id == complaint_id)
            raise StepTaken(current[0]["step"] if current else "")
        await ComplaintStep.insert(
            ComplaintStep(
                complaint=complaint_id,
                step=action,
                answer=answer if action == "follow_up" else "",
                actor=actor_id,
                note=note.strip(),
                created_at=now,
            )
        )
        if action in AUDITED:
            detail = {"note": note.strip()}
            if action == "closed":
                detail["answer"] = latest_answer
            await record_event(
                f"complaint_{action}",
                actor_id=actor_id,
                subject=f"complaint:{complaint_id}",
                **detail,
            )


RACE_MESSAGE = N_("Someone else has just moved this complaint on. It now stands at: {step}.")

_COLUMNS = (
    Complaint.id,
    Complaint.lead,
    Complaint.customer_name,
    Complaint.phone,
    Complaint.what,
    Complaint.received_at,
    Complaint.step,
    Complaint.answer,
    Complaint.proposal,
    Complaint.contacted_at,
    Complaint.closed_at,
    Complaint.handler,
    Complaint.handler.display_name.as_alias("handler_name"),
    Complaint.lead.owner.as_alias("lead_owner"),
)


def _visible_to(viewer_id: int):
    return (Complaint.handler == viewer_id) | (Complaint.lead.owner == viewer_id)


async def complaint_list(viewer_id: int, *, is_manager: bool, closed_limit: int = 50) -> list[dict]:
    """Two queries: every open complaint (oldest complaint first, the most urgent), then
    the latest closed ones."""
    open_query = Complaint.select(*_COLUMNS).where(Complaint.step != "closed")
    closed_query = Complaint.select(*_COLUMNS).where(Complaint.step == "closed")
    if not is_manager:
        open_query = open_query.where(_visible_to(viewer_id))
        closed_query = closed_query.where(_visible_to(viewer_id))
    open_rows = await open_query.order_by(Complaint.received_at).order_by(Complaint.id)
    closed = await closed_query.order_by(Complaint.closed_at, ascending=False).limit(closed_limit)
    return open_rows + closed


async def complaint_detail(complaint_id: int) -> dict | None:
    """The complaint and its steps, oldest first: two queries."""
    row = (
        await Complaint.select(
            *_COLUMNS,
            Complaint.recorded_by.display_name.as_alias("recorded_by_name"),
            Complaint.lead.name.as_alias("lead_name"),
            Complaint.created_at,
        )
        .where(Complaint.id == complaint_id)
        .first()
    )
    if row is None:
        return None
    row["steps"] = (
        await ComplaintStep.select(
            ComplaintStep.id,
            ComplaintStep.step,
            ComplaintStep.answer,
            ComplaintStep.note,
            ComplaintStep.created_at,
            ComplaintStep.actor.display_name.as_alias("actor_name"),
        )
        .where(ComplaintStep.complaint == complaint_id)
        .order_by(ComplaintStep.created_at)
        .order_by(ComplaintStep.id)
    )
    return row


async def waiting_approval() -> list[dict]:
    """Proposals waiting for a manager, oldest complaint first."""
    return (
        await Complaint.select(
            Complaint.id,
            Complaint.customer_name,
            Complaint.proposal,
            Complaint.received_at,
            Complaint.handler.display_name.as_alias("handler_name"),
        )
        .where(Complaint.step == "proposed")
        .order_by(Complaint.received_at)
    )


async def open_count_for_lead(lead_id: int) -> int:
    rows = await Complaint.select(Count(Complaint.id, alias="n")).where(
        (Complaint.lead == lead_id) & Complaint.step.is_in(list(OPEN_STEPS))
    )
    return rows[0]["n"] if rows else 0


async def lead_for_complaint(lead_id: int) -> dict | None:
    return (
        await Lead.select(Lead.id, Lead.name, Lead.phone, Lead.owner)
        .where(Lead.id == lead_id)
        .first()
    )
