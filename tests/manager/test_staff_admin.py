"""Staff administration: a manager adds a colleague (who signs in with the one-time
password and must choose their own), changes roles, deactivates (open leads to the pool or a
colleague, sessions ended, no more sign-in), reactivates and resets a password; every change
audited; the self and last-manager rules hold; bad input is refused beside the field."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from db.audit.tables import AuditEvent
from db.leads.tables import Lead, LeadEvent
from db.staff import admin
from db.staff.rules import Role
from db.staff.tables import Staff, StaffSession
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.leads.factories import make_lead

EN = {"Accept-Language": "en"}


async def _boss(client) -> int:
    boss = await make_staff("boss", {Role.MANAGER}, display_name="王经理", language="en")
    assert (await sign_in(client, "boss")).status_code == 303
    return boss


async def _post(client, url: str, data: dict):
    return await client.post(url, data={**data, "_csrf_token": await csrf_token(client)})


async def _events(kind: str) -> list[dict]:
    return (
        await AuditEvent.select()
        .where(AuditEvent.kind == kind)
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )


class _Other:
    """A second phone: its own client, cookies and session."""

    async def __aenter__(self):
        from app import create_app

        self._cm = AsyncTestClient(app=create_app(), base_url="http://testserver.local")
        self.client = await self._cm.__aenter__()
        self.client.follow_redirects = False
        return self.client

    async def __aexit__(self, *exc):
        await self._cm.__aexit__(*exc)


async def _expect_pooled(open_leads: list[int], won: int, zhang: int, boss: int, reason: str):
    """The open leads are in the pool, each with a pooled event by the manager for `reason`;
    the won lead stays theirs."""
    rows = await Lead.select(Lead.owner, Lead.pooled_at).where(Lead.id.is_in(open_leads))
    assert all(r["owner"] is None and r["pooled_at"] for r in rows)
    assert (await Lead.select(Lead.owner).where(Lead.id == won).first())["owner"] == zhang
    events = (
        await LeadEvent.select()
        .where(LeadEvent.kind == "pooled")
        .order_by(LeadEvent.lead)
        .output(load_json=True)
    )
    assert [e["lead"] for e in events] == sorted(open_leads)
    assert all(e["actor"] == boss for e in events)
    assert all(e["detail"] == {"reason": reason} for e in events)


async def test_a_new_colleague_signs_in_with_the_one_time_password_and_must_change_it(client):
    boss = await _boss(client)
    r = await _post(
        client,
        "/manager/staff",
        {"display_name": " 赵磊 ", "username": "Zhao.Lei", "roles": ["consultant", "appraiser"]},
    )
    assert r.status_code == 201
    assert r.headers["cache-control"] == "no-store"
    doc = html(r)
    assert doc.select_one("#one-time-password .ot-username").get_text(strip=True) == "zhao.lei"
    password = doc.select_one("#one-time-password .ot-password").get_text(strip=True)
    row = await Staff.select().where(Staff.username == "zhao.lei").first()
    assert row["display_name"] == "赵磊"
    assert (row["is_consultant"], row["is_appraiser"], row["is_manager"]) == (True, True, False)
    assert row["must_change_password"] is True
    assert password not in row["password_hash"]
    # the list shows them, and a fresh visit no longer shows the password
    listing = html(await client.get("/manager/staff", headers=EN))
    assert "zhao.lei" in [s.get_text(strip=True) for s in listing.select(".staff-row .muted")]
    assert listing.select_one("#one-time-password") is None

    (event,) = await _events("staff_created")
    assert (event["actor"], event["subject"]) == (boss, "zhao.lei")
    assert event["detail"] == {"name": "赵磊", "roles": ["appraiser", "consultant"]}
    assert password not in str(event["detail"])

    async with _Other() as phone:
        r = await sign_in(phone, "zhao.lei", password)
        assert r.status_code == 303
        assert r.headers["location"] == "/me#password-form"
        me = html(await phone.get("/me", headers=EN))
        assert me.select_one("#password-form .must-change") is not None
        token = await csrf_token(phone)
        r = await phone.post(
            "/me/password",
            data={
                "current": password,
                "new": "my-own-password-9",
                "confirm": "my-own-password-9",
                "_csrf_token": token,
            },
            headers=EN,
        )
        assert r.status_code == 200
        assert html(r).select_one(".must-change") is None
    row = await Staff.select(Staff.must_change_password).where(Staff.id == row["id"]).first()
    assert row["must_change_password"] is False


async def test_bad_input_is_refused_beside_each_field_with_what_was_typed(client):
    await _boss(client)
    await make_staff("liming", {Role.APPRAISER})
    r = await client.post(
        "/manager/staff",
        data={"display_name": "  ", "username": "LiMing", "_csrf_token": await csrf_token(client)},
        headers=EN,
    )
    assert r.status_code == 422
    doc = html(r)
    assert doc.select_one("#f-display_name-error").get_text(strip=True) == (
        "Enter the name colleagues know them by."
    )
    assert doc.select_one("#f-username-error").get_text(strip=True) == (
        "This username is taken: choose another."
    )
    assert doc.select_one("#f-username")["value"] == "LiMing"
    assert doc.select_one("#f-roles-error").get_text(strip=True) == "Choose at least one role."
    r = await client.post(
        "/manager/staff",
        data={
            "display_name": "李四",
            "username": "x",
            "roles": ["consultant"],
            "_csrf_token": await csrf_token(client),
        },
        headers=EN,
    )
    doc = html(r)
    assert doc.select_one("#f-username-error") is not None
    assert doc.select_one("#f-display_name")["value"] == "李四"
    assert doc.select_one("#new-staff input[value=consultant]").has_attr("checked")
    assert await Staff.count() == 2
    assert await _events("staff_created") == []


async def test_roles_change_and_are_audited_but_a_manager_cannot_demote_themselves(client):
    boss = await _boss(client)
    chen = await make_staff("chen", {Role.APPRAISER})
    r = await _post(client, f"/manager/staff/{chen}/roles", {"roles": ["appraiser", "consultant"]})
    assert r.status_code == 303
    row = await Staff.select().where(Staff.id == chen).first()
    assert (row["is_appraiser"], row["is_consultant"]) == (True, True)
    (event,) = await _events("staff_roles_changed")
    assert event["detail"] == {"before": ["appraiser"], "after": ["appraiser", "consultant"]}

    r = await client.post(
        f"/manager/staff/{chen}/roles", data={"_csrf_token": await csrf_token(client)}, headers=EN
    )
    assert r.status_code == 422
    assert html(r).select_one("#f-roles-error").get_text(strip=True) == "Choose at least one role."

    r = await client.post(
        f"/manager/staff/{boss}/roles",
        data={"roles": ["consultant"], "_csrf_token": await csrf_token(client)},
        headers=EN,
    )
    assert r.status_code == 422
    doc = html(r)
    assert "yourself" in doc.select_one("#f-roles-error").get_text()
    assert doc.select_one("#staff-roles input[value=consultant]").has_attr("checked")
    assert not doc.select_one("#staff-roles input[value=manager]").has_attr("checked")
    assert (await Staff.select(Staff.is_manager).where(Staff.id == boss).first())["is_manager"]
    assert len(await _events("staff_roles_changed")) == 1


async def test_the_last_active_manager_cannot_be_removed(db):
    boss = await make_staff("boss", {Role.MANAGER})
    other = await make_staff("other", {Role.APPRAISER})
    # only reachable when someone other than the last manager acts (a race, a script)
    with pytest.raises(admin.Refused) as refused:
        await admin.deactivate(boss, None, actor_id=other)
    assert "last active manager" in refused.value.problems["form"]
    with pytest.raises(admin.Refused) as refused:
        await admin.change_roles(boss, {Role.APPRAISER}, actor_id=other)
    assert "last active manager" in refused.value.problems["roles"]
    second = await make_staff("second", {Role.MANAGER})
    await admin.deactivate(boss, None, actor_id=second)
    assert not (await Staff.select(Staff.active).where(Staff.id == boss).first())["active"]


async def test_a_manager_cannot_deactivate_themselves(client):
    boss = await _boss(client)
    await make_staff("second", {Role.MANAGER})
    page = html(await client.get(f"/manager/staff/{boss}", headers=EN))
    assert page.select_one("#staff-deactivate") is None
    r = await _post(client, f"/manager/staff/{boss}/deactivate", {})
    assert r.status_code == 422
    assert "own account" in html(r).select_one(".staff-person .alert").get_text()
    assert (await Staff.select(Staff.active).where(Staff.id == boss).first())["active"]


async def _consultant_with_leads():
    zhang = await make_staff("zhang", {Role.CONSULTANT}, display_name="张伟")
    open_leads = [
        await make_lead(zhang, status=Lead.Status.new),
        await make_lead(zhang, status=Lead.Status.following),
        await make_lead(zhang, status=Lead.Status.lost_pending),
    ]
    won = await make_lead(zhang, status=Lead.Status.won)
    return zhang, open_leads, won


async def test_deactivating_sends_open_leads_to_the_pool_and_ends_their_sessions(client):
    boss = await _boss(client)
    zhang, open_leads, won = await _consultant_with_leads()
    async with _Other() as phone:
        assert (await sign_in(phone, "zhang")).status_code == 303
        assert (await phone.get("/me")).status_code == 200
        page = html(await client.get(f"/manager/staff/{zhang}", headers=EN))
        assert "3 open leads" in page.select_one("#staff-deactivate legend").get_text()
        r = await _post(client, f"/manager/staff/{zhang}/deactivate", {"leads": "pool"})
        assert r.status_code == 303
        assert r.headers["location"] == f"/manager/staff/{zhang}?done=deactivated&moved=3"

        # their phone is signed out at once, and they cannot sign in again
        assert (await phone.get("/me")).status_code != 200
        assert await StaffSession.count().where(StaffSession.staff == zhang) == 0
        r = await sign_in(phone, "zhang")
        assert r.status_code == 403

    await _expect_pooled(open_leads, won, zhang, boss, "owner_deactivated")
    (event,) = await _events("staff_deactivated")
    assert (event["actor"], event["subject"]) == (boss, "zhang")
    assert event["detail"] == {"leads": 3, "leads_to": None, "leads_to_name": ""}


async def test_deactivating_can_hand_the_leads_to_a_colleague(client):
    boss = await _boss(client)
    zhang, open_leads, _ = await _consultant_with_leads()
    li = await make_staff("li", {Role.CONSULTANT}, display_name="李娜")
    r = await _post(
        client, f"/manager/staff/{zhang}/deactivate", {"leads": "colleague", "colleague": str(li)}
    )
    assert r.status_code == 303
    owners = await Lead.select(Lead.owner).where(Lead.id.is_in(open_leads))
    assert {r["owner"] for r in owners} == {li}
    events = (
        await LeadEvent.select()
        .where(LeadEvent.kind == "assigned")
        .order_by(LeadEvent.lead)
        .output(load_json=True)
    )
    assert [e["lead"] for e in events] == sorted(open_leads)
    assert all(e["detail"]["from"] == zhang and e["detail"]["to"] == li for e in events)
    assert all(e["actor"] == boss for e in events)
    (event,) = await _events("staff_deactivated")
    assert event["detail"] == {"leads": 3, "leads_to": li, "leads_to_name": "李娜"}
    page = html(await client.get(f"/manager/staff/{zhang}?done=deactivated&moved=3", headers=EN))
    assert "3 open leads moved." in page.select_one(".staff-person .notice").get_text()
    assert page.select_one("#staff-reactivate") is not None


async def test_the_colleague_must_be_an_active_consultant(client):
    await _boss(client)
    zhang, open_leads, _ = await _consultant_with_leads()
    chen = await make_staff("chen", {Role.APPRAISER})
    gone = await make_staff("gone", {Role.CONSULTANT}, active=False)
    for data in (
        {"leads": "colleague", "colleague": str(chen)},
        {"leads": "colleague", "colleague": str(gone)},
        {"leads": "colleague", "colleague": str(zhang)},
        {"leads": "colleague", "colleague": ""},
        {},
    ):
        r = await client.post(
            f"/manager/staff/{zhang}/deactivate",
            data={**data, "_csrf_token": await csrf_token(client)},
            headers=EN,
        )
        assert r.status_code == 422, data
        doc = html(r)
        assert doc.select_one("#f-leads-error") is not None
        if data:
            assert doc.select_one("#staff-deactivate input[value=colleague]").has_attr("checked")
    assert (await Staff.select(Staff.active).where(Staff.id == zhang).first())["active"]
    owners = await Lead.select(Lead.owner).where(Lead.id.is_in(open_leads))
    assert {r["owner"] for r in owners} == {zhang}
    assert await _events("staff_deactivated") == []


async def test_taking_the_consultant_role_asks_where_open_leads_go_and_pools_them(client):
    boss = await _boss(client)
    zhang, open_leads, won = await _consultant_with_leads()
    page = html(await client.get(f"/manager/staff/{zhang}", headers=EN))
    question = page.select_one("#staff-roles .staff-handover")
    assert "3 open leads" in question.select_one("legend").get_text()
    assert not question.select("input[checked]")  # no destination chosen for them
    r = await _post(
        client, f"/manager/staff/{zhang}/roles", {"roles": ["appraiser"], "leads": "pool"}
    )
    assert r.status_code == 303
    assert r.headers["location"] == f"/manager/staff/{zhang}?done=roles&moved=3"

    row = await Staff.select().where(Staff.id == zhang).first()
    assert (row["is_consultant"], row["is_appraiser"], row["active"]) == (False, True, True)
    await _expect_pooled(open_leads, won, zhang, boss, "owner_not_consultant")
    (event,) = await _events("staff_roles_changed")
    assert (event["actor"], event["subject"]) == (boss, "zhang")
    assert event["detail"] == {
        "before": ["consultant"],
        "after": ["appraiser"],
        "leads": 3,
        "leads_to": None,
        "leads_to_name": "",
    }
    page = html(await client.get(r.headers["location"], headers=EN))
    assert "3 open leads moved." in page.select_one(".staff-person .notice").get_text()
    assert page.select_one("#staff-roles .staff-handover") is None  # nothing left to move
    audit = html(await client.get("/manager/audit", headers=EN))
    assert "3 open leads to the public pool" in audit.select_one("#audit-log").get_text()


async def test_taking_the_consultant_role_can_hand_the_leads_to_a_colleague(client):
    boss = await _boss(client)
    zhang, open_leads, _ = await _consultant_with_leads()
    li = await make_staff("li", {Role.CONSULTANT}, display_name="李娜")
    r = await _post(
        client,
        f"/manager/staff/{zhang}/roles",
        {"roles": ["manager"], "leads": "colleague", "colleague": str(li)},
    )
    assert r.status_code == 303
    owners = await Lead.select(Lead.owner).where(Lead.id.is_in(open_leads))
    assert {r["owner"] for r in owners} == {li}
    events = (
        await LeadEvent.select()
        .where(LeadEvent.kind == "assigned")
        .order_by(LeadEvent.lead)
        .output(load_json=True)
    )
    assert [e["lead"] for e in events] == sorted(open_leads)
    assert all(e["detail"]["from"] == zhang and e["detail"]["to"] == li for e in events)
    assert all(e["actor"] == boss for e in events)
    assert len(await _events("lead_assigned")) == 3  # each assignment audited, as deactivation
    (event,) = await _events("staff_roles_changed")
    assert event["detail"] == {
        "before": ["consultant"],
        "after": ["manager"],
        "leads": 3,
        "leads_to": li,
        "leads_to_name": "李娜",
    }


async def test_a_roles_change_without_a_good_destination_changes_nothing(client):
    await _boss(client)
    zhang, open_leads, _ = await _consultant_with_leads()
    chen = await make_staff("chen", {Role.APPRAISER})
    gone = await make_staff("gone", {Role.CONSULTANT}, active=False)
    for data in (
        {},
        {"leads": "somewhere"},
        {"leads": "colleague", "colleague": ""},
        {"leads": "colleague", "colleague": str(chen)},
        {"leads": "colleague", "colleague": str(gone)},
        {"leads": "colleague", "colleague": str(zhang)},
    ):
        r = await client.post(
            f"/manager/staff/{zhang}/roles",
            data={"roles": ["appraiser"], **data, "_csrf_token": await csrf_token(client)},
            headers=EN,
        )
        assert r.status_code == 422, data
        doc = html(r)
        error = doc.select_one("#staff-roles #f-roles-leads-error").get_text(strip=True)
        assert error in (
            "Choose where their open leads go.",
            "Choose an active sales consultant from the list.",
        ), data
        assert doc.select_one("#f-leads-error") is None  # not beside the deactivation form
        # what was sent is kept: the boxes as ticked, the destination as chosen
        assert not doc.select_one("#staff-roles input[value=consultant]").has_attr("checked")
        assert doc.select_one("#staff-roles input[value=appraiser]").has_attr("checked")
        if data.get("leads") == "colleague":
            assert doc.select_one("#staff-roles input[value=colleague]").has_attr("checked")
    # no roles at all: both problems at once
    r = await _post(client, f"/manager/staff/{zhang}/roles", {})
    assert r.status_code == 422
    assert html(r).select_one("#f-roles-error") is not None
    assert html(r).select_one("#f-roles-leads-error") is not None

    row = await Staff.select().where(Staff.id == zhang).first()
    assert (row["is_consultant"], row["is_appraiser"]) == (True, False)
    owners = await Lead.select(Lead.owner).where(Lead.id.is_in(open_leads))
    assert {r["owner"] for r in owners} == {zhang}
    assert await LeadEvent.count() == 0
    assert await _events("staff_roles_changed") == []


async def test_no_question_when_the_consultant_role_stays_or_there_are_no_open_leads(client):
    await _boss(client)
    zhang, open_leads, _ = await _consultant_with_leads()
    r = await _post(client, f"/manager/staff/{zhang}/roles", {"roles": ["consultant", "appraiser"]})
    assert r.status_code == 303
    assert r.headers["location"] == f"/manager/staff/{zhang}?done=roles&moved=0"
    owners = await Lead.select(Lead.owner).where(Lead.id.is_in(open_leads))
    assert {r["owner"] for r in owners} == {zhang}
    idle = await make_staff("idle", {Role.CONSULTANT})
    assert html(await client.get(f"/manager/staff/{idle}")).select_one(".staff-handover") is None
    assert (
        await _post(client, f"/manager/staff/{idle}/roles", {"roles": ["appraiser"]})
    ).status_code == 303
    (_, event) = await _events("staff_roles_changed")
    assert event["detail"] == {"before": ["consultant"], "after": ["appraiser"]}


async def test_leads_that_arrive_after_the_form_was_shown_are_not_left_behind(db):
    boss = await make_staff("boss", {Role.MANAGER})
    zhang = await make_staff("zhang", {Role.CONSULTANT})
    lead = await make_lead(zhang)  # given to them while the manager's form was open
    with pytest.raises(admin.Refused) as refused:
        await admin.change_roles(zhang, {Role.APPRAISER}, actor_id=boss)
    assert refused.value.problems == {"leads": "Choose where their open leads go."}
    assert (await Staff.select(Staff.is_consultant).where(Staff.id == zhang).first())[
        "is_consultant"
    ]
    assert await admin.change_roles(zhang, {Role.APPRAISER}, actor_id=boss, leads_to="pool") == 1
    assert (await Lead.select(Lead.owner).where(Lead.id == lead).first())["owner"] is None


async def test_reactivating_lets_them_sign_in_again(client):
    boss = await _boss(client)
    gone = await make_staff("gone", {Role.CONSULTANT}, active=False)
    r = await _post(client, f"/manager/staff/{gone}/reactivate", {})
    assert r.status_code == 303
    (event,) = await _events("staff_reactivated")
    assert (event["actor"], event["subject"], event["detail"]) == (
        boss,
        "gone",
        {"roles": ["consultant"]},
    )
    async with _Other() as phone:
        assert (await sign_in(phone, "gone")).status_code == 303
    r = await _post(client, f"/manager/staff/{gone}/reactivate", {})
    assert r.status_code == 409


async def test_a_password_reset_shows_a_new_one_time_password_once(client):
    boss = await _boss(client)
    chen = await make_staff("chen", {Role.APPRAISER})
    async with _Other() as phone:
        assert (await sign_in(phone, "chen")).status_code == 303
        r = await _post(client, f"/manager/staff/{chen}/password", {})
        assert r.status_code == 200
        assert r.headers["cache-control"] == "no-store"
        password = html(r).select_one("#one-time-password .ot-password").get_text(strip=True)
        assert (await phone.get("/me")).status_code != 200  # signed out
        assert (await sign_in(phone, "chen")).status_code == 422  # the old password is gone
        r = await sign_in(phone, "chen", password)
        assert r.headers["location"] == "/me#password-form"
    (event,) = await _events("password_reset")
    assert (event["actor"], event["subject"]) == (boss, "chen")
    assert event["detail"] == {"sessions_ended": 1}
    # one's own password is changed on the Me page, not reset here
    r = await _post(client, f"/manager/staff/{boss}/password", {})
    assert r.status_code == 409
    assert await StaffSession.count().where(StaffSession.staff == boss) == 1


async def test_the_manager_page_links_to_staff_and_the_whole_audit_trail(client):
    await _boss(client)
    doc = html(await client.get("/manager", headers=EN))
    assert doc.select_one("a[href='/manager/staff']") is not None
    assert doc.select_one("#audit-trail a[href='/manager/audit']") is not None


@pytest.mark.parametrize("roles", [{Role.CONSULTANT}, {Role.APPRAISER}])
async def test_others_may_not_administer_staff(client, roles):
    await make_staff("worker", roles)
    target = await make_staff("target", {Role.CONSULTANT})
    await sign_in(client, "worker")
    for url in ("/manager/staff", f"/manager/staff/{target}", "/manager/audit"):
        assert (await client.get(url)).status_code == 403, url
    for url, data in (
        ("/manager/staff", {"display_name": "x", "username": "xyz", "roles": ["manager"]}),
        (f"/manager/staff/{target}/roles", {"roles": ["manager"]}),
        (f"/manager/staff/{target}/deactivate", {"leads": "pool"}),
        (f"/manager/staff/{target}/reactivate", {}),
        (f"/manager/staff/{target}/password", {}),
    ):
        assert (await _post(client, url, data)).status_code == 403, url
    assert await Staff.count() == 2
    assert (await Staff.select(Staff.is_manager).where(Staff.id == target).first()) == {
        "is_manager": False
    }
