"""Demo complaints, at different steps: one waiting for the manager's approval, one closed
with the customer satisfied (the whole timeline), one contacted a day late, one received
this morning and not called back yet. Called once, at the end of load_demo_leads()."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.complaints.tables import Complaint, ComplaintStep
from db.leads.tables import Lead
from db.settings import settings
from db.staff.tables import Staff


def _local(days_ago: int, hour: int, minute: int = 0) -> datetime:
    zone = ZoneInfo(settings().timezone)
    day = datetime.now(zone).date() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour, minute), zone).astimezone(UTC)


async def _add(
    *,
    name: str,
    phone: str,
    what: str,
    received: datetime,
    handler: int | None,
    steps: list[tuple[str, int | None, str, datetime, str]],
    lead: int | None = None,
) -> None:
    """`steps`: (action, actor, note, when, answer) after "recorded", oldest first."""
    last = {"step": "recorded", "answer": "", "proposal": "", "contacted_at": None}
    moves = {
        "contacted": "contacted",
        "proposed": "proposed",
        "approved": "approved",
        "sent_back": "returned",
        "agreed": "agreed",
        "done": "done",
        "follow_up": "following",
        "closed": "closed",
    }
    for action, _actor, note, when, answer in steps:
        last["step"] = moves[action]
        if action == "contacted":
            last["contacted_at"] = when
        if action == "proposed":
            last["proposal"] = note
        if action == "follow_up":
            last["answer"] = answer
    recorded_at = received + timedelta(minutes=6)
    complaint = Complaint(
        lead=lead,
        customer_name=name,
        phone=phone,
        what=what,
        received_at=received,
        recorded_by=handler,
        handler=handler,
        step=last["step"],
        proposal=last["proposal"],
        answer=last["answer"],
        contacted_at=last["contacted_at"],
        closed_at=steps[-1][3] if last["step"] == "closed" else None,
        created_at=recorded_at,
        updated_at=steps[-1][3] if steps else recorded_at,
    )
    await complaint.save()
    rows = [
        ComplaintStep(
            complaint=complaint.id, step="recorded", actor=handler, created_at=recorded_at
        )
    ]
    rows += [
        ComplaintStep(
            complaint=complaint.id,
            step=action,
            actor=actor,
            note=note,
            answer=answer,
            created_at=when,
        )
        for action, actor, note, when, answer in steps
    ]
    await ComplaintStep.insert(*rows)


async def load_demo_complaints() -> int:
    if await Complaint.count():
        return 0
    staff = {r["username"]: r["id"] for r in await Staff.select(Staff.id, Staff.username)}
    manager, zhang, chen = staff.get("manager"), staff.get("consultant"), staff.get("chenjing")
    won = await Lead.select(Lead.id, Lead.name, Lead.phone).where(Lead.status == "won").first()

    # 1. a warning light two days after delivery: proposal waiting for the manager
    received = _local(1, 9, 20)
    await _add(
        name="刘女士",
        phone="13566781234",
        what="提车第二天仪表盘发动机故障灯亮了，很担心车况有问题，要求给个说法。",
        received=received,
        handler=zhang,
        steps=[
            (
                "contacted",
                zhang,
                "电话联系客户，先道歉；约好明早开车来店检测，客户情绪缓和。",
                received + timedelta(minutes=35),
                "",
            ),
            (
                "proposed",
                zhang,
                "免费检测并更换氧传感器，赠送一次常规保养，检测期间提供代步车。",
                received + timedelta(hours=5, minutes=10),
                "",
            ),
        ],
    )

    # 2. closed, satisfied: the whole way
    if won:
        received = _local(9, 15, 40)
        await _add(
            name=won["name"],
            phone=won["phone"],
            lead=won["id"],
            what="交车时答应装的行车记录仪没装，脚垫也少了一块。",
            received=received,
            handler=zhang,
            steps=[
                (
                    "contacted",
                    zhang,
                    "当天回电致歉，确认是交车检查漏项。",
                    received + timedelta(minutes=50),
                    "",
                ),
                (
                    "proposed",
                    zhang,
                    "上门免费安装行车记录仪，补齐脚垫，另送一张洗车卡（10 次）。",
                    received + timedelta(hours=2),
                    "",
                ),
                ("approved", manager, "同意，尽快安排。", received + timedelta(hours=3), ""),
                (
                    "agreed",
                    zhang,
                    "客户同意方案，约周六上午上门。",
                    received + timedelta(days=1, hours=-5),
                    "",
                ),
                (
                    "done",
                    zhang,
                    "技师上门安装完毕，脚垫已补齐，洗车卡已交客户。",
                    received + timedelta(days=3),
                    "",
                ),
                (
                    "follow_up",
                    zhang,
                    "一周回访：记录仪工作正常，客户表示满意，还说要介绍朋友来看车。",
                    received + timedelta(days=8),
                    "satisfied",
                ),
                ("closed", zhang, "", received + timedelta(days=8, minutes=5), ""),
            ],
        )

    # 3. contacted late: came in at the end of the day, called back the next morning
    received = _local(3, 17, 45)
    await _add(
        name="周先生",
        phone="13823456789",
        what="说好周二回电告诉我贷款审批结果，到现在都没人联系我。",
        received=received,
        handler=chen,
        steps=[
            (
                "contacted",
                chen,
                "次日上午回电致歉，贷款已批，客户仍不满意等了两天。",
                _local(2, 10, 15),
                "",
            ),
        ],
    )

    # 4. this morning: not called back yet
    await _add(
        name="吴女士",
        phone="13698765432",
        what="试驾时销售顾问一直看手机，问问题也答不上来，体验很差。",
        received=_today_morning(),
        handler=zhang,
        steps=[],
    )
    return 4 if won else 3


def _today_morning() -> datetime:
    """Earlier today, but never in the future (the demo may be loaded just after midnight)."""
    return min(_local(0, 9, 30), datetime.now(UTC) - timedelta(minutes=20))


__all__ = ["load_demo_complaints"]
