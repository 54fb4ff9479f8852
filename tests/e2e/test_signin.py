"""Signing in and out on a phone, and moving around with the bottom tab bar."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import (
    ALLOWED_TABS,
    HOME,
    HOME_TAB,
    MIN_TAP_PX,
    PHONE_HEIGHT,
    TABS,
    LoginPage,
    LogoutPage,
    MePage,
    StaffPage,
    document_kept,
    expect_same_as_a_fresh_load,
    mark_document,
    path_is,
    sign_in_as,
    tr,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("username", ["manager", "appraiser", "consultant"])
def test_each_role_signs_in_and_taps_through_the_tab_bar(new_page, guard, shot, username):
    page = new_page()
    login = LoginPage(page).open()
    shot(page, "1-login")
    mark_document(page)
    login.sign_in(username)

    expect(page).to_have_url(path_is(HOME[username]))
    staff = StaffPage(page)
    tabs = staff.tabs
    expect(tabs.nav).to_be_visible()
    offered = [href for href, _ in TABS if href in ALLOWED_TABS[username]]
    expect(tabs.links).to_have_count(len(offered))
    assert tabs.hrefs() == offered, "the tab bar offers only what the role may open"
    tabs.expect_labels("zh", ALLOWED_TABS[username])
    for link in tabs.links.all():
        box = link.bounding_box()
        assert box and box["height"] >= MIN_TAP_PX, f"{link.get_attribute('href')}: {box}"
    bar = tabs.nav.bounding_box()
    assert bar and abs(bar["y"] + bar["height"] - PHONE_HEIGHT) < 1, (
        f"tab bar not at the bottom: {bar}"
    )
    expect(tabs.current).to_have_count(1)
    expect(tabs.current).to_have_attribute("href", HOME_TAB[HOME[username]])
    assert document_kept(page), "signing in reloaded the whole page instead of an htmx swap"
    # The swap from the sign-in screen must bring the staff layout's body along, not only
    # its children (class, language, title).
    expect_same_as_a_fresh_load(page, guard.watch)
    shot(page, "2-home")

    for href, msgid in TABS:
        if href not in offered:
            continue
        with page.expect_response(lambda r, href=href: r.url.endswith(href)) as answer:
            tabs.tab(href).tap()
        assert answer.value.request.headers.get("hx-request") == "true"
        expect(page).to_have_url(path_is(href))
        assert answer.value.status == 200
        expect(tabs.current).to_have_count(1)
        expect(tabs.current).to_have_attribute("href", href)
        expect(staff.title).to_have_text(
            tr({"/appraisals": "Appraisals", "/leads": "Leads"}.get(href, msgid))
        )
        expect(tabs.links).to_have_count(len(offered))
        assert document_kept(page), f"tapping {href} reloaded the page instead of an htmx swap"
        shot(page, f"3-tab-{msgid.lower()}")


def test_appraiser_opening_the_manager_page_gets_403(new_page, guard, shot):
    guard.allow(r"status of 403")
    page = new_page()
    staff = sign_in_as(page, "appraiser")
    response = page.goto("/manager")
    assert response is not None and response.status == 403
    expect(staff.error_title).to_have_text(tr("Not for your role"))
    expect(staff.page.get_by_role("alert")).to_contain_text(
        tr("Your account's role does not include this page. Ask your manager if you need it.")
    )
    expect(staff.tabs.links).to_have_count(len(ALLOWED_TABS["appraiser"]))
    shot(page, "403")


def test_wrong_password_shows_an_error_and_empties_the_password(new_page, guard, shot):
    guard.allow(r"status of 422")
    page = new_page()
    login = LoginPage(page).open()
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        login.sign_in("appraiser", "not-the-right-password")
    assert answer.value.status == 422
    expect(login.alert).to_have_text(tr("Wrong username or password."))
    expect(login.password).to_have_value("")
    expect(login.username).to_have_value("appraiser")
    expect(page).to_have_url(path_is("/login"))
    expect(page.locator("nav.tabs")).to_have_count(0)
    shot(page, "wrong-password")


def test_deactivated_account_is_told_so(new_page, guard, shot):
    guard.allow(r"status of 403")
    page = new_page()
    login = LoginPage(page).open()
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        login.sign_in("liuyang")
    assert answer.value.status == 403
    expect(login.alert).to_have_text(tr("This account has been deactivated. Ask your manager."))
    expect(login.password).to_have_value("")
    expect(page).to_have_url(path_is("/login"))
    shot(page, "deactivated")


def test_sign_out_from_me_then_me_needs_signing_in_again(new_page, shot):
    page = new_page()
    staff = sign_in_as(page, "consultant")
    staff.tabs.tab("/me").tap()
    me = MePage(page)
    expect(me.profile).to_contain_text("张婷")
    me.sign_out.tap()
    expect(page).to_have_url(path_is("/logout"))
    logout = LogoutPage(page)
    expect(logout.page.get_by_text(tr("Sign out of Lotside on this phone?"))).to_be_visible()
    shot(page, "confirm")
    logout.confirm.click()

    expect(page).to_have_url(path_is("/login?signed_out=1"))
    login = LoginPage(page)
    expect(login.notice).to_have_text(tr("You have signed out."))
    expect(page.locator("nav.tabs")).to_have_count(0)
    shot(page, "signed-out")

    page.goto("/me")
    expect(page).to_have_url(path_is("/login?next=/me"))
    expect(login.form).to_be_visible()


def test_signing_in_returns_to_the_page_asked_for(new_page, shot):
    page = new_page()
    page.goto("/inventory")
    expect(page).to_have_url(path_is("/login?next=/inventory"))
    shot(page, "login-with-next")
    LoginPage(page).sign_in("appraiser")
    expect(page).to_have_url(path_is("/inventory"))
    staff = StaffPage(page)
    expect(staff.tabs.current).to_have_attribute("href", "/inventory")
    expect(staff.title).to_have_text(tr("Stock"))


def test_back_button_restores_the_previous_tab_without_a_reload(new_page, shot):
    page = new_page()
    staff = sign_in_as(page, "consultant")
    mark_document(page)
    staff.tabs.tab("/inventory").tap()
    expect(staff.tabs.current).to_have_attribute("href", "/inventory")
    staff.tabs.tab("/me").tap()
    expect(staff.tabs.current).to_have_attribute("href", "/me")

    page.go_back()
    expect(page).to_have_url(path_is("/inventory"))
    expect(staff.tabs.current).to_have_attribute("href", "/inventory")
    expect(staff.title).to_have_text(tr("Stock"))
    page.go_back()
    expect(page).to_have_url(path_is("/today"))
    expect(staff.tabs.current).to_have_attribute("href", "/leads")
    expect(staff.title).to_have_text(tr("Today"))
    assert document_kept(page), "going back reloaded the page instead of restoring by htmx"
    shot(page, "back-to-today")
