"""The manager's lead policy: grade cadence, daily limits, the dormant and pool clocks.

Append-only LeadPolicy rows; the newest is in force, and with none the defaults in
db.leads.rules apply. Read once per request (one query) and passed on as plain values.
"""

from __future__ import annotations

from dataclasses import asdict, fields

from db.audit.queries import record_event
from db.leads.rules import DEFAULT_POLICY, Policy
from db.leads.tables import LeadPolicy

_FIELDS = tuple(f.name for f in fields(Policy))


async def current_policy() -> Policy:
    """The policy in force: one query."""
    row = await LeadPolicy.select().order_by(LeadPolicy.id, ascending=False).first()
    if row is None:
        return DEFAULT_POLICY
    return Policy(**{k: row[k] for k in _FIELDS})


async def save_policy(policy: Policy, actor_id: int, ip: str = "") -> dict[str, list[int]]:
    """A new version (the old ones stay as history), audited old → new. Returns the
    changes; nothing is stored when nothing changed."""
    old = await current_policy()
    changes = {k: [getattr(old, k), v] for k, v in asdict(policy).items() if getattr(old, k) != v}
    if not changes:
        return {}
    await LeadPolicy.insert(LeadPolicy(**asdict(policy), changed_by=actor_id))
    await record_event(
        "lead_policy_changed", actor_id=actor_id, subject="lead_policy", ip=ip, changes=changes
    )
    return changes


async def history(limit: int = 20) -> list[dict]:
    """Earlier and current versions, newest first, with who changed them."""
    return (
        await LeadPolicy.select(
            *[getattr(LeadPolicy, k) for k in _FIELDS],
            LeadPolicy.id,
            LeadPolicy.created_at,
            LeadPolicy.changed_by.display_name.as_alias("changed_by_name"),
        )
        .order_by(LeadPolicy.id, ascending=False)
        .limit(limit)
    )
