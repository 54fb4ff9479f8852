"""The Me tab: language and password."""

from litestar.testing import AsyncTestClient

from app import create_app
from db.staff.rules import Role
from db.staff.tables import Staff, StaffSession
from tests.conftest import PASSWORD, csrf_token, html, sign_in

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}


async def test_saving_a_language_switches_the_whole_page(signed_in):
    client = await signed_in({Role.CONSULTANT})
    token = await csrf_token(client)
    response = await client.post("/me/language", data={"_csrf_token": token, "language": "en"})
    assert response.status_code == 303
    assert response.headers["location"] == "/me?saved=language"
    doc = html(await client.get(response.headers["location"]))
    assert doc.select_one("[role=status]").get_text(strip=True) == "Language saved."
    assert doc.select_one("html")["lang"] == "en"
    assert (await Staff.select(Staff.language).first())["language"] == "en"


async def test_an_unknown_language_is_refused_and_nothing_changes(signed_in):
    client = await signed_in({Role.CONSULTANT}, language="zh")
    token = await csrf_token(client)
    response = await client.post(
        "/me/language", data={"_csrf_token": token, "language": "fr"}, headers=PARTIAL
    )
    assert response.status_code == 422
    assert html(response).select_one("[role=alert]").get_text(strip=True) == "请从列表中选择语言。"
    assert (await Staff.select(Staff.language).first())["language"] == "zh"


async def test_changing_the_password_signs_out_other_phones(signed_in):
    client = await signed_in({Role.APPRAISER}, username="li.ming")
    async with AsyncTestClient(app=create_app(), base_url="http://testserver.local") as phone2:
        await sign_in(phone2, "li.ming")
        assert await StaffSession.count() == 2
        token = await csrf_token(client)
        new = "a-much-longer-secret-2026"
        response = await client.post(
            "/me/password",
            data={"_csrf_token": token, "current": PASSWORD, "new": new, "confirm": new},
            headers=PARTIAL,
        )
        assert response.status_code == 200
        doc = html(response)
        assert doc.select_one("html") is None  # only the password card came back
        assert "密码已修改" in doc.select_one("[role=status]").get_text()
        assert await StaffSession.count() == 1
        phone2.follow_redirects = False
        assert (await phone2.get("/appraisals")).status_code == 303
    assert (await client.get("/appraisals")).status_code == 200


async def test_password_mistakes_are_shown_beside_each_field(signed_in):
    client = await signed_in({Role.APPRAISER}, username="li.ming")
    token = await csrf_token(client)
    cases = [
        (
            {"current": "", "new": "short", "confirm": "short"},
            {"current": "请输入当前密码。", "new": "至少 10 个字符。"},
        ),
        (
            {"current": PASSWORD, "new": "long-enough-1", "confirm": "long-enough-2"},
            {"confirm": "两次输入的新密码不一致。"},
        ),
        (
            {"current": "not-my-password", "new": "long-enough-1", "confirm": "long-enough-1"},
            {"current": "当前密码不对。"},
        ),
    ]
    for form, expected in cases:
        response = await client.post(
            "/me/password", data={"_csrf_token": token, **form}, headers=PARTIAL
        )
        assert response.status_code == 422
        doc = html(response)
        shown = {
            e["id"].removeprefix("f-").removesuffix("-error"): e.get_text(strip=True)
            for e in doc.select(".field-error")
        }
        assert shown == expected
    # the old password still works: nothing was changed by the failed attempts
    client.cookies.clear()
    assert (await sign_in(client, "li.ming")).status_code == 303
