"""The demo's past year of leads, so the manager's dashboard has something to show for any
period: leads from every source across the three consultants, month by month; most of the
older ones won or lost (with a reason, some waiting for approval), the recent ones still
being followed — some follow-ups done on their day, some late, some overdue now; web
enquiries answered within minutes or much later; the won customers' survey answers;
older share links with their visits and an enquiry; and the past months' running costs.
Drawn from a fixed seed, so every fresh `make run` tells the same story."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from db.care.tables import Survey
from db.leads.enquiries import dealer_today
from db.leads.rules import next_follow_up
from db.leads.tables import Enquiry, FollowUp, Lead, LeadEvent
from db.reports.period_costs import enter_cost
from db.shares.tables import Share, ShareVisit
from db.staff.tables import Staff
from db.stock.tables import Listing

MONTHS = 11  # months back, before the current one
SURNAMES = "张王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦许何吕施孔曹严华金魏陶姜"
SOURCES = (
    ["walk_in"] * 4 + ["phone_call"] * 2 + ["wechat"] * 3 + ["website"] * 3
    + ["referral", "shared_link", "trade_in"]
)  # fmt: skip
REASONS = ["price", "price", "bought_elsewhere", "bought_elsewhere", "no_suitable_car",
           "finance_refused", "postponed", "unreachable"]  # fmt: skip
SCORES = [5, 5, 5, 4, 4, 4, 4, 3, 3, 2, 1]
COMMENTS = {
    5: "车况和描述的一样，交车仪式很用心",
    4: "整体满意，手续办得有点慢",
    3: "车不错，但售后回访电话太少",
    2: "上牌拖了一个多星期，问了几次才有回音",
    1: "交车后发现轮胎是旧的，和承诺的不一样，很失望",
}
SAID = [
    "电话沟通了预算和用车需求",
    "发了几台车的视频，客户说周末来看",
    "客户来店试驾，对车况满意",
    "在谈置换价格，客户还在比较",
    "客户说再考虑一下，约了下次联系",
]


async def load_demo_history() -> int:
    """The year's leads, once (none loaded yet); returns how many were made."""
    if await Lead.exists().where(Lead.note == "历史线索"):
        return 0
    rng = random.Random(8)  # noqa: S311 - demo data, not security
    staff = {r["username"]: r["id"] for r in await Staff.select(Staff.id, Staff.username)}
    owners = [staff[u] for u in ("consultant", "chenjing", "zhaolei") if u in staff]
    if not owners:
        return 0
    now = datetime.now(UTC)
    made = 0
    for back in range(MONTHS, -1, -1):
        for _n in range(rng.randint(7, 12)):
            ago = back * 30 + rng.randint(0, 29)
            if ago < 3:
                continue
            await _lead(rng, owners, now, ago, phone=13770000000 + made)
            made += 1
    await _older_shares(rng, staff, now)
    await _running_costs(rng, staff)
    return made


async def _running_costs(rng: random.Random, staff: dict) -> None:
    """The used-car department's share of rent, wages and advertising for each past month,
    as the manager enters them after a month closes (this month has none yet), so the
    dashboard shows net margin for past periods and asks for this month's."""
    if "manager" not in staff:
        return
    month = dealer_today().replace(day=1)
    for _ in range(MONTHS):
        month = (month - timedelta(days=1)).replace(day=1)
        amount = rng.randrange(18000, 26000, 500)
        await enter_cost(month, amount, "场地分摊、顾问底薪、网络推广", staff["manager"])


