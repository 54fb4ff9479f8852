"""After-sale care in the database: the plan written when a lead is won, one lead's tasks
and surveys, ticking a task, recording a survey, and the owner's care due on Today."""

from __future__ import annotations

from datetime import UTC, date, datetime

from piccolo.engine import engine_finder
from piccolo.query.functions.aggregate import Count

from db.audit.queries import record_event
from db.care.rules import N_, SurveyAnswers, care_plan, task_state
from db.care.tables import CareTask, Survey
from db.leads.tables import Lead


async def plan_for_sale(lead_id: int, sold_on: date) -> None:
    """Write the care plan; called inside the transaction that marks the lead won."""
    await CareTask.insert(
        *[
            CareTask(lead=lead_id, kind=t.kind, due_on=t.due_on, window_end=t.window_end)
            for t in care_plan(sold_on)
        ]
    )


async def for_lead(lead_id: int, today: date) -> dict:
    """The lead's care tasks (in plan order) and every survey (newest first): two queries."""
    tasks = (
        await CareTask.select(
            CareTask.id,
            CareTask.kind,
            CareTask.due_on,
            CareTask.window_end,
            CareTask.done_at,
            CareTask.note,
            CareTask.done_by.display_name.as_alias("done_by_name"),
        )
        .where(CareTask.lead == lead_id)
        .order_by(CareTask.due_on)
        .order_by(CareTask.id)
    )
    for t in tasks:
        t["state"] = task_state(t["due_on"], t["window_end"], today, done=t["done_at"] is not None)
    surveys = (
        await Survey.select(
            Survey.id,
            Survey.satisfaction,
            Survey.repurchase,
            Survey.referral,
            Survey.comment,
            Survey.created_at,
            Survey.actor.display_name.as_alias("actor_name"),
        )
        .where(Survey.lead == lead_id)
        .order_by(Survey.created_at, ascending=False)
        .order_by(Survey.id, ascending=False)
    )
    return {"tasks": tasks, "surveys": surveys}


async def tick(lead_id: int, task_id: int, actor_id: int, note: str = "") -> bool | None:
    """Mark a task done. True if this call did it, False if it was already done (nothing
    changes: ticking twice is harmless), None if the lead has no such task."""
    done = (
        await CareTask.update(
            {
                CareTask.done_at: datetime.now(UTC),
                CareTask.done_by: actor_id,
                CareTask.note: note.strip(),
            }
        )
        .where((CareTask.id == task_id) & (CareTask.lead == lead_id) & CareTask.done_at.is_null())
        .returning(CareTask.id)
    )
    if done:
        return True
    exists = await CareTask.exists().where((CareTask.id == task_id) & (CareTask.lead == lead_id))
    return False if exists else None


async def record_survey(lead_id: int, actor_id: int, answers: SurveyAnswers) -> str | None:
    """Keep the customer's answers (a new row every time) and tick the survey task, in one
    transaction. An English message id if refused (the lead is not won), else None."""
    async with engine_finder().transaction():
        lead = await Lead.select(Lead.status).where(Lead.id == lead_id).first()
        if lead is None or lead["status"] != Lead.Status.won:
            return N_("A survey can only be recorded for a won customer.")
        await Survey.insert(
            Survey(
                lead=lead_id,
                satisfaction=answers.satisfaction,
                repurchase=answers.repurchase,
                referral=answers.referral,
                comment=answers.comment,
                actor=actor_id,
            )
        )
        await CareTask.update(
            {CareTask.done_at: datetime.now(UTC), CareTask.done_by: actor_id}
        ).where(
            (CareTask.lead == lead_id) & (CareTask.kind == "survey") & CareTask.done_at.is_null()
        )
        await record_event(
            "care_survey",
            actor_id=actor_id,
            subject=f"lead:{lead_id}",
            satisfaction=answers.satisfaction,
        )
    return None


def _open_until(today: date):
    return CareTask.done_at.is_null() & (CareTask.due_on <= today)


async def due_for_owner(owner_id: int, today: date) -> list[dict]:
    """The owner's care tasks due today or overdue, oldest first (one query)."""
    rows = (
        await CareTask.select(
            CareTask.id,
            CareTask.kind,
            CareTask.due_on,
            CareTask.window_end,
            CareTask.lead.id.as_alias("lead_id"),
            CareTask.lead.name.as_alias("lead_name"),
        )
        .where((CareTask.lead.owner == owner_id) & _open_until(today))
        .order_by(CareTask.due_on)
        .order_by(CareTask.id)
    )
    for r in rows:
        r["state"] = task_state(r["due_on"], r["window_end"], today, done=False)
    return rows


async def team_overdue(today: date) -> dict[str, int]:
    """The team's open care tasks: {"due": n, "overdue": n} (one grouped query)."""
    rows = (
        await CareTask.select(CareTask.due_on, CareTask.window_end, Count(alias="n"))
        .where(CareTask.lead.owner.is_not_null() & _open_until(today))
        .group_by(CareTask.due_on, CareTask.window_end)
    )
    counts = {"due": 0, "overdue": 0}
    for r in rows:
        counts[task_state(r["due_on"], r["window_end"], today, done=False)] += r["n"]
    return counts


async def today_care(owner_id: int, today: date, *, team: bool) -> dict:
    """What the Today page shows of care: a manager's team counts, or one person's tasks."""
    if team:
        return {"team": await team_overdue(today), "tasks": None}
    return {"team": None, "tasks": await due_for_owner(owner_id, today)}
