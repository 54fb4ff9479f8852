"""The manager's blacklist: added with a valid number and a reason, lifted (never
deleted) so capture stops warning, put back; every change audited."""

from db.audit.tables import AuditEvent
from db.leads.leads import blacklist_reason
from db.leads.rules import blacklist_problems
from db.leads.tables import Blacklist
from db.staff.rules import Role
from tests.conftest import csrf_token, html, make_staff, sign_in

EN = {"Accept-Language": "en"}


async def _kinds() -> list[str]:
    rows = await AuditEvent.select(AuditEvent.kind).order_by(AuditEvent.id)
    return [r["kind"] for r in rows if r["kind"].startswith("blacklist")]


def test_the_rules_want_a_valid_number_and_a_reason():
    assert blacklist_problems(phone="138 1234 5678", foreign=False, reason="诈骗") == {}
    assert set(blacklist_problems(phone="12345", foreign=False, reason="")) == {"phone", "reason"}
    assert blacklist_problems(phone="+852 9123 4567", foreign=True, reason="x") == {}
    assert "phone" in blacklist_problems(phone="abc", foreign=True, reason="x")


async def test_a_consultant_may_not_open_or_change_it(client):
    await make_staff("zhang.wei", {Role.CONSULTANT})
    await sign_in(client, "zhang.wei")
    assert (await client.get("/manager/blacklist")).status_code == 403
    token = await csrf_token(client)
    r = await client.post(
        "/manager/blacklist",
        data={"phone": "13812345678", "reason": "x", "_csrf_token": token},
    )
    assert r.status_code == 403
    assert await Blacklist.count() == 0


async def test_bad_input_is_refused_with_the_values_kept(client):
    await make_staff("boss", {Role.MANAGER}, language="en")
    await sign_in(client, "boss")
    token = await csrf_token(client)
    r = await client.post(
        "/manager/blacklist",
        data={"phone": "1381234", "reason": " ", "_csrf_token": token},
        headers=EN,
    )
    assert r.status_code == 422
    doc = html(r)
    assert (
        doc.select_one("#f-phone-error")
        .get_text(strip=True)
        .startswith("That is not a mainland mobile number")
    )
    assert doc.select_one("#f-reason-error").get_text(strip=True) == (
        "Please say why this number is on the blacklist."
    )
    assert doc.select_one("#f-phone")["value"] == "1381234"
    assert await Blacklist.count() == 0


async def test_add_lift_and_put_back(client):
    boss = await make_staff("boss", {Role.MANAGER}, display_name="王经理", language="en")
    await sign_in(client, "boss")
    token = await csrf_token(client)
    r = await client.post(
        "/manager/blacklist",
        data={"phone": "+86 138-1234-5678", "reason": "冒充客户套取底价", "_csrf_token": token},
    )
    assert r.status_code == 303
    assert await blacklist_reason("13812345678") == "冒充客户套取底价"
    again = await client.post(
        "/manager/blacklist",
        data={"phone": "13812345678", "reason": "again", "_csrf_token": token},
        headers=EN,
    )
    assert again.status_code == 422
    assert "on the blacklist already" in html(again).select_one("#f-phone-error").get_text()
    entry = await Blacklist.select().first()
    assert (entry["phone"], entry["created_by"]) == ("13812345678", boss)

    r = await client.post(f"/manager/blacklist/{entry['id']}/lift", data={"_csrf_token": token})
    assert r.status_code == 303
    assert await blacklist_reason("13812345678") is None  # capture no longer warns
    lifted = await Blacklist.select().first()
    assert lifted["lifted_at"] is not None and lifted["lifted_by"] == boss
    page = html(await client.get("/manager/blacklist", headers=EN))
    row = page.select_one(f"#entry-{entry['id']}")
    assert "is-lifted" in row["class"] and "Lifted by 王经理" in row.get_text()
    assert row.select_one("form") is None
    twice = await client.post(
        f"/manager/blacklist/{entry['id']}/lift", data={"_csrf_token": token}, headers=EN
    )
    assert twice.status_code == 409

    r = await client.post(
        "/manager/blacklist",
        data={"phone": "13812345678", "reason": "又来了", "_csrf_token": token},
    )
    assert r.status_code == 303
    assert await Blacklist.count() == 1  # the same entry, active again
    assert await blacklist_reason("13812345678") == "又来了"
    assert await _kinds() == ["blacklist_added", "blacklist_lifted", "blacklist_readded"]


async def test_a_foreign_number_is_kept_as_marked_and_warned_on_capture(client):
    await make_staff("boss", {Role.MANAGER})
    await sign_in(client, "boss")
    token = await csrf_token(client)
    r = await client.post(
        "/manager/blacklist",
        data={"phone": "+852  9123 4567", "foreign": "1", "reason": "骗贷", "_csrf_token": token},
    )
    assert r.status_code == 303
    assert (await Blacklist.select(Blacklist.phone).first())["phone"] == "+852 9123 4567"
    check = await client.get("/leads/new/check", params={"phone": "+852 9123 4567", "foreign": "1"})
    assert "骗贷" in check.text
    dashboard = html(await client.get("/manager"))
    assert dashboard.select_one("a[href='/manager/blacklist']") is not None
