"""Installable app: the service worker takes control, the offline page stands in when the
network is gone, and Chrome finds nothing that stops installation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import LoginPage, StaffPage, path_is, sign_in_as, tr

pytestmark = pytest.mark.browser


def test_installable_and_offline_page_when_the_network_is_gone(installed_phone, guard, shot):
    context, page = installed_phone
    LoginPage(page).open()

    script = page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)")
    assert script.endswith("/sw.js")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")

    cdp = context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    print("installability errors:", errors)
    assert errors == [], f"Chrome would not offer to install the app: {errors}"
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]

    sign_in_as(page, "appraiser")
    context.set_offline(True)
    guard.allow(r"ERR_INTERNET_DISCONNECTED")
    try:
        # A tab tap is an htmx request: the worker answers it with the saved offline page.
        StaffPage(page).tabs.tab("/inventory").tap()
        expect(page.locator("h1")).to_have_text(tr("No connection"))
        expect(page.get_by_role("link", name=tr("Try again"))).to_be_visible()
        shot(page, "offline-after-tab-tap")

        # A full navigation to a page never saved on the phone gets the same page.
        response = page.goto("/me")
        assert response is not None and response.status == 200
        assert response.from_service_worker
        expect(page).to_have_url(path_is("/me"))
        expect(page.locator("h1")).to_have_text(tr("No connection"))
        expect(page).to_have_title(f"{tr('No connection')} · {tr('Lotside')}")
        shot(page, "offline-full-navigation")
    finally:
        context.set_offline(False)

    # "Try again" asks for the same address again, now that the network is back.
    page.get_by_role("link", name=tr("Try again")).tap()
    expect(page).to_have_url(path_is("/me"))
    expect(StaffPage(page).tabs.current).to_have_attribute("href", "/me")
