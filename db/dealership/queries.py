"""Reading and saving the dealership's profile and stock rules.

Each is one small query for the newest row (the primary key's index): read once per request
where it is shown (web/dealership.py) or once per call where a rule is applied, so every
server process sees a manager's change on its next request, with no cache to go stale.
"""

from __future__ import annotations

from dataclasses import fields

from db.audit.queries import record_event
from db.dealership.rules import (
    Profile,
    StockRuleSet,
    default_profile,
    default_stock_rules,
    profile_changes,
    stock_rules_changes,
)
from db.dealership.tables import DealershipProfile, StockRules
from db.settings import settings

_PROFILE = tuple(f.name for f in fields(Profile) if f.name != "version")


def _days(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(",") if p)


async def current_profile() -> Profile:
    """The profile in force: the newest version, or the environment's values before the
    first save. One query."""
    row = (
        await DealershipProfile.select(
            DealershipProfile.id, *(getattr(DealershipProfile, k) for k in _PROFILE)
        )
        .order_by(DealershipProfile.id, ascending=False)
        .first()
    )
    if row is None:
        return default_profile(settings())
    return Profile(**{k: row[k] for k in _PROFILE}, version=row["id"])


async def save_profile(profile: Profile, actor_id: int, ip: str = "") -> dict[str, list]:
    """A new version, audited old -> new; nothing is stored when nothing changed. A new
    city is written into every car's public copy (the cards show it)."""
    old = await current_profile()
    changes = profile_changes(old, profile)
    if not changes:
        return {}
    values = {k: getattr(profile, k) for k in _PROFILE}
    await DealershipProfile.insert(DealershipProfile(**values, changed_by=actor_id))
    await record_event(
        "dealership_profile_changed",
        actor_id=actor_id,
        subject="dealership_profile",
        ip=ip,
        changes=changes,
    )
    if "city" in changes:
        from db.stock.listing import republish_all  # the stock area reads this one

        await republish_all()
    return changes


async def profile_history(limit: int = 20) -> list[dict]:
    """Versions, newest first, with who saved them."""
    return (
        await DealershipProfile.select(
            DealershipProfile.id,
            *(getattr(DealershipProfile, k) for k in _PROFILE),
            DealershipProfile.created_at,
            DealershipProfile.changed_by.display_name.as_alias("changed_by_name"),
        )
        .order_by(DealershipProfile.id, ascending=False)
        .limit(limit)
    )


async def current_stock_rules() -> StockRuleSet:
    """The stock rules in force (the environment's before the first save). One query."""
    row = (
        await StockRules.select(
            StockRules.id, StockRules.aging_days, StockRules.listing_needs_certification
        )
        .order_by(StockRules.id, ascending=False)
        .first()
    )
    if row is None:
        return default_stock_rules(settings())
    return StockRuleSet(
        aging_days=_days(row["aging_days"]),
        listing_needs_certification=bool(row["listing_needs_certification"]),
        version=row["id"],
    )


async def save_stock_rules(rules: StockRuleSet, actor_id: int, ip: str = "") -> dict[str, list]:
    old = await current_stock_rules()
    changes = stock_rules_changes(old, rules)
    if not changes:
        return {}
    await StockRules.insert(
        StockRules(
            aging_days=",".join(str(d) for d in rules.aging_days),
            listing_needs_certification=rules.listing_needs_certification,
            changed_by=actor_id,
        )
    )
    await record_event(
        "stock_rules_changed", actor_id=actor_id, subject="stock_rules", ip=ip, changes=changes
    )
    return changes


async def stock_rules_history(limit: int = 20) -> list[dict]:
    rows = (
        await StockRules.select(
            StockRules.id,
            StockRules.aging_days,
            StockRules.listing_needs_certification,
            StockRules.created_at,
            StockRules.changed_by.display_name.as_alias("changed_by_name"),
        )
        .order_by(StockRules.id, ascending=False)
        .limit(limit)
    )
    for row in rows:
        row["aging_days"] = _days(row["aging_days"])
    return rows
