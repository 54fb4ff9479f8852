"""The audit log viewer (manager only): who did what, when and from where, newest first, 50
at a time, by person and by group of kinds. The filters are a GET form; htmx swaps only the
list and pushes the URL, which is the whole state."""

from __future__ import annotations

from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import Template

from db.audit.kinds import GROUPS
from db.audit.log import LogFilter, events
from db.staff.rules import Role
from db.staff.tables import Staff
from web.guards import allow
from web.i18n import lazy
from web.manager.audit_words import describe, subject_words
from web.manager.routes import event_label
from web.pages import page

GROUP_LABELS = {
    "reveals": lazy("Numbers revealed"),
    "prices": lazy("Price changes"),
    "approvals": lazy("Approvals"),
    "exports": lazy("Exports"),
    "logins": lazy("Sign-ins and passwords"),
    "settings": lazy("Setting changes"),
    "staff": lazy("Staff changes"),
    "other": lazy("Other"),
}


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 12 else None


@get("/manager/audit", guards=[allow(Role.MANAGER)])
async def audit_log(
    request: Request,
    person: FromQuery[str] = "",
    group: FromQuery[str] = "",
    before: FromQuery[str] = "",
) -> Template:
    people = await Staff.select(Staff.id, Staff.display_name, Staff.active).order_by(Staff.id)
    names = {p["id"]: p["display_name"] for p in people}
    f = LogFilter(
        actor=_int(person) if _int(person) in names else None,
        group=group if group in GROUPS else "",
        before=_int(before),
    )
    rows, next_before = await events(f)
    for row in rows:
        row["label"] = event_label(row["kind"])
        row["subject_text"], row["subject_link"] = subject_words(row["kind"], row["subject"])
        row["words"] = describe(row["kind"], row["detail"] or {}, names)
    query = {k: v for k, v in (("person", f.actor), ("group", f.group)) if v}
    return page(
        request,
        "manager/audit.html",
        {
            "tab": "me",
            "rows": rows,
            "people": people,
            "groups": GROUP_LABELS,
            "filters": f,
            "query": query,
            "next_before": next_before,
        },
        block="audit_log",
    )


routes = [audit_log]
