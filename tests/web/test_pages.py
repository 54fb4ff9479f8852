"""The shell over HTTP: page vs fragment, headers, errors, languages, PWA files."""

import json

from litestar import get
from litestar.testing import AsyncTestClient

from app import create_app
from db.staff.rules import Role
from tests.conftest import html, make_staff, sign_in
from web.guards import PUBLIC

EN = {"Accept-Language": "en-US,en;q=0.8"}
PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}


async def test_one_url_serves_the_page_and_its_fragment(signed_in):
    client = await signed_in({Role.APPRAISER})
    full = await client.get("/appraisals")
    fragment = await client.get("/appraisals", headers=PARTIAL)
    boosted = await client.get(
        "/appraisals",
        headers={"HX-Request": "true", "HX-Request-Type": "full", "HX-Boosted": "true"},
    )
    for response in (full, fragment, boosted):
        assert response.status_code == 200
        assert "HX-Request" in response.headers["vary"]
    assert html(full).select_one("nav.tabs") is not None
    assert html(boosted).select_one("nav.tabs") is not None
    doc = html(fragment)
    assert doc.select_one("nav.tabs") is None and doc.select_one("html") is None
    assert doc.select_one("#appraisal-list") is not None


async def test_security_headers_on_every_answer(client):
    for path in ("/login", "/stock", "/healthz", "/no-such-page"):
        response = await client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


async def test_pages_carry_no_inline_scripts(client):
    doc = html(await client.get("/login"))
    scripts = doc.select("script")
    assert scripts and all(s.get("src") and not s.get_text(strip=True) for s in scripts)
    assert not doc.select("[style]") and not doc.select("style")


async def test_healthz_reports_the_database(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_not_found_is_friendly_in_both_languages(client):
    zh = await client.get("/stock/999999/no-such-car")
    en = await client.get("/stock/999999/no-such-car", headers=EN)
    assert zh.status_code == en.status_code == 404
    assert html(zh).select_one("h1").get_text(strip=True) == "页面不存在"
    assert html(en).select_one("h1").get_text(strip=True) == "Page not found"
    assert html(zh).select_one("html")["lang"] == "zh-Hans"
    assert html(en).select_one("html")["lang"] == "en"


async def test_a_crash_shows_a_friendly_page_without_a_stack_trace(db):
    @get("/boom", opt=PUBLIC)
    async def boom() -> str:
        raise ValueError("secret internals: password=hunter2")

    app = create_app()
    app.register(boom)
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
        response = await client.get("/boom", headers=EN)
    assert response.status_code == 500
    text = html(response).get_text()
    assert "Something went wrong on our side" in text
    assert "Traceback" not in response.text and "hunter2" not in response.text


async def test_language_follows_the_user_then_the_browser(client):
    await make_staff("zhang.ting", {Role.CONSULTANT}, language="en")
    await make_staff("chen.jing", {Role.CONSULTANT}, language="")
    labels = {}
    for name in ("zhang.ting", "chen.jing"):
        client.cookies.clear()
        await sign_in(client, name)
        doc = html(await client.get("/today", headers={"Accept-Language": "zh-CN,zh;q=0.9"}))
        labels[name] = [t.get_text(strip=True) for t in doc.select("nav.tabs a span")]
    assert labels["zhang.ting"] == ["Stock", "Leads", "Me"]
    assert labels["chen.jing"] == ["库存", "线索", "我的"]


async def test_the_tab_bar_offers_what_the_roles_may_open(client):
    offered = {}
    for name, roles in [
        ("wang", {Role.MANAGER}),
        ("li", {Role.APPRAISER}),
        ("zhao", {Role.APPRAISER, Role.CONSULTANT}),
    ]:
        await make_staff(name, roles)
        client.cookies.clear()
        await sign_in(client, name)
        doc = html(await client.get("/me"))
        offered[name] = [a["href"] for a in doc.select("nav.tabs a")]
    assert offered == {
        "wang": ["/appraisals", "/inventory", "/leads", "/me"],
        "li": ["/appraisals", "/inventory", "/me"],
        "zhao": ["/appraisals", "/inventory", "/leads", "/me"],
    }


async def test_browser_language_for_visitors_defaults_to_chinese(client):
    assert html(await client.get("/stock", headers=EN)).select_one("h1").get_text() == (
        "Certified used cars"
    )
    for accept in ("zh-CN,zh;q=0.9", "fr-FR", ""):
        doc = html(await client.get("/stock", headers={"Accept-Language": accept}))
        assert doc.select_one("h1").get_text() == "认证二手车"


async def test_a_visitor_can_choose_the_language(client):
    page = await client.get("/stock")
    form = html(page).select_one("form.lang-switch")
    assert form["action"] == "/language" and form.select_one("[name=_csrf_token]") is None
    response = await client.post(
        "/language", data={"next": form.select_one("[name=next]")["value"], "language": "en"}
    )
    assert response.status_code == 303 and response.headers["location"] == "/stock"
    assert html(await client.get("/stock")).select_one("h1").get_text() == "Certified used cars"


async def test_robots_and_sitemap(client):
    robots = (await client.get("/robots.txt")).text
    assert (
        "Disallow: /manager" in robots and "Sitemap: http://testserver.local/sitemap.xml" in robots
    )
    sitemap = await client.get("/sitemap.xml")
    assert sitemap.headers["content-type"].startswith("application/xml")
    assert "<loc>http://testserver.local/stock</loc>" in sitemap.text


async def test_manifest_is_installable(client):
    response = await client.get("/manifest.webmanifest")
    manifest = json.loads(response.text)
    assert response.headers["content-type"].startswith("application/manifest+json")
    assert manifest["display"] == "standalone" and manifest["start_url"]
    purposes = {i.get("purpose", "any") for i in manifest["icons"]}
    sizes = {i["sizes"] for i in manifest["icons"]}
    assert "maskable" in purposes and {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        image = await client.get(icon["src"])
        assert image.status_code == 200 and image.headers["content-type"] == "image/png"
        assert "immutable" in image.headers["cache-control"]


async def test_service_worker_precaches_the_shell_and_offline_page(client):
    response = await client.get("/sw.js")
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    body = response.text
    assert "__VERSION__" not in body and '"/offline"' in body
    assert "/static/vendor/htmx.min.js?v=" in body
    offline = await client.get("/offline")
    assert offline.status_code == 200 and html(offline).select_one("h1").get_text() == "没有网络"


async def test_root_sends_staff_home_and_visitors_to_stock(client):
    assert (await client.get("/")).headers["location"] == "/stock"
    await make_staff("wang.jianguo", {Role.MANAGER})
    await sign_in(client, "wang.jianguo")
    assert (await client.get("/")).headers["location"] == "/manager"
