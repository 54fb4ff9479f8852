"""The demo dealership's leads: about twenty customers across three consultants, from every
source, with follow-ups in everyday Chinese; some overdue, some due today, one won."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.appraisals.tables import Appraisal
from db.leads.enquiries import dealer_today
from db.leads.merge import merge
from db.leads.rules import next_follow_up
from db.leads.tables import Enquiry, FollowUp, Lead, LeadEvent
from db.staff.tables import Staff
from db.stock.tables import StockUnit
from web.demo_care import load_demo_care
from web.demo_complaints import load_demo_complaints
from web.demo_history import load_demo_history
from web.demo_policy import load_demo_policy
from web.demo_shares import load_demo_shares

# name, phone, consultant, source, grade, days ago, next follow-up in days (None: by grade),
# criteria (budget 万 from, to, body, make) or "car", note, follow-ups (channel, said, outcome)
LEADS = [
    (
        "刘女士",
        "13912345678",
        "consultant",
        "walk_in",
        "H",
        2,
        -1,
        "car",
        "带孩子来看车，想要大空间",
        [("visit", "客户周六带家人来试驾", "visit_booked")],
    ),
    (
        "王先生",
        "13812340001",
        "consultant",
        "phone_call",
        "A",
        5,
        0,
        (10, 15, "suv", "本田"),
        "要 CR-V 或 RAV4，预算 15 万内",
        [("call", "嫌价格高，想再看看比亚迪", "negotiating")],
    ),
    (
        "陈先生",
        "13612340002",
        "consultant",
        "wechat",
        "B",
        9,
        -3,
        (8, 12, "sedan", ""),
        "朋友圈看到的",
        [("wechat", "发了三台车的视频，客户说周末再看", "reached")],
    ),
    (
        "李女士",
        "13712340003",
        "consultant",
        "referral",
        "A",
        3,
        2,
        "car",
        "老客户张先生介绍",
        [("call", "约了下周二来店试驾", "test_drive")],
    ),
    (
        "赵先生",
        "15012340004",
        "consultant",
        "website",
        "B",
        0,
        7,
        "car",
        "这台车还在吗？\n[Evening (18:00–21:00)]",
        [],
    ),
    (
        "孙女士",
        "15112340005",
        "consultant",
        "walk_in",
        "C",
        20,
        10,
        (5, 8, "hatchback", ""),
        "刚拿驾照，先看看",
        [("visit", "看了飞度和POLO，明年再买", "reached")],
    ),
    (
        "周先生",
        "15212340006",
        "chenjing",
        "walk_in",
        "H",
        1,
        0,
        "car",
        "置换，旧车 2016 款朗逸",
        [("visit", "试驾满意，在谈置换价格", "negotiating")],
    ),
    (
        "吴女士",
        "15312340007",
        "chenjing",
        "phone_call",
        "A",
        6,
        -2,
        (15, 20, "suv", "丰田"),
        "",
        [("call", "要汉兰达，等我们到车再通知", "reached")],
    ),
    (
        "郑先生",
        "15512340008",
        "chenjing",
        "wechat",
        "B",
        12,
        3,
        (20, 30, "mpv", "别克"),
        "家里六口人",
        [("wechat", "发了GL8的检测报告", "reached"), ("call", "没接", "no_answer")],
    ),
    (
        "冯女士",
        "15612340009",
        "chenjing",
        "website",
        "B",
        0,
        7,
        "car",
        "周六可以看车吗？\n[Any time]",
        [],
    ),
    (
        "褚先生",
        "15712340010",
        "chenjing",
        "referral",
        "C",
        25,
        14,
        (6, 10, "sedan", ""),
        "同事介绍",
        [],
    ),
    (
        "卫女士",
        "15812340011",
        "chenjing",
        "walk_in",
        "A",
        4,
        1,
        "car",
        "",
        [("visit", "看中了，回去和老公商量", "reached")],
    ),
    (
        "蒋先生",  # becomes the open appraisal's owner (see _cars)
        "15912340012",
        "zhaolei",
        "trade_in",
        "B",
        7,
        -4,
        "trade_in",
        "评估了旧车，想换SUV",
        [("call", "评估价比预期低一万，客户在考虑", "negotiating")],
    ),
    (
        "沈先生",
        "18612340013",
        "zhaolei",
        "phone_call",
        "H",
        1,
        0,
        (12, 16, "sedan", "大众"),
        "急用车，月底前要",
        [("call", "明天上午来店", "visit_booked")],
    ),
    ("韩女士", "18712340014", "zhaolei", "wechat", "B", 8, 5, (9, 13, "suv", ""), "", []),
    (
        "杨先生",
        "18812340015",
        "zhaolei",
        "walk_in",
        "C",
        15,
        -6,
        (3, 6, "", ""),
        "随便看看",
        [("visit", "预算太低，暂无合适车源", "reached")],
    ),
    (
        "朱女士",
        "18912340016",
        "zhaolei",
        "website",
        "A",
        1,
        2,
        "car",
        "能贷款吗？\n[Morning (9:00–12:00)]",
        [("call", "介绍了金融方案，首付三成", "reached")],
    ),
    (
        "秦先生",
        "17712340017",
        "consultant",
        "walk_in",
        "H",
        18,
        None,
        "sold",
        "已成交",
        [("visit", "签了合同，付了定金", "reached")],
    ),
    (
        "尤女士",
        "17612340018",
        "chenjing",
        "phone_call",
        "B",
        2,
        0,
        (10, 14, "sedan", "日产"),
        "",
        [],
    ),
    (
        "许先生",
        "17312340019",
        "consultant",
        "wechat",
        "A",
        3,
        -1,
        (18, 25, "suv", "大众"),
        "要途观L",
        [("wechat", "发了车况照片，客户要求再便宜五千", "negotiating")],
    ),
]


async def _cars() -> tuple[list[int], int | None, dict | None]:
    units = await StockUnit.select(StockUnit.id, StockUnit.state, StockUnit.appraisal).order_by(
        StockUnit.id
    )
    listed = [u["id"] for u in units if u["state"] in ("listed", "reserved")]
    sold = next((u["id"] for u in units if u["state"] == "sold"), None)
    stocked = {u["appraisal"] for u in units}
    # the trade-in: an open appraisal (the owner weighs our offer) whose owner is buying too
    appraisals = (
        await Appraisal.select(Appraisal.id, Appraisal.owner_name, Appraisal.owner_phone)
        .where(Appraisal.outcome.is_null() & (Appraisal.owner_phone != ""))
        .order_by(Appraisal.id)
    )
    trade_in = next((a for a in appraisals if a["id"] not in stocked), None)
    return listed, sold, trade_in


async def _merged_duplicate(consultant: int, now: datetime) -> None:
    """王先生 also came in through WeChat with his wife's number; 张婷 merged the two."""
    keep = await Lead.select(Lead.id).where(Lead.phone == "13812340001").first()
    created = now - timedelta(days=4)
    dup = Lead(
        name="王先生",
        phone="13512340099",
        source="wechat",
        grade="A",
        note="用爱人的微信加的，问 CR-V 的价格",
        owner=consultant,
        created_by=consultant,
        created_at=created,
        updated_at=created,
        last_activity_at=created,
        status="following",
    )
    await dup.save()
    await LeadEvent.insert(
        LeadEvent(
            lead=dup.id,
            kind="created",
            actor=consultant,
            detail={"source": "wechat"},
            created_at=created,
        )
    )
    await FollowUp.insert(
        FollowUp(
            lead=dup.id,
            actor=consultant,
            channel="wechat",
            said="发了两台 CR-V 的视频，客户说和上次电话里是同一个人",
            outcome="reached",
            grade="A",
            created_at=created + timedelta(hours=1),
        )
    )
    await merge(dup.id, keep["id"], consultant, is_manager=False, now=created + timedelta(hours=2))


