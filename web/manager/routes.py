"""The manager's seat: the team and the audit trail."""

from litestar import Request, get
from litestar.response import Template

from db.appraisals import queries as appraisal_queries
from db.appraisals.price_queries import pending_approvals
from db.audit.queries import recent_events
from db.complaints.complaints import waiting_approval
from db.staff.queries import team
from db.staff.rules import Role
from web.guards import allow
from web.i18n import gettext, lazy
from web.pages import page

EVENT_LABELS = {
    "login": lazy("Signed in"),
    "logout": lazy("Signed out"),
    "login_failed": lazy("Failed sign-in"),
    "login_refused_locked": lazy("Sign-in refused: locked"),
    "account_locked": lazy("Account locked"),
    "password_changed": lazy("Password changed"),
    "staff_created": lazy("Staff account created"),
    "staff_deactivated": lazy("Staff account deactivated"),
    "appraisal_closed": lazy("Appraisal closed"),
    "price_approved": lazy("Price above the maximum approved"),
    "price_refused": lazy("Price above the maximum refused"),
    "setting_changed": lazy("Setting changed"),
    "dealership_profile_changed": lazy("Dealership profile changed"),
    "stock_rules_changed": lazy("Stock rules changed"),
    "certification_point_changed": lazy("Certification checklist changed"),
    "certification_recorded": lazy("Certification recorded"),
    "retail_price_set": lazy("Retail price set"),
    "stock_moved": lazy("Car moved along its path"),
    "wholesale_bid_recorded": lazy("Wholesale bid recorded"),
    "wholesale_sold": lazy("Sold to a wholesale bid"),
    "recon_seeded": lazy("Appraisal's reconditioning taken as tasks"),
    "complaint_created": lazy("Complaint recorded"),
    "complaint_approved": lazy("Complaint proposal approved"),
    "complaint_sent_back": lazy("Complaint proposal sent back"),
    "complaint_closed": lazy("Complaint closed"),
    "lead_policy_changed": lazy("Lead rules changed"),
    "lead_assigned": lazy("Lead assigned by a manager"),
    "blacklist_added": lazy("Number put on the blacklist"),
    "blacklist_readded": lazy("Number put back on the blacklist"),
    "blacklist_lifted": lazy("Number lifted from the blacklist"),
    "leads_exported": lazy("Leads exported"),
    "staff_roles_changed": lazy("Staff roles changed"),
    "staff_reactivated": lazy("Staff account reactivated"),
    "password_reset": lazy("Password reset by a manager"),
    "lead_created": lazy("Lead recorded"),
    "lead_claimed": lazy("Lead claimed from the pool"),
    "lead_merged": lazy("Leads merged"),
    "lead_won": lazy("Lead won: car sold"),
    "lead_revealed": lazy("Customer's number revealed"),
    "lead_lost_asked": lazy("Closing a lead as lost asked for"),
    "lead_lost_approved": lazy("Lead closed as lost: approved"),
    "lead_lost_returned": lazy("Lost lead sent back to the consultant"),
    "leads_pooled": lazy("Leads released to the public pool"),
    "enquiry_received": lazy("Enquiry from a customer's page"),
    "care_survey": lazy("After-sale survey answered"),
    "car_shared": lazy("Car shared"),
    "period_cost_entered": lazy("Month's costs entered"),
    "stock_exported": lazy("Stock list exported"),
    "appraisals_exported": lazy("Appraisals exported"),
    "followups_exported": lazy("Follow-ups exported"),
}


def event_label(kind: str) -> str:
    return gettext(EVENT_LABELS[kind]) if kind in EVENT_LABELS else kind


@get("/manager", guards=[allow(Role.MANAGER)])
async def dashboard(request: Request) -> Template:
    rule = await appraisal_queries.current_rule()
    return page(
        request,
        "manager/dashboard.html",
        {
            "approvals": await pending_approvals(),
            "complaints_waiting": await waiting_approval(),
            "overdue": await appraisal_queries.overdue(rule),
            "rule": rule,
            "tab": "me",
            "team": await team(),
            "events": await recent_events(15),
            "event_label": event_label,
        },
        block="audit_trail",
    )


routes = [dashboard]
