"""The demo's shares: 张婷 and 陈静 have shared cars to their WeChat friends; visits came in
over the past days, and one visitor enquired and is now 张婷's lead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.leads.tables import Enquiry, FollowUp, Lead, LeadEvent
from db.shares.tables import Share, ShareVisit
from db.staff.tables import Staff
from db.stock.tables import Listing

# consultant, visits over the last days, the enquirer (name, phone) or None
SHARES = [
    ("consultant", [0, 1, 1, 2, 3, 3, 3, 5, 6, 9, 12], ("宋先生", "13822226666")),
    ("consultant", [1, 4, 8], None),
    ("chenjing", [0, 2, 2, 4, 7, 7], None),
]
CODES = ("zt7kq2mh", "zt3nw8rp", "cj5vx4ta")


async def load_demo_shares() -> None:
    if await Share.count():
        return
    staff = {r["username"]: r["id"] for r in await Staff.select(Staff.id, Staff.username)}
    units = [
        r["unit"]
        for r in await Listing.select(Listing.unit)
        .where(Listing.status == "available")
        .order_by(Listing.unit)
        .limit(len(SHARES))
    ]
    now = datetime.now(UTC)
    for (who, visits, enquirer), code, unit in zip(SHARES, CODES, units, strict=False):
        made = now - timedelta(days=max(visits) + 1)
        share = Share(code=code, unit=unit, consultant=staff[who], created_at=made)
        await share.save()
        await ShareVisit.insert(
            *[
                ShareVisit(share=share.id, created_at=now - timedelta(days=d, hours=3))
                for d in visits
            ]
        )
        if enquirer:
            await _enquiry(enquirer, code, unit, staff[who], now - timedelta(days=3, hours=2))


async def _enquiry(enquirer: tuple[str, str], code: str, unit: int, owner: int, when: datetime):
    name, phone = enquirer
    enquiry = Enquiry(
        unit=unit,
        name=name,
        phone=phone,
        message="朋友圈看到的，这台车还在吗？",
        consent=True,
        source="shared_link",
        share_code=code,
        assigned_to=owner,
        created_at=when,
    )
    await enquiry.save()
    lead = Lead(
        name=name,
        phone=phone,
        source="shared_link",
        unit=unit,
        grade="A",
        note="朋友圈看到的，这台车还在吗？",
        owner=owner,
        created_by=None,
        enquiry=enquiry.id,
        status="following",
        created_at=when,
        updated_at=when,
        first_contact_at=when + timedelta(minutes=4),
        last_activity_at=when + timedelta(minutes=4),
        next_follow_up=(when + timedelta(days=5)).date(),
    )
    await lead.save()
    await LeadEvent.insert(
        LeadEvent(lead=lead.id, kind="created", detail={"source": "shared_link"}, created_at=when),
        LeadEvent(
            lead=lead.id, kind="assigned", detail={"how": "share", "to": owner}, created_at=when
        ),
    )
    await FollowUp.insert(
        FollowUp(
            lead=lead.id,
            actor=owner,
            channel="wechat",
            said="发了车辆的检测报告，客户周末来看车",
            outcome="visit_booked",
            grade="A",
            created_at=when + timedelta(minutes=4),
            next_date=lead.next_follow_up,
        )
    )