# name, phone, former owner, status, reason pooled, days ago, grade, note
POOLED = [
    ("吴女士", "13712348801", "chenjing", "lost", "lost", 12, "B", "嫌首付高，说先缓缓"),
    (
        "冯先生",
        "18912348802",
        "consultant",
        "dormant",
        "dormant",
        40,
        "C",
        "想要七座车，没回复",
    ),
    ("褚先生", "15812348803", "zhaolei", "following", "overdue", 9, "A", "看过两次途观L"),
]


async def _pooled(staff: dict, now: datetime) -> None:
    """Leads the nightly batch gave back: lost (approved), dormant, and one left overdue."""
    for name, phone, who, status, reason, ago, grade, note in POOLED:
        created = now - timedelta(days=ago)
        pooled = now - timedelta(days=1, hours=8)
        lead = Lead(
            name=name,
            phone=phone,
            source="walk_in",
            grade=grade,
            note=note,
            owner=None,
            created_by=staff[who],
            created_at=created,
            updated_at=pooled,
            last_activity_at=created + timedelta(days=1),
            first_contact_at=created + timedelta(hours=1),
            status=status,
            lost_reason="price" if status == "lost" else "",
            pooled_at=pooled,
        )
        await lead.save()
        await FollowUp.insert(
            FollowUp(
                lead=lead.id,
                actor=staff[who],
                channel="call",
                said=note,
                outcome="reached",
                grade=grade,
                created_at=created + timedelta(hours=1),
            )
        )
        events = [("created", staff[who], {"source": "walk_in"}, created)]
        if status == "lost":
            events += [
                ("lost_asked", staff[who], {"reason": "price"}, pooled - timedelta(days=1)),
                ("lost_approved", staff["manager"], {"note": ""}, pooled - timedelta(hours=3)),
            ]
        events.append(("pooled", None, {"reason": reason}, pooled))
        await LeadEvent.insert(
            *[
                LeadEvent(lead=lead.id, kind=k, actor=a, detail=d, created_at=t)
                for k, a, d, t in events
            ]
        )


