"""Every screen works with JavaScript off: real links and forms, full page loads."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import (
    TABS,
    LoginPage,
    LogoutPage,
    MePage,
    StaffPage,
    document_kept,
    mark_document,
    path_is,
    tr,
)

pytestmark = pytest.mark.browser


def test_sign_in_tabs_and_sign_out_without_javascript(new_page, shot):
    page = new_page(java_script_enabled=False)
    login = LoginPage(page).open()
    assert page.evaluate("typeof window.htmx") == "undefined", "JavaScript still ran"
    login.username.fill("manager")
    login.password.fill("lotside-demo")
    with page.expect_navigation() as loaded:
        login.submit.click()
    assert loaded.value is not None and loaded.value.status == 200
    expect(page).to_have_url(path_is("/manager"))
    staff = StaffPage(page)
    expect(staff.tabs.links).to_have_count(4)
    shot(page, "manager-home")

    for href, msgid in TABS:
        mark_document(page)
        with page.expect_navigation() as loaded:
            staff.tabs.tab(href).tap()
        response = loaded.value
        assert response is not None and response.status == 200
        assert response.request.headers.get("hx-request") is None
        expect(page).to_have_url(path_is(href))
        expect(staff.tabs.current).to_have_attribute("href", href)
        assert not document_kept(page), f"{href} was not a full page load"
        shot(page, f"tab-{msgid.lower()}")

    with page.expect_navigation():
        MePage(page).sign_out.tap()
    expect(page).to_have_url(path_is("/logout"))
    with page.expect_navigation():
        LogoutPage(page).confirm.click()
    expect(page).to_have_url(path_is("/login?signed_out=1"))
    expect(login.notice).to_have_text(tr("You have signed out."))
    shot(page, "signed-out")
