"""The audit trail's kinds of event, in the groups the manager filters the log by.

Every kind the code records is listed in exactly one group (a test reads the source for
`record_event(` calls and fails on a kind listed nowhere). "other" also takes any kind
found in old rows but no longer recorded.
"""

from __future__ import annotations

GROUPS: dict[str, frozenset[str]] = {
    "reveals": frozenset({"lead_revealed"}),
    "prices": frozenset({"retail_price_set", "wholesale_bid_recorded", "wholesale_sold"}),
    "approvals": frozenset(
        {
            "price_approved",
            "price_refused",
            "lead_lost_approved",
            "lead_lost_returned",
            "complaint_approved",
            "complaint_sent_back",
        }
    ),
    "exports": frozenset(
        {"leads_exported", "stock_exported", "appraisals_exported", "followups_exported"}
    ),
    "logins": frozenset(
        {
            "login",
            "logout",
            "login_failed",
            "login_refused_locked",
            "account_locked",
            "password_changed",
        }
    ),
    "settings": frozenset(
        {
            "setting_changed",
            "lead_policy_changed",
            "certification_point_changed",
            "blacklist_added",
            "blacklist_readded",
            "blacklist_lifted",
            "period_cost_entered",
            "dealership_profile_changed",
            "stock_rules_changed",
        }
    ),
    "staff": frozenset(
        {
            "staff_created",
            "staff_roles_changed",
            "staff_deactivated",
            "staff_reactivated",
            "password_reset",
        }
    ),
    "other": frozenset(
        {
            "appraisal_closed",
            "stock_moved",
            "recon_seeded",
            "certification_recorded",
            "complaint_created",
            "complaint_closed",
            "lead_created",
            "lead_assigned",
            "lead_claimed",
            "lead_merged",
            "lead_won",
            "lead_lost_asked",
            "leads_pooled",
            "enquiry_received",
            "care_survey",
            "car_shared",
        }
    ),
}

NAMED = frozenset().union(*(kinds for group, kinds in GROUPS.items() if group != "other"))


def group_of(kind: str) -> str:
    for group, kinds in GROUPS.items():
        if kind in kinds:
            return group
    return "other"


def known_kinds() -> frozenset[str]:
    return frozenset().union(*GROUPS.values())
