"""The demo's after-sale care: the won customer's care plan, some of it done with notes, a
survey in the customer's words, and a care call due today for the consultant."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.care.queries import plan_for_sale
from db.care.tables import CareTask, Survey
from db.leads.enquiries import dealer_today
from db.leads.tables import Lead, LeadEvent
from db.settings import settings

SOLD_DAYS_AGO = 7  # so the week's care call falls due today

NOTES = {
    "thank_you": "微信发了感谢信和交车仪式的照片，客户回了个大拇指",
    "call_early": "客户说车开着很顺，油耗比预想的低；提醒了首保时间",
}
SURVEY = {
    "satisfaction": 4,
    "repurchase": 4,
    "referral": 5,
    "comment": "交车很顺利，张顾问讲解得很细致。就是上牌多等了两天，希望以后能快一点。",
}


def _at(day, hour: int) -> datetime:
    zone = ZoneInfo(settings().timezone)
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


async def load_demo_care() -> int:
    """Care for the demo's won leads that have none yet; returns how many got a plan."""
    won = await Lead.select(Lead.id, Lead.owner).where(Lead.status == Lead.Status.won)
    today = dealer_today()
    sold_on = today - timedelta(days=SOLD_DAYS_AGO)
    planned = 0
    for lead in won:
        if await CareTask.exists().where(CareTask.lead == lead["id"]):
            continue
        sold_at = _at(sold_on, 16)
        # the sale as the demo tells it: a week ago, so the care plan is under way
        await Lead.update({Lead.updated_at: sold_at}).where(Lead.id == lead["id"])
        await LeadEvent.update({LeadEvent.created_at: sold_at}).where(
            (LeadEvent.lead == lead["id"]) & (LeadEvent.kind == "won")
        )
        await plan_for_sale(lead["id"], sold_on)
        tasks = await CareTask.select(CareTask.id, CareTask.kind, CareTask.due_on).where(
            CareTask.lead == lead["id"]
        )
        for task in tasks:
            if task["kind"] in NOTES and task["due_on"] < today:
                await CareTask.update(
                    {
                        CareTask.done_at: _at(
                            task["due_on"], 11 if task["kind"] != "thank_you" else 19
                        ),
                        CareTask.done_by: lead["owner"],
                        CareTask.note: NOTES[task["kind"]],
                    }
                ).where(CareTask.id == task["id"])
        surveyed = _at(today - timedelta(days=2), 15)
        await Survey.insert(
            Survey(lead=lead["id"], actor=lead["owner"], created_at=surveyed, **SURVEY)
        )
        await CareTask.update({CareTask.done_at: surveyed, CareTask.done_by: lead["owner"]}).where(
            (CareTask.lead == lead["id"]) & (CareTask.kind == "survey")
        )
        planned += 1
    return planned
