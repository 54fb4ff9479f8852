"""Offline and updates: the pages a user opened open again with no signal (their saved copies),
any other page gets the offline page listing those, signing out forgets them, and a new
version of the app waits until the user taps Reload on its banner."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from db.settings import settings
from tests.e2e.appraisal_pages import AppraisalList, Thumb
from tests.e2e.pages import (
    LoginPage,
    LogoutPage,
    StaffPage,
    document_kept,
    mark_document,
    path_is,
    sign_in_as,
    tr,
    wait_until,
)
from web.pwa.routes import TEST_BUILD_FILE

pytestmark = pytest.mark.browser

SAVED_PAGES = """() => caches.keys().then(async (names) => {
    const name = names.find((n) => n.startsWith("pages-"));
    if (!name) return [];
    const cache = await caches.open(name);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
})"""
SHELL_VERSION = """() => caches.keys()
    .then((names) => names.filter((n) => n.startsWith("shell-")))"""
WAITING = "() => navigator.serviceWorker.getRegistration().then((r) => Boolean(r && r.waiting))"


def new_url_path(page: Page) -> str:
    return urlsplit(page.url).path


def wait_for_worker(page: Page) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def wait_saved(page: Page, *paths: str) -> None:
    wait_until(
        page,
        f"() => ({SAVED_PAGES})().then((saved) => {list(paths)!r}.every((p) => saved.includes(p)))",
    )


def test_opened_pages_open_offline_others_get_the_offline_page(installed_phone, guard, shot):
    context, page = installed_phone
    LoginPage(page).open()
    wait_for_worker(page)
    sign_in_as(page, "manager")
    staff = StaffPage(page)
    # the first screen came as the sign-in form's answer, which the worker never sees as a
    # page: it is kept all the same (outbox.js fetches it again for the worker)
    wait_saved(page, new_url_path(page))

    # Online: a new appraisal (a draft, as on the lot), the appraisals list, the Today screen.
    page.goto("/appraisals")
    AppraisalList(page).start(Thumb(page))
    appraisal = new_url_path(page)
    page.goto(appraisal)  # the start was a POST and its redirect: now a plain visit
    appraisal_title = staff.title.inner_text()
    page.goto("/appraisals")
    expect(page.locator(f"main a[href='{appraisal}']")).to_be_visible()
    page.goto("/today")
    today_title = staff.title.inner_text()
    wait_saved(page, "/today", "/appraisals", appraisal)

    context.set_offline(True)
    guard.allow(r"ERR_INTERNET_DISCONNECTED")
    try:
        # A full load of a saved page: its saved copy, as it was.
        response = page.goto("/today")
        assert response is not None and response.from_service_worker
        expect(staff.title).to_have_text(today_title)
        expect(staff.tabs.nav).to_be_visible()
        shot(page, "today-offline")

        # A tab tap (a boosted htmx navigation) to a saved page: the same.
        staff.tabs.tab("/appraisals").tap()
        expect(page).to_have_url(path_is("/appraisals"))
        expect(page.locator(f"main a[href='{appraisal}']").first).to_be_visible()

        page.goto(appraisal)
        expect(staff.title).to_have_text(appraisal_title)

        # A page never opened: the offline page, saying so, and listing what can be opened.
        page.goto("/inventory")
        expect(page).to_have_url(path_is("/inventory"))
        expect(page.locator("h1")).to_have_text(tr("No connection"))
        saved = page.locator("#offline-saved")
        expect(saved.get_by_role("heading", name=tr("Saved on this phone"))).to_be_visible()
        expect(saved.locator("a[href='/today']")).to_have_text(today_title)
        expect(saved.locator(f"a[href='{appraisal}']")).to_have_text(appraisal_title)
        shot(page, "offline-page-lists-saved-pages")

        # Its links open the saved copies.
        saved.locator("a[href='/today']").tap()
        expect(page).to_have_url(path_is("/today"))
        expect(staff.title).to_have_text(today_title)
    finally:
        context.set_offline(False)

    # Signing out forgets the saved pages: the next person on this phone sees none of them.
    page.goto("/logout")
    LogoutPage(page).confirm.tap()
    expect(page).to_have_url(path_is("/login?signed_out=1"))
    wait_until(page, f"() => ({SAVED_PAGES})().then((saved) => saved.length === 0)")
    context.set_offline(True)
    try:
        page.goto("/today")
        expect(page.locator("h1")).to_have_text(tr("No connection"))
        expect(page.locator("#offline-saved")).to_be_hidden()
    finally:
        context.set_offline(False)


def test_a_new_version_takes_over_only_when_the_user_taps_reload(installed_phone, guard, shot):
    context, page = installed_phone
    build = settings().var_dir / TEST_BUILD_FILE
    LoginPage(page).open()
    wait_for_worker(page)
    sign_in_as(page, "manager")
    banner = page.locator("#update-banner")
    expect(banner).to_be_hidden()  # the first install is no update
    old_shell = page.evaluate(SHELL_VERSION)
    assert len(old_shell) == 1
    landing = new_url_path(page)
    wait_saved(page, landing)

    try:
        # A new deployment: /sw.js now answers with different bytes (see _test_build).
        build.parent.mkdir(parents=True, exist_ok=True)
        build.write_text("next")
        mark_document(page)
        page.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
        wait_until(page, WAITING)

        # It installed and waits: this page keeps its worker, and the user is told.
        expect(banner).to_be_visible()
        expect(banner).to_contain_text(tr("A new version is ready."))
        assert document_kept(page)
        shot(page, "update-banner")

        # Moving on (a boosted navigation swaps the body) keeps the offer, still the old worker.
        StaffPage(page).tabs.tab("/appraisals").tap()
        expect(page).to_have_url(path_is("/appraisals"))
        expect(banner).to_be_visible()
        assert page.evaluate(WAITING)
        mark_document(page)

        # Reload: the new worker takes over and the page loads afresh, once, under it.
        banner.get_by_role("button", name=tr("Reload")).tap()
        page.wait_for_function("() => window.__lotsideMarker === undefined")
        expect(page).to_have_url(path_is("/appraisals"))
        expect(banner).to_be_hidden()
        wait_until(
            page,
            "() => navigator.serviceWorker.getRegistration()"
            ".then((r) => !r.waiting && r.active.state === 'activated')",
        )
        new_shell = page.evaluate(SHELL_VERSION)
        assert len(new_shell) == 1 and new_shell != old_shell, (old_shell, new_shell)
        assert page.evaluate("() => navigator.serviceWorker.controller !== null")
        # the pages the old version had saved are saved again by the new one, not lost
        wait_saved(page, landing, "/appraisals")
        pages = page.evaluate(
            "() => caches.keys().then((n) => n.filter((k) => k.startsWith('pages-')))"
        )
        assert pages == ["pages-" + new_shell[0].removeprefix("shell-")]
    finally:
        build.unlink(missing_ok=True)
