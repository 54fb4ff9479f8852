"""Reads and writes for an appraisal's sheet, its history, its outcome and its shared link."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Any

from piccolo.engine import engine_finder

from db.appraisals.filters import AppraisalFilters, overdue_where
from db.appraisals.pricing import DEFAULT_RULE, PricingRule
from db.appraisals.tables import (
    Appraisal,
    AppraisalChange,
    AppraisalPhoto,
    PricingRuleVersion,
)
from db.audit.queries import record_event
from db.idempotency import keyed_transaction, made_with, unique_violation
from db.stock.tables import StockUnit

# What the sheet's fields may write: every column but those the app itself keeps
# (who, when, the outcome and the shared link go through their own functions).
SYSTEM_COLUMNS = {
    "id",
    "appraiser",
    "outcome",
    "outcome_note",
    "owner_expected_price",
    "closed_at",
    "sheet_token",
    "client_key",
    "created_at",
    "updated_at",
}
EDITABLE = {c._meta.name for c in Appraisal._meta.columns} - SYSTEM_COLUMNS


class Closed(Exception):
    """The appraisal already has an outcome; it can no longer be edited."""


def _now() -> datetime:
    return datetime.now(UTC)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


async def start_appraisal(appraiser_id: int, client_key: str | None = None) -> int:
    """A new draft; with `client_key`, once per key: a retry (or two tries at once) gets the
    first one's id. KeyTaken when the key started another appraiser's appraisal."""
    if client_key and (found := await _started_with(client_key, appraiser_id)):
        return found
    try:
        async with keyed_transaction():
            row = Appraisal(appraiser=appraiser_id, client_key=client_key or None)
            await row.save()
            await AppraisalChange.insert(
                AppraisalChange(appraisal=row.id, actor=appraiser_id, field="created", new="draft")
            )
    except Exception as error:
        if not (client_key and unique_violation(error)):
            raise
        found = await _started_with(client_key, appraiser_id)
        if found is None:
            raise
        return found
    return row.id


def blank_appraisal(ref: str) -> dict:
    """An appraisal not yet saved anywhere, every field at its default: the sheet of a draft
    started without signal, whose number (`ref` until then) the server gives later."""
    return {**Appraisal().to_dict(), "id": ref, "outcome": None}


async def _started_with(client_key: str, appraiser_id: int) -> int | None:
    return await made_with(Appraisal, client_key, Appraisal.appraiser, appraiser_id)


async def get_appraisal(appraisal_id: int) -> dict | None:
    return (
        await Appraisal.select(
            Appraisal.all_columns(),
            Appraisal.appraiser.display_name.as_alias("appraiser_name"),
        )
        .where(Appraisal.id == appraisal_id)
        .first()
    )


async def update_fields(appraisal_id: int, values: dict[str, Any], actor_id: int) -> dict:
    """Write changed fields and one history row per change, in one transaction.

    Returns the fields that really changed, as {field: (old, new)}.
    """
    unknown = set(values) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    async with engine_finder().transaction():
        current = (
            await Appraisal.select(
                *(Appraisal._meta.get_column_by_name(f) for f in values), Appraisal.outcome
            )
            .where(Appraisal.id == appraisal_id)
            .first()
        )
        if current is None:
            raise LookupError(appraisal_id)
        if current["outcome"]:
            raise Closed(appraisal_id)
        changed = {f: (current[f], v) for f, v in values.items() if current[f] != v}
        if changed:
            await Appraisal.update(
                {
                    **{Appraisal._meta.get_column_by_name(f): v for f, (_, v) in changed.items()},
                    Appraisal.updated_at: _now(),
                }
            ).where(Appraisal.id == appraisal_id)
            await AppraisalChange.insert(
                *(
                    AppraisalChange(
                        appraisal=appraisal_id,
                        actor=actor_id,
                        field=f,
                        old=_text(old),
                        new=_text(new),
                    )
                    for f, (old, new) in changed.items()
                )
            )
    return changed


async def log_change(
    appraisal_id: int, actor_id: int | None, field: str, old: str = "", new: str = ""
) -> None:
    """History for changes that live in other tables (photos, marks, checklist, prices)."""
    await AppraisalChange.insert(
        AppraisalChange(appraisal=appraisal_id, actor=actor_id, field=field, old=old, new=new)
    )
    await Appraisal.update({Appraisal.updated_at: _now()}).where(Appraisal.id == appraisal_id)


async def last_change(appraisal_id: int, field: str) -> dict | None:
    """Who last changed `field` and when ({actor_name, created_at}), or None."""
    return (
        await AppraisalChange.select(
            AppraisalChange.created_at,
            AppraisalChange.actor.display_name.as_alias("actor_name"),
        )
        .where((AppraisalChange.appraisal == appraisal_id) & (AppraisalChange.field == field))
        .order_by(AppraisalChange.id, ascending=False)
        .first()
    )


async def history(appraisal_id: int) -> list[dict]:
    return (
        await AppraisalChange.select(
            AppraisalChange.field,
            AppraisalChange.old,
            AppraisalChange.new,
            AppraisalChange.created_at,
            AppraisalChange.actor.display_name.as_alias("actor_name"),
        )
        .where(AppraisalChange.appraisal == appraisal_id)
        .order_by(AppraisalChange.id, ascending=False)
    )


def _trail_columns() -> tuple:
    return (
        Appraisal.id,
        Appraisal.created_at,
        Appraisal.outcome,
        Appraisal.forecast_retail,
        Appraisal.appraiser.display_name.as_alias("appraiser_name"),
    )


def same_car(vin: str) -> bool:
    """Only a whole VIN names one car; a partial one is not evidence of anything."""
    return len(vin) == 17


async def same_vin(vin: str, exclude_id: int) -> list[dict]:
    """Earlier appraisals of the same car: the trail the 飞单 watch relies on."""
    if not same_car(vin):
        return []
    return (
        await Appraisal.select(*_trail_columns())
        .where((Appraisal.vin == vin) & (Appraisal.id != exclude_id))
        .order_by(Appraisal.id, ascending=False)
    )


async def unbought_repeats(among) -> dict[str, list[dict]]:
    """Cars appraised more than once and never acquired (the 飞单 watch list), among the
    VINs of the appraisals `among` selects: {vin: its whole trail, as same_vin gives it,
    with the car and the appraiser, newest first}. One query."""
    vins = Appraisal.select(Appraisal.vin).where(among & (Appraisal.vin != ""))
    bought = Appraisal.select(Appraisal.vin).where(
        (Appraisal.outcome == Appraisal.Outcome.acquired) & (Appraisal.vin != "")
    )
    rows = (
        await Appraisal.select(
            *_trail_columns(),
            Appraisal.vin,
            Appraisal.plate,
            Appraisal.make,
            Appraisal.model,
            Appraisal.appraiser,
        )
        .where(Appraisal.vin.is_in(vins) & Appraisal.vin.not_in(bought))
        .order_by(Appraisal.created_at, Appraisal.id, ascending=False)
    )
    trails: dict[str, list[dict]] = {}
    for row in rows:
        if same_car(row["vin"]):
            trails.setdefault(row["vin"], []).append(row)
    return {vin: trail for vin, trail in trails.items() if len(trail) > 1}


LIST_LIMIT = 200


async def appraisal_list(
    appraiser_id: int | None, filters: AppraisalFilters | None = None, limit: int = LIST_LIMIT
) -> list[dict]:
    """Open appraisals first (newest first), then closed ones; one appraiser's or everyone's,
    narrowed by `filters` (db/appraisals/filters.py), the newest `limit` of them."""
    query = Appraisal.select(
        Appraisal.id,
        Appraisal.vin,
        Appraisal.plate,
        Appraisal.make,
        Appraisal.model,
        Appraisal.first_registration,
        Appraisal.mileage_km,
        Appraisal.owner_name,
        Appraisal.outcome,
        Appraisal.created_at,
        Appraisal.updated_at,
        Appraisal.forecast_retail,
        Appraisal.agreed_price,
        Appraisal.appraiser.display_name.as_alias("appraiser_name"),
    )
    if appraiser_id is not None:
        query = query.where(Appraisal.appraiser == appraiser_id)
    if filters:
        rule = await current_rule() if filters.overdue else None
        query = query.where(filters.where(rule))
    rows = await query.order_by(Appraisal.id, ascending=False).limit(limit)
    counts = await _photo_counts([r["id"] for r in rows])
    for r in rows:
        r["photo_count"] = counts.get(r["id"], 0)
    rows.sort(key=lambda r: r["outcome"] is not None)  # stable: newest first within each
    return rows


async def _photo_counts(ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = await AppraisalPhoto.select(AppraisalPhoto.appraisal).where(
        AppraisalPhoto.appraisal.is_in(ids) & AppraisalPhoto.removed_at.is_null()
    )
    counts: dict[int, int] = {}
    for r in rows:
        counts[r["appraisal"]] = counts.get(r["appraisal"], 0) + 1
    return counts


async def overdue(rule: PricingRule) -> list[dict]:
    """Open appraisals older than the rule allows, with the appraiser's name."""
    return (
        await Appraisal.select(
            Appraisal.id,
            Appraisal.make,
            Appraisal.model,
            Appraisal.vin,
            Appraisal.created_at,
            Appraisal.appraiser.display_name.as_alias("appraiser_name"),
        )
        .where(overdue_where(rule, _now()))
        .order_by(Appraisal.created_at)
    )