async def _lead(rng: random.Random, owners: list[int], now: datetime, ago: int, phone: int) -> None:
    source = rng.choice(SOURCES)
    owner = rng.choice(owners)
    created = now - timedelta(days=ago, hours=rng.randint(0, 8), minutes=rng.randint(0, 59))
    grade = rng.choice("HAABBBC")
    name = rng.choice(SURNAMES) + rng.choice(("先生", "女士"))
    fate = rng.random()
    old = ago > 45
    # older leads have ended; a few recent ones wait for the manager's lost approval
    if old:
        status = "won" if fate < 0.22 else "lost" if fate < 0.47 else "dormant"
    else:
        status = (
            "won" if fate < 0.12 else "lost" if fate < 0.22
            else "lost_pending" if fate < 0.26 else "following"
        )  # fmt: skip
    enquiry = None
    if source == "website":
        enquiry = Enquiry(
            name=name, phone=str(phone), message="这台车还在吗？", consent=True,
            assigned_to=owner, created_at=created,
        )  # fmt: skip
        await enquiry.save()
    # the first answer: minutes for a web enquiry (mostly quick), hours for the rest
    if source == "website":
        first = created + timedelta(minutes=rng.choice((1, 2, 3, 4, 4, 6, 12, 35, 90)))
    else:
        first = created + timedelta(hours=rng.randint(1, 30))
    contacts: list[tuple[datetime, object]] = []
    moment = first
    for _n in range(rng.randint(1, 4)):
        if moment >= now:
            break
        due = next_follow_up(grade, moment.date())
        contacts.append((moment, due))
        # the next contact: mostly by its day, sometimes late
        late = rng.random() < 0.3
        moment = datetime.combine(due, moment.timetz()) + timedelta(
            days=rng.randint(1, 4) if late else -rng.randint(0, 1)
        )
    if status == "following" and rng.random() < 0.15:
        contacts, status = [], "new"  # never contacted: overdue from the start
    if not contacts and status == "following":
        status = "new"
    closed = contacts[-1][0] + timedelta(days=1) if contacts else created + timedelta(days=2)
    closed = min(closed, now)
    lead = Lead(
        name=name,
        phone=str(phone),
        source=source,
        grade=grade,
        note="历史线索",
        owner=owner,
        created_by=owner,
        created_at=created,
        updated_at=closed if status not in ("following", "new") else created,
        status=status,
        lost_reason=rng.choice(REASONS) if status.startswith("lost") else "",
        next_follow_up=(
            (contacts[-1][1] if contacts else next_follow_up(grade, created.date()))
            if status in ("following", "new")
            else None
        ),
        first_contact_at=contacts[0][0] if contacts else None,
        last_activity_at=contacts[-1][0] if contacts else created,
        enquiry=enquiry.id if enquiry else None,
    )
    await lead.save()
    if contacts:
        await FollowUp.insert(
            *[
                FollowUp(
                    lead=lead.id,
                    actor=owner,
                    channel=rng.choice(("call", "wechat", "visit")),
                    said=rng.choice(SAID),
                    outcome="reached",
                    grade=grade,
                    next_date=due,
                    created_at=at,
                )  # fmt: skip
                for at, due in contacts
            ]
        )
    events = [LeadEvent(lead=lead.id, kind="created", actor=owner, detail={"source": source},
                        created_at=created)]  # fmt: skip
    if status == "won":
        events.append(
            LeadEvent(lead=lead.id, kind="won", actor=owner, detail={}, created_at=closed)
        )
        surveyed = closed + timedelta(days=rng.randint(5, 12))
        if surveyed < now:
            score = rng.choice(SCORES)
            await Survey.insert(
                Survey(
                    lead=lead.id,
                    satisfaction=score,
                    repurchase=max(1, score - 1),
                    referral=score,
                    comment=COMMENTS[score] if rng.random() < 0.7 else "",
                    actor=owner,
                    created_at=surveyed,
                )  # fmt: skip
            )
    if status.startswith("lost"):
        events.append(
            LeadEvent(lead=lead.id, kind="lost_asked", actor=owner,
                      detail={"reason": lead.lost_reason, "note": ""}, created_at=closed)
        )  # fmt: skip
    await LeadEvent.insert(*events)


async def _older_shares(rng: random.Random, staff: dict, now: datetime) -> None:
    """Links shared months ago on other cars on sale, with visits spread since."""
    units = [
        r["unit"]
        for r in await Listing.select(Listing.unit)
        .where(Listing.status == "available")
        .order_by(Listing.unit, ascending=False)
        .limit(3)
    ]
    taken = {(r["unit"], r["consultant"]) for r in await Share.select(Share.unit, Share.consultant)}
    people = [staff[u] for u in ("chenjing", "zhaolei", "consultant") if u in staff]
    for n, (unit, who) in enumerate(zip(units, people, strict=False)):
        if (unit, who) in taken:
            continue
        made = now - timedelta(days=40 + 50 * n)
        share = Share(code=f"hs{n + 2}q7kmp", unit=unit, consultant=who, created_at=made)
        await share.save()
        days = sorted(rng.randint(0, 40 + 50 * n) for _ in range(8 + 6 * n))
        await ShareVisit.insert(
            *[ShareVisit(share=share.id, created_at=now - timedelta(days=d, hours=5)) for d in days]
        )
