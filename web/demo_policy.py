"""Demo data for the manager's lead tools: one change of the lead policy in its history
(grade A followed up after 2 days, 6 claims a day) and a small blacklist, one entry lifted."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from db.audit.queries import record_event
from db.leads.rules import DEFAULT_POLICY, Policy
from db.leads.tables import Blacklist, LeadPolicy
from db.staff.tables import Staff

BLACKLIST = [
    # phone, reason, days ago, lifted days ago (None: still warned about)
    ("13700001234", "同行冒充客户套取底价，已多次来电询价不买", 40, None),
    ("15900007788", "贷款资料造假，金融公司已拒绝", 20, None),
    ("18600004321", "曾恶意差评，已与客户和解", 60, 5),
]


async def load_demo_policy() -> None:
    manager = await Staff.select(Staff.id).where(Staff.username == "manager").first()
    boss = manager["id"] if manager else None
    now = datetime.now(UTC)
    changed = Policy(**{**asdict(DEFAULT_POLICY), "cadence_a": 2, "daily_claim_limit": 6})
    await LeadPolicy.insert(
        LeadPolicy(**asdict(changed), changed_by=boss, created_at=now - timedelta(days=9))
    )
    await record_event(
        "lead_policy_changed",
        actor_id=boss,
        subject="lead_policy",
        changes={"cadence_a": [3, 2], "daily_claim_limit": [5, 6]},
    )
    for phone, reason, days, lifted in BLACKLIST:
        await Blacklist.insert(
            Blacklist(
                phone=phone,
                reason=reason,
                created_by=boss,
                created_at=now - timedelta(days=days),
                lifted_at=None if lifted is None else now - timedelta(days=lifted),
                lifted_by=None if lifted is None else boss,
            )
        )
        await record_event("blacklist_added", actor_id=boss, subject=f"blacklist:{phone}")
