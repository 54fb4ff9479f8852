"""Reconditioning items, the price range, and approvals of prices above the maximum."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from db.appraisals.grading import Findings, ReconSuggestion, suggested_recon_items
from db.appraisals.pricing import PriceRange, PricingRule, needs_approval, price_range
from db.appraisals.queries import log_change
from db.appraisals.tables import PriceApproval, ReconItem
from db.audit.queries import record_event


@dataclass(frozen=True)
class Recon:
    key: str
    label: str  # English for suggestions (see `suggestion.text`), as typed otherwise
    cost: int
    suggested: bool  # from the condition findings (else added by hand)
    edited: bool  # the appraiser changed the suggested cost
    suggestion: ReconSuggestion | None = None


async def recon_items(appraisal_id: int, findings: Findings) -> list[Recon]:
    """Suggestions from the findings, with the appraiser's edits, then items added by hand."""
    rows = (
        await ReconItem.select(ReconItem.key, ReconItem.label, ReconItem.cost, ReconItem.removed_at)
        .where(ReconItem.appraisal == appraisal_id)
        .order_by(ReconItem.id)
    )
    latest = {r["key"]: r for r in rows}  # later rows win
    items = []
    for suggestion in suggested_recon_items(findings):
        edit = latest.get(suggestion.key)
        if edit and edit["removed_at"]:
            continue
        cost = edit["cost"] if edit else suggestion.cost
        items.append(
            Recon(suggestion.key, suggestion.label, cost, True, cost != suggestion.cost, suggestion)
        )
    for key, row in latest.items():
        if key.startswith("manual:") and not row["removed_at"]:
            items.append(Recon(key, row["label"], row["cost"], False, False))
    return items


async def set_recon(
    appraisal_id: int, key: str | None, label: str, cost: int, actor_id: int
) -> None:
    """Edit a suggested item's cost (by its key) or add one by hand (key None)."""
    key = key or f"manual:{secrets.token_hex(4)}"
    await ReconItem.insert(ReconItem(appraisal=appraisal_id, key=key, label=label, cost=cost))
    await log_change(appraisal_id, actor_id, "recon_set", new=f"{label}: {cost}")


async def remove_recon(appraisal_id: int, key: str, label: str, actor_id: int) -> None:
    await ReconItem.insert(
        ReconItem(
            appraisal=appraisal_id, key=key, label=label, cost=0, removed_at=datetime.now(UTC)
        )
    )
    await log_change(appraisal_id, actor_id, "recon_removed", old=label)


def price_for(appraisal: dict, items: list[Recon], rule: PricingRule) -> PriceRange | None:
    if not appraisal.get("forecast_retail"):
        return None
    return price_range(appraisal["forecast_retail"], [(i.label, i.cost) for i in items], rule)


async def approvals_for(appraisal_id: int) -> list[dict]:
    return (
        await PriceApproval.select(
            PriceApproval.id,
            PriceApproval.requested_price,
            PriceApproval.max_buy,
            PriceApproval.reason,
            PriceApproval.status,
            PriceApproval.decided_at,
            PriceApproval.decision_note,
            PriceApproval.created_at,
            PriceApproval.requested_by.display_name.as_alias("requested_by_name"),
            PriceApproval.decided_by.display_name.as_alias("decided_by_name"),
        )
        .where(PriceApproval.appraisal == appraisal_id)
        .order_by(PriceApproval.id, ascending=False)
    )


def approval_state(agreed: int | None, price: PriceRange | None, approvals: list[dict]) -> str:
    """'none' (no agreed price), 'within' (≤ maximum), 'approved', 'pending', 'refused' or
    'needed' (above the maximum, not yet asked)."""
    if agreed is None or price is None:
        return "none"
    if not needs_approval(agreed, price):
        return "within"
    for approval in approvals:  # newest first
        if approval["requested_price"] == agreed and approval["max_buy"] == price.max_buy:
            return approval["status"]
    return "needed"


async def request_approval(
    appraisal_id: int, agreed: int, max_buy: int, reason: str, actor_id: int
) -> None:
    await PriceApproval.insert(
        PriceApproval(
            appraisal=appraisal_id,
            requested_by=actor_id,
            requested_price=agreed,
            max_buy=max_buy,
            reason=reason,
        )
    )
    await log_change(appraisal_id, actor_id, "approval_requested", new=str(agreed))


async def decide_approval(
    appraisal_id: int, approval_id: int, approve: bool, note: str, actor_id: int
) -> bool:
    status = PriceApproval.Status.approved if approve else PriceApproval.Status.refused
    updated = (
        await PriceApproval.update(
            {
                PriceApproval.status: status,
                PriceApproval.decided_by: actor_id,
                PriceApproval.decided_at: datetime.now(UTC),
                PriceApproval.decision_note: note,
            }
        )
        .where(
            (PriceApproval.id == approval_id)
            & (PriceApproval.appraisal == appraisal_id)
            & (PriceApproval.status == PriceApproval.Status.pending)
        )
        .returning(PriceApproval.requested_price)
    )
    if not updated:
        return False
    await log_change(
        appraisal_id, actor_id, f"approval_{status}", new=str(updated[0]["requested_price"])
    )
    await record_event(
        f"price_{status}",
        actor_id=actor_id,
        subject=str(appraisal_id),
        price=updated[0]["requested_price"],
    )
    return True


async def pending_approvals() -> list[dict]:
    """Requests waiting for a manager, with the car and who asked."""
    return (
        await PriceApproval.select(
            PriceApproval.id,
            PriceApproval.appraisal,
            PriceApproval.requested_price,
            PriceApproval.max_buy,
            PriceApproval.reason,
            PriceApproval.created_at,
            PriceApproval.appraisal.make.as_alias("make"),
            PriceApproval.appraisal.model.as_alias("model"),
            PriceApproval.requested_by.display_name.as_alias("requested_by_name"),
        )
        .where(PriceApproval.status == PriceApproval.Status.pending)
        .order_by(PriceApproval.id)
    )
