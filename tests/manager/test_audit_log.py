"""The audit log viewer: every kind the code records has a label and a group; the manager
reads who did what, when (the dealership's clock) and from where, newest first, 50 a page,
filtered by person and by group; htmx gets only the list."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

from db.audit.kinds import GROUPS, group_of, known_kinds
from db.audit.queries import record_event
from db.audit.tables import AuditEvent
from db.staff.rules import Role
from tests.conftest import html, make_staff, sign_in
from web.manager.audit import GROUP_LABELS
from web.manager.routes import EVENT_LABELS

ROOT = Path(__file__).resolve().parents[2]
EN = {"Accept-Language": "en"}

# Calls whose kind is computed: (file, the kind argument as written) -> every kind it makes.
# A new computed call fails the test below until it is listed here.
COMPUTED = {
    ("db/leads/lost.py", "f'lead_{kind}'"): {"lead_lost_approved", "lead_lost_returned"},
    ("db/appraisals/price_queries.py", "f'price_{status}'"): {"price_approved", "price_refused"},
    ("db/complaints/complaints.py", "f'complaint_{action}'"): {
        "complaint_approved",
        "complaint_sent_back",
        "complaint_closed",
    },
    ("db/leads/blacklist.py", "kind"): {"blacklist_added", "blacklist_readded"},
}
# Helpers that record an event named by their caller: (file, argument) -> the keyword their
# callers name it with; every constant passed under that keyword anywhere is a kind.
PASSED_ON = {("web/exports.py", "event"): "event"}


def recorded_kinds() -> set[str]:
    """Every kind passed to record_event anywhere in the app's code."""
    kinds: set[str] = set()
    unknown = []
    keywords = set(PASSED_ON.values())
    for folder in ("db", "web", "media", "components"):
        for path in (ROOT / folder).rglob("*.py"):
            if "piccolo_migrations" in path.parts:
                continue
            rel = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    kinds |= {
                        k.value.value
                        for k in node.keywords
                        if k.arg in keywords and isinstance(k.value, ast.Constant)
                    }
                if not (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", getattr(node.func, "attr", "")) == "record_event"
                    and node.args
                ):
                    continue
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    kinds.add(arg.value)
                elif (rel, ast.unparse(arg)) in COMPUTED:
                    kinds |= COMPUTED[(rel, ast.unparse(arg))]
                elif (rel, ast.unparse(arg)) in PASSED_ON:
                    pass  # its callers' constants are gathered above
                else:
                    unknown.append(f"{rel}:{node.lineno} {ast.unparse(arg)}")
    assert not unknown, f"record_event with a computed kind; list it in COMPUTED: {unknown}"
    return kinds


def test_every_recorded_kind_has_a_label_and_a_group():
    kinds = recorded_kinds()
    assert {"login", "staff_created", "password_reset", "lead_revealed"} <= kinds
    assert sorted(kinds - set(EVENT_LABELS)) == [], "add a label to EVENT_LABELS"
    assert sorted(kinds - known_kinds()) == [], "add the kind to a group in db/audit/kinds.py"


def test_the_groups_do_not_overlap_and_each_has_a_name():
    assert set(GROUP_LABELS) == set(GROUPS)
    seen: list[str] = [k for kinds in GROUPS.values() for k in kinds]
    assert len(seen) == len(set(seen))
    assert group_of("lead_revealed") == "reveals"
    assert group_of("something_from_long_ago") == "other"


async def _event(kind: str, actor: int | None, at: datetime, **detail) -> None:
    await AuditEvent.insert(
        AuditEvent(
            kind=kind,
            actor=actor,
            subject=detail.pop("subject", ""),
            detail=detail,
            ip=detail.pop("ip", ""),
            created_at=at,
        )
    )


async def _rows(client, query: str = "", headers=EN):
    r = await client.get(f"/manager/audit{query}", headers=headers)
    assert r.status_code == 200
    return r, html(r).select("#audit-log .audit-row")


async def test_a_row_says_who_did_what_when_and_from_where_in_words(client):
    boss = await make_staff("boss", {Role.MANAGER}, display_name="王经理", language="en")
    li = await make_staff("li", {Role.CONSULTANT}, display_name="李娜")
    zhang = await make_staff("zhang", {Role.CONSULTANT}, display_name="张伟", active=False)
    at = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # 07:30 on the 21st in Shanghai
    await _event(
        "staff_deactivated",
        boss,
        at,
        subject="zhang",
        ip="10.0.0.7",
        leads=3,
        leads_to=li,
        leads_to_name="李娜",
    )
    await _event("lead_assigned", boss, at, subject="lead:12", **{"from": zhang, "to": li})
    await _event("retail_price_set", boss, at, subject="5", price=128000, previous=135000)
    await sign_in(client, "boss")
    _r, rows = await _rows(client)
    _login, price, assigned, deactivated = rows  # newest (highest id) first
    assert deactivated.select_one(".audit-label").get_text(strip=True) == (
        "Staff account deactivated"
    )
    assert deactivated.select_one(".audit-subject").get_text(strip=True) == "zhang"
    assert deactivated.select_one(".audit-words").get_text(strip=True) == "3 open leads to 李娜"
    assert deactivated.select_one(".audit-actor").get_text(strip=True) == "王经理"
    assert deactivated.select_one(".audit-ip").get_text(strip=True) == "10.0.0.7"
    assert "7:30" in deactivated.select_one("time").get_text()
    assert "11/21/26" in deactivated.select_one("time").get_text()
    assert assigned.select_one(".audit-words").get_text(strip=True) == "张伟 → 李娜"
    link = assigned.select_one("a.audit-subject")
    assert (link["href"], link.get_text(strip=True)) == ("/leads/12", "Lead #12")
    words = price.select_one(".audit-words").get_text(strip=True)
    assert "→" in words and "{" not in words
    assert price.select_one("a.audit-subject")["href"] == "/inventory/5"