async def current_rule() -> PricingRule:
    row = await PricingRuleVersion.select().order_by(PricingRuleVersion.id, ascending=False).first()
    if not row:
        return DEFAULT_RULE
    fields = PricingRule.__dataclass_fields__
    return PricingRule(**{k: v for k, v in row.items() if k in fields})


async def rule_at(when: datetime | None) -> PricingRule:
    """The cost rule that was in force at `when` (the newest version saved by then); the
    current one when `when` is None. A closed appraisal is priced with the rule of its day:
    a later change of the rule does not rewrite the maximum it was bought or refused at."""
    if when is None:
        return await current_rule()
    row = (
        await PricingRuleVersion.select()
        .where(PricingRuleVersion.created_at <= when)
        .order_by(PricingRuleVersion.id, ascending=False)
        .first()
    )
    if not row:
        return DEFAULT_RULE
    fields = PricingRule.__dataclass_fields__
    return PricingRule(**{k: v for k, v in row.items() if k in fields})


async def close(
    appraisal_id: int,
    outcome: str,
    actor_id: int,
    *,
    note: str = "",
    owner_expected_price: int | None = None,
    purchase_price: int | None = None,
    recon_estimate: int = 0,
) -> None:
    """Record the outcome; an acquisition also creates the stock unit, in one transaction."""
    async with engine_finder().transaction():
        row = await Appraisal.select(Appraisal.outcome).where(Appraisal.id == appraisal_id).first()
        if row is None:
            raise LookupError(appraisal_id)
        if row["outcome"]:
            raise Closed(appraisal_id)
        await Appraisal.update(
            {
                Appraisal.outcome: outcome,
                Appraisal.outcome_note: note,
                Appraisal.owner_expected_price: owner_expected_price,
                Appraisal.closed_at: _now(),
                Appraisal.updated_at: _now(),
            }
        ).where(Appraisal.id == appraisal_id)
        if outcome == Appraisal.Outcome.acquired:
            await StockUnit.insert(
                StockUnit(
                    appraisal=appraisal_id,
                    purchase_price=purchase_price or 0,
                    recon_estimate=recon_estimate,
                    acquired_by=actor_id,
                )
            )
        await AppraisalChange.insert(
            AppraisalChange(appraisal=appraisal_id, actor=actor_id, field="outcome", new=outcome)
        )
    await record_event(
        "appraisal_closed", actor_id=actor_id, subject=str(appraisal_id), outcome=outcome
    )


