"""The public pool (公海): leads with no owner, which any consultant may claim.

`release_to_pool` is the nightly batch (`python -m db.cli release-pool`): set-based UPDATEs
in one transaction, so it scales with the table rather than with a loop; running it twice
changes nothing more. A claim is a conditional UPDATE the database decides: of two
consultants claiming the same lead, exactly one wins and the other is told who.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from piccolo.engine import engine_finder

from db.appraisals.checks import mask_phone
from db.audit.queries import record_event
from db.leads.clock import day_start, local_today, tomorrow
from db.leads.policy import current_policy
from db.leads.rules import N_, Policy
from db.leads.tables import Lead, LeadEvent

OPEN = [Lead.Status.new, Lead.Status.following]
_CHUNK = 500  # events per INSERT: well under SQLite's bound-variable limit


async def _pool(where, reason: str, now: datetime, actor_id: int | None = None) -> int:
    pooled = (
        await Lead.update({Lead.owner: None, Lead.pooled_at: now, Lead.updated_at: now})
        .where(where & Lead.owner.is_not_null())
        .returning(Lead.id)
    )
    ids = [row["id"] for row in pooled]
    for start in range(0, len(ids), _CHUNK):
        await LeadEvent.insert(
            *[
                LeadEvent(
                    lead=i, kind="pooled", actor=actor_id, detail={"reason": reason}, created_at=now
                )
                for i in ids[start : start + _CHUNK]
            ]
        )
    return len(ids)


async def release_to_pool(now: datetime, policy: Policy | None = None) -> dict[str, int]:
    """Approved lost leads, dormant leads and long-overdue private leads lose their owner
    (after the policy's dormant and grace days; the one in force when None).
    Returns how many went to the pool for each reason."""
    today = local_today(now)
    policy = policy or await current_policy()
    async with engine_finder().transaction():
        await Lead.update({Lead.status: Lead.Status.dormant, Lead.updated_at: now}).where(
            Lead.status.is_in(OPEN)
            & Lead.owner.is_not_null()
            & (Lead.last_activity_at < now - timedelta(days=policy.dormant_after_days))
        )
        counts = {
            "lost": await _pool(Lead.status == Lead.Status.lost, "lost", now),
            "dormant": await _pool(Lead.status == Lead.Status.dormant, "dormant", now),
            # overdue_for_pool (rules) as a set: next follow-up before today - grace
            "overdue": await _pool(
                Lead.status.is_in(OPEN)
                & (Lead.next_follow_up < today - timedelta(days=policy.pool_grace_days)),
                "overdue",
                now,
            ),
        }
        if any(counts.values()):
            await record_event("leads_pooled", subject="release-pool", **counts)
    return counts


async def pool_leads_of(
    owner_id: int, statuses: list, now: datetime, actor_id: int, reason: str = "owner_deactivated"
) -> int:
    """A leaving consultant's leads in these statuses to the pool (their account is being
    switched off, or they are no longer a sales consultant: `reason`, one of POOL_REASONS);
    runs in the caller's transaction. Returns how many moved."""
    where = (Lead.owner == owner_id) & Lead.status.is_in(statuses)
    return await _pool(where, reason, now, actor_id)


async def pooled_leads(limit: int = 100) -> list[dict]:
    """The pool, newest first; numbers masked here so a page never receives them."""
    rows = (
        await Lead.select(
            Lead.id,
            Lead.name,
            Lead.phone,
            Lead.grade,
            Lead.source,
            Lead.make,
            Lead.status,
            Lead.pooled_at,
        )
        .where(Lead.owner.is_null() & Lead.status.not_in([Lead.Status.merged, Lead.Status.won]))
        .order_by(Lead.pooled_at, ascending=False)
        .limit(limit)
    )
    return rows


def shown_phone(phone: str, visible: bool) -> str:
    return phone if visible else mask_phone(phone)


@dataclass(frozen=True)
class ClaimResult:
    ok: bool
    message: str = ""  # an English message id when refused; {n} limit, {name} holder
    holder: str = ""  # who has the lead, when someone else was faster


async def claims_today(user_id: int, now: datetime) -> int:
    return await LeadEvent.count().where(
        (LeadEvent.kind == "claimed")
        & (LeadEvent.actor == user_id)
        & (LeadEvent.created_at >= day_start(now))
    )


async def claim(lead_id: int, user_id: int, now: datetime, limit: int | None = None) -> ClaimResult:
    """`limit`: claims a day per person (the policy's, read here when None)."""
    if limit is None:
        limit = (await current_policy()).daily_claim_limit
    if await claims_today(user_id, now) >= limit:
        return ClaimResult(False, N_("You have claimed {n} leads today, the daily limit."))
    async with engine_finder().transaction():
        won = (
            await Lead.update(
                {
                    Lead.owner: user_id,
                    Lead.status: Lead.Status.following,
                    Lead.next_follow_up: tomorrow(now),
                    Lead.last_activity_at: now,
                    Lead.updated_at: now,
                }
            )
            .where((Lead.id == lead_id) & Lead.owner.is_null())
            .returning(Lead.id)
        )
        if won:
            await LeadEvent.insert(
                LeadEvent(lead=lead_id, kind="claimed", actor=user_id, detail={}, created_at=now)
            )
            await record_event("lead_claimed", actor_id=user_id, subject=f"lead:{lead_id}")
            return ClaimResult(True)
    holder = (
        await Lead.select(Lead.owner.display_name.as_alias("holder"))
        .where(Lead.id == lead_id)
        .first()
    )
    if holder is None:
        return ClaimResult(False, N_("There is no such lead."))
    return ClaimResult(False, N_("{name} has already claimed this lead."), holder["holder"] or "")