async def load_demo_leads() -> int:
    """Load the demo leads if there are none yet; returns how many were loaded."""
    if await Lead.count():
        return 0
    staff = {r["username"]: r["id"] for r in await Staff.select(Staff.id, Staff.username)}
    listed, sold, trade_in = await _cars()
    today = dealer_today()
    now = datetime.now(UTC)
    for i, (name, phone, who, source, grade, ago, due, interest, note, talks) in enumerate(LEADS):
        owner = staff.get(who)
        created = now - timedelta(days=ago, hours=3 + i % 5)
        fields: dict = {}
        if isinstance(interest, tuple):
            low, high, body, make = interest
            fields = {
                "budget_min": low * 10000,
                "budget_max": high * 10000,
                "body_type": body,
                "make": make,
            }
        elif interest == "car" and listed:
            fields = {"unit": listed[i % len(listed)]}
        elif interest == "trade_in" and trade_in:
            fields = {"appraisal": trade_in["id"]}
            name, phone = trade_in["owner_name"], trade_in["owner_phone"]
        won = interest == "sold" and sold is not None
        if won:
            fields = {"unit": sold, "won_unit": sold}
        if source == "website":
            enquiry = Enquiry(
                unit=fields.get("unit"),
                name=name,
                phone=phone,
                message=note.split("\n")[0],
                consent=True,
                assigned_to=owner,
                created_at=created,
            )
            await enquiry.save()
            fields["enquiry"] = enquiry.id
        lead = Lead(
            name=name,
            phone=phone,
            source=source,
            grade=grade,
            note=note,
            owner=owner,
            created_by=owner,
            created_at=created,
            updated_at=created,
            referrer="老客户张先生" if source == "referral" else "",
            status="won" if won else ("following" if talks else "new"),
            next_follow_up=None
            if won
            else (today + timedelta(days=due) if due is not None else next_follow_up(grade, today)),
            last_activity_at=created,
            **fields,
        )
        await lead.save()
        events = [
            LeadEvent(
                lead=lead.id,
                kind="created",
                actor=owner,
                detail={"source": source},
                created_at=created,
            )
        ]
        if source == "website":
            events.append(
                LeadEvent(
                    lead=lead.id,
                    kind="assigned",
                    detail={"how": "round_robin", "to": owner},
                    created_at=created,
                )
            )
        for n, (channel, said, outcome) in enumerate(talks):
            when = created + timedelta(hours=2 + 20 * n)
            await FollowUp.insert(
                FollowUp(
                    lead=lead.id,
                    actor=owner,
                    channel=channel,
                    said=said,
                    outcome=outcome,
                    grade=grade,
                    created_at=when,
                    next_date=lead.next_follow_up,
                )
            )
            await Lead.update(
                {Lead.last_activity_at: when, Lead.first_contact_at: created + timedelta(hours=2)}
            ).where(Lead.id == lead.id)
        if won:
            events.append(
                LeadEvent(
                    lead=lead.id,
                    kind="won",
                    actor=owner,
                    detail={"unit": sold},
                    created_at=now - timedelta(days=2),
                )
            )
        await LeadEvent.insert(*events)
    await _merged_duplicate(staff["consultant"], now)
    await _pooled(staff, now)
    await load_demo_complaints()
    await load_demo_care()
    await load_demo_policy()
    await load_demo_shares()
    await load_demo_history()  # the past year, for the manager's dashboard
    return len(LEADS)


__all__ = ["load_demo_leads"]
