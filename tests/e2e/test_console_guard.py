"""The guard that fails every browser test on a console error or CSP violation (see the
`guard` fixture) really catches them; and the public pages pass it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import LoginPage, path_is, tr

pytestmark = pytest.mark.browser


def test_guard_catches_an_inline_script_blocked_by_the_csp(new_page, guard):
    page = new_page()
    LoginPage(page).open()
    assert guard.unexpected() == []
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            "const s = document.createElement('script');"
            "s.textContent = 'window.__inlineRan = true';"
            "document.body.append(s)"
        )
    assert page.evaluate("window.__inlineRan") is None, "the CSP let an inline script run"
    assert guard.csp_violations(), "a CSP violation went unnoticed"
    assert guard.unexpected() == guard.csp_violations()
    guard.allow(r"Content Security Policy")  # caused on purpose; nothing else may appear


def test_public_pages_show_without_console_errors(new_page, guard, shot):
    page = new_page()
    page.goto("/")
    expect(page).to_have_url(path_is("/stock"))
    expect(page.locator("main h1")).to_have_text(tr("Certified used cars"))
    shot(page, "public-stock")

    page.get_by_role("button", name="English").click()
    expect(page.locator("main h1")).to_have_text(tr("Certified used cars", "en"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot(page, "public-stock-english")

    guard.allow(r"status of 404")
    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404
    expect(page.locator(".error-card h1")).to_have_text(tr("Page not found", "en"))
    shot(page, "not-found-english")

    response = page.goto("/offline")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text(tr("No connection", "en"))
    shot(page, "offline-page-english")
