"""The Me tab: an htmx partial POST with its CSRF header, and choosing a language."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import (
    ALLOWED_TABS,
    LoginPage,
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


def open_me(page, username: str) -> MePage:
    staff = sign_in_as(page, username)
    staff.tabs.tab("/me").tap()
    expect(page).to_have_url(path_is("/me"))
    me = MePage(page)
    expect(me.password_form).to_be_visible()
    return me


def test_password_form_posts_with_csrf_header_and_swaps_only_itself(new_page, guard, shot):
    guard.allow(r"status of 422")
    page = new_page()
    me = open_me(page, "appraiser")
    mark_document(page)
    # Tag the parts that must survive: a partial swap leaves them as the very same nodes.
    page.evaluate(
        "document.querySelector('nav.tabs').__kept = 1;"
        "document.querySelector('.profile').__kept = 1"
    )
    me.fill_password_change("not-my-password", "a-brand-new-passphrase", "a-brand-new-passphrase")

    with (
        page.expect_request(
            lambda r: r.method == "POST" and r.url.endswith("/me/password")
        ) as sent,
        page.expect_response(lambda r: r.url.endswith("/me/password")) as answer,
    ):
        me.submit_password_change()

    headers = sent.value.headers
    assert headers.get("x-csrftoken"), f"htmx POST without a CSRF header: {headers}"
    assert headers.get("hx-request") == "true"
    assert headers.get("hx-request-type") == "partial"
    assert answer.value.status == 422

    current = me.password_field("Current password")
    error = me.password_form.locator("#f-current-error")
    expect(error).to_have_text(tr("That is not your current password."))
    expect(current).to_have_attribute("aria-invalid", "true")
    expect(current).to_have_attribute("aria-describedby", "f-current-error")
    # Beside its field: in the same field group, right under the input.
    assert page.evaluate(
        "document.getElementById('f-current').nextElementSibling?.id === 'f-current-error'"
    )
    expect(current).to_have_value("")
    expect(me.password_form.locator(".field-error")).to_have_count(1)

    expect(page).to_have_url(path_is("/me"))
    assert document_kept(page)
    assert page.evaluate("document.querySelector('nav.tabs').__kept === 1"), "tab bar re-rendered"
    assert page.evaluate("document.querySelector('.profile').__kept === 1"), "profile re-rendered"
    expect(me.tabs.links).to_have_count(len(ALLOWED_TABS["appraiser"]))
    expect(me.tabs.current).to_have_attribute("href", "/me")
    expect(page.locator("#password-form")).to_have_count(1)
    shot(page, "password-error")


def test_staff_member_switches_to_english_and_back(new_page, guard, shot):
    page = new_page()
    me = open_me(page, "chenjing")  # a demo consultant no other test signs in as
    me.tabs.expect_labels("zh", ALLOWED_TABS["chenjing"])

    me.choose_language("English")
    me.save_language()
    expect(me.language_saved).to_have_text(tr("Language saved.", "en"))
    me.tabs.expect_labels("en", ALLOWED_TABS["chenjing"])
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#language-form input[value=en]")).to_be_checked()
    shot(page, "english")

    # The choice is the account's, not this page's: the next screen is English too.
    me.tabs.tab("/leads").tap()
    expect(page).to_have_url(path_is("/leads"))
    expect(StaffPage(page).title).to_have_text(tr("Leads", "en"))
    me.tabs.expect_labels("en", ALLOWED_TABS["chenjing"])
    expect_same_as_a_fresh_load(page, guard.watch)
    shot(page, "english-leads")

    me.tabs.tab("/me").tap()
    expect(page).to_have_url(path_is("/me"))
    me.choose_language("简体中文")
    me.save_language()
    expect(me.language_saved).to_have_text(tr("Language saved.", "zh"))
    me.tabs.expect_labels("zh", ALLOWED_TABS["chenjing"])
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    shot(page, "chinese-again")


def test_reloading_after_saving_the_language_keeps_the_me_page(new_page, guard):
    page = new_page()
    me = open_me(page, "zhaolei")
    me.choose_language(tr("Follow this phone"))
    me.save_language()
    expect(me.language_saved).to_be_visible()
    expect(page).to_have_url(path_is("/me?saved=language"))
    response = page.reload()
    assert response is not None and response.status == 200


@pytest.mark.parametrize(
    ("locale", "lang", "language"), [("en-US", "en", "en"), ("zh-CN", "zh-Hans", "zh")]
)
def test_visitor_gets_the_browser_language_on_the_login_page(
    new_page, shot, locale, lang, language
):
    page = new_page(locale=locale)
    login = LoginPage(page, language).open()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(login.heading).to_have_text(tr("Staff sign in", language))
    expect(login.submit).to_be_visible()
    shot(page, "login")