async def test_labels_are_in_the_readers_language(client):
    boss = await make_staff("boss", {Role.MANAGER}, language="zh")
    await record_event("login", actor_id=boss, ip="1.2.3.4")
    await sign_in(client, "boss")  # records a second "login"
    _r, rows = await _rows(client, headers={})
    assert {r.select_one(".audit-label").get_text(strip=True) for r in rows} == {"登录"}


async def test_filters_by_person_and_by_group(client):
    boss = await make_staff("boss", {Role.MANAGER}, language="en")
    li = await make_staff("li", {Role.CONSULTANT})
    at = datetime.now(UTC) - timedelta(hours=1)
    await _event("lead_revealed", li, at, subject="lead:1", reason="call back")
    await _event("leads_exported", boss, at, rows=4, format="csv")
    await _event("staff_created", boss, at, subject="li", roles=["consultant"])
    await _event("something_from_long_ago", None, at)
    await sign_in(client, "boss")

    def kinds(rows):
        return [r["data-kind"] for r in rows]

    _r, rows = await _rows(client, f"?person={li}")
    assert kinds(rows) == ["lead_revealed"]
    _r, rows = await _rows(client, "?group=exports")
    assert kinds(rows) == ["leads_exported"]
    _r, rows = await _rows(client, "?group=staff")
    assert kinds(rows) == ["staff_created"]
    _r, rows = await _rows(client, "?group=logins")
    assert kinds(rows) == ["login"]  # the boss's own sign-in
    _r, rows = await _rows(client, "?group=other")
    assert kinds(rows) == ["something_from_long_ago"]
    _r, rows = await _rows(client, f"?group=reveals&person={boss}")
    assert kinds(rows) == []
    # the form shows the state; nonsense is ignored, not an error
    r, rows = await _rows(client, f"?person={li}&group=exports")
    doc = html(r)
    assert doc.select_one(f"#audit-filters select[name=person] option[value='{li}']").has_attr(
        "selected"
    )
    assert doc.select_one("#audit-filters option[value=exports]").has_attr("selected")
    _r, rows = await _rows(client, "?person=abc&group=nope&before=x")
    assert len(rows) == 5


async def test_pages_of_fifty_newest_first_and_htmx_gets_only_the_list(client):
    boss = await make_staff("boss", {Role.MANAGER}, language="en")
    start = datetime.now(UTC) - timedelta(days=1)
    for i in range(64):
        await _event("leads_exported", boss, start + timedelta(minutes=i), rows=i, format="csv")
    await sign_in(client, "boss")
    r, first = await _rows(client, "?group=exports")
    assert len(first) == 50
    words = [row.select_one(".audit-words").get_text(strip=True) for row in first]
    assert words[0] == "63 rows, CSV" and words[-1] == "14 rows, CSV"
    older = html(r).select_one("#audit-log a.audit-older")
    assert older["href"].startswith("/manager/audit?") and "group=exports" in older["href"]
    assert older["hx-push-url"] == "true"
    r, second = await _rows(client, older["href"][len("/manager/audit") :])
    assert [row.select_one(".audit-words").get_text(strip=True) for row in second][0] == (
        "13 rows, CSV"
    )
    assert len(second) == 14
    doc = html(r)
    assert doc.select_one("a.audit-older") is None
    assert doc.select_one("a.audit-newest")["href"] == "/manager/audit?group=exports"

    partial = await client.get(
        "/manager/audit?group=exports",
        headers={**EN, "HX-Request": "true", "HX-Request-Type": "partial"},
    )
    doc = html(partial)
    assert doc.select_one("#audit-filters") is None
    assert len(doc.select("#audit-log .audit-row")) == 50
    assert "HX-Request" in partial.headers["vary"]


async def test_a_cost_rule_change_reads_with_its_units(client):
    boss = await make_staff("boss", {Role.MANAGER}, language="en")
    at = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    changes = {"transport": [800, 2600], "tax_permille": [20, 25], "outcome_due_days": [3, 5]}
    await _event("setting_changed", boss, at, subject="pricing_rule", changes=changes)
    await sign_in(client, "boss")
    _r, rows = await _rows(client)
    words = rows[-1].select_one(".audit-words").get_text(strip=True)
    assert words == (
        "Transport per car: ¥800 → ¥2,600; Taxes on resale, ‰ of the retail price: 20‰ → 25‰; "
        "Days before an appraisal without an outcome is flagged: 3 days → 5 days"
    )