async def share_sheet(appraisal_id: int, actor_id: int) -> str:
    token = secrets.token_urlsafe(24)
    await Appraisal.update({Appraisal.sheet_token: token}).where(Appraisal.id == appraisal_id)
    await log_change(appraisal_id, actor_id, "sheet_shared")
    return token


async def revoke_sheet(appraisal_id: int, actor_id: int) -> None:
    await Appraisal.update({Appraisal.sheet_token: None}).where(Appraisal.id == appraisal_id)
    await log_change(appraisal_id, actor_id, "sheet_revoked")


async def by_sheet_token(token: str) -> int | None:
    if not token:
        return None
    row = await Appraisal.select(Appraisal.id).where(Appraisal.sheet_token == token).first()
    return row["id"] if row else None


async def save_rule(rule: PricingRule, actor_id: int) -> None:
    """A new version of the cost rule; earlier versions stay, so old prices can be explained."""
    old = await current_rule()
    await PricingRuleVersion.insert(PricingRuleVersion(**vars(rule), changed_by=actor_id))
    changed = {k: (getattr(old, k), v) for k, v in vars(rule).items() if getattr(old, k) != v}
    await record_event(
        "setting_changed",
        actor_id=actor_id,
        subject="pricing_rule",
        changes={k: list(v) for k, v in changed.items()},
    )
