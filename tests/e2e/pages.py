"""Page objects: the screens as a phone user meets them, located by what they show.

Visible text is never hard-coded: `tr(msgid)` reads the same compiled catalog the server
uses, so the assertions hold whether a string is translated yet or not.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from playwright.sync_api import Locator, Page, expect

from db.demo import DEMO_PASSWORD
from web.i18n import SUPPORTED, translations

# The bottom tab bar, in order: (href, msgid of its label).
TABS = [("/appraisals", "Appraise"), ("/inventory", "Stock"), ("/leads", "Leads"), ("/me", "Me")]

# Which tabs each demo role may open (the guards in web/*/routes.py) and so is offered.
ALLOWED_TABS = {
    "manager": {"/appraisals", "/inventory", "/leads", "/me"},
    "appraiser": {"/appraisals", "/inventory", "/me"},
    "consultant": {"/inventory", "/leads", "/me"},
    "chenjing": {"/inventory", "/leads", "/me"},
}
# Where each demo account lands after signing in (db.staff.rules.home_path).
HOME = {
    "manager": "/manager",
    "consultant": "/today",
    "appraiser": "/appraisals",
    "chenjing": "/today",
    "zhaolei": "/today",
}
# The tab each home page marks as current.
HOME_TAB = {"/manager": "/me", "/today": "/leads", "/appraisals": "/appraisals"}
MIN_TAP_PX = 44
PHONE_WIDTH, PHONE_HEIGHT = 390, 844

# Debian's Chromium, never a downloaded browser; the background-networking flags matter on
# this closed network (shared by the browser tests and bench/appraisal_browser.py).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {
    "viewport": {"width": PHONE_WIDTH, "height": PHONE_HEIGHT},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}
T = TypeVar("T")


def tr(msgid: str, language: str = "zh") -> str:
    """The text the app shows for `msgid` in `language` ('zh' or 'en')."""
    return translations(SUPPORTED[language]).gettext(msgid)


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Runs `coroutine` (e.g. a Piccolo query's `.run()`) to its end on an event loop of its
    own, in a worker thread: Playwright's sync API already runs a loop on this thread, so
    `asyncio.run` cannot be called here."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


def path_is(path: str) -> re.Pattern[str]:
    """Matches a page URL whose path (and query, if given) is exactly `path`."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + "$")


def mark_document(page: Page) -> None:
    """Tags the current document; a full page load forgets the tag, an htmx swap keeps it."""
    page.evaluate("window.__lotsideMarker = 1")


def document_kept(page: Page) -> bool:
    return page.evaluate("window.__lotsideMarker === 1")


class LoginPage:
    def __init__(self, page: Page, language: str = "zh") -> None:
        self.page = page
        self.language = language
        self.form = page.locator("#login-form")
        self.heading = self.form.locator("h1")
        self.username = page.get_by_label(tr("Username", language), exact=True)
        self.password = page.get_by_label(tr("Password", language), exact=True)
        self.submit = self.form.get_by_role("button", name=tr("Sign in", language), exact=True)
        self.alert = self.form.get_by_role("alert")
        self.notice = self.form.get_by_role("status")

    def open(self, path: str = "/login") -> LoginPage:
        self.page.goto(path)
        expect(self.form).to_be_visible()
        return self

    def sign_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        self.username.fill(username)
        self.password.fill(password)
        self.submit.click()


class TabBar:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.nav = page.locator("nav.tabs")
        self.links = self.nav.locator("a")
        self.current = self.nav.locator('a[aria-current="page"]')

    def tab(self, href: str) -> Locator:
        return self.nav.locator(f'a[href="{href}"]')

    def hrefs(self) -> list[str | None]:
        return [link.get_attribute("href") for link in self.links.all()]

    def labels(self) -> list[str]:
        return [text.strip() for text in self.links.all_inner_texts()]

    def expect_labels(self, language: str, hrefs: set[str] | None = None) -> None:
        shown = [msgid for href, msgid in TABS if hrefs is None or href in hrefs]
        expect(self.links).to_have_text([tr(msgid, language) for msgid in shown])


class StaffPage:
    """Any signed-in screen: the title bar, the content, the tab bar."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.title = page.locator("header.bar h1")
        self.tabs = TabBar(page)
        self.error_code = page.locator(".error-card .error-code")
        self.error_title = page.locator(".error-card h1")


class MePage(StaffPage):
    def __init__(self, page: Page, language: str = "zh") -> None:
        super().__init__(page)
        self.language = language
        self.profile = page.locator(".profile")
        self.language_form = page.locator("#language-form")
        self.language_saved = self.language_form.get_by_role("status")
        self.password_form = page.locator("#password-form")
        self.sign_out = page.get_by_role("link", name=tr("Sign out", language), exact=True)

    def choose_language(self, label: str) -> None:
        self.language_form.get_by_label(label, exact=True).check()

    def save_language(self) -> None:
        self.language_form.locator("button[type=submit]").click()

    def password_field(self, msgid: str) -> Locator:
        return self.password_form.get_by_label(tr(msgid, self.language), exact=True)

    def fill_password_change(self, current: str, new: str, confirm: str) -> None:
        self.password_field("Current password").fill(current)
        self.password_field("New password (at least 10 characters)").fill(new)
        self.password_field("New password again").fill(confirm)

    def submit_password_change(self) -> None:
        self.password_form.locator("button[type=submit]").click()


class LogoutPage(StaffPage):
    def __init__(self, page: Page, language: str = "zh") -> None:
        super().__init__(page)
        self.confirm = page.locator("form[action='/logout']").get_by_role(
            "button", name=tr("Sign out", language), exact=True
        )


def sign_in_as(page: Page, username: str) -> StaffPage:
    """Signs in through the real form and waits for the role's home screen."""
    LoginPage(page).open().sign_in(username)
    expect(page).to_have_url(path_is(HOME[username]))
    staff = StaffPage(page)
    expect(staff.tabs.nav).to_be_visible()
    return staff


def shell_state(page: Page) -> dict[str, str]:
    """What an htmx body swap must carry over from the new page, besides its content."""
    return page.evaluate(
        """() => ({
            url: location.pathname + location.search,
            title: document.title,
            htmlLang: document.documentElement.lang,
            bodyClass: document.body.className,
            background: getComputedStyle(document.body).backgroundColor,
        })"""
    )


def expect_same_as_a_fresh_load(page: Page, watch) -> None:
    """The swapped-in screen looks like the same URL opened anew in another tab."""
    fresh = page.context.new_page()
    watch(fresh)
    try:
        fresh.goto(page.url)
        swapped, loaded = shell_state(page), shell_state(fresh)
        assert swapped == loaded, f"after the htmx swap: {swapped}\nfresh load: {loaded}"
    finally:
        fresh.close()


def wait_until(page: Page, predicate: str, arg: Any = None, timeout_ms: int = 10_000) -> None:
    """Waits until `predicate` (JavaScript, may return a Promise) gives a true value.
    Playwright's wait_for_function takes a returned Promise itself as true, without waiting
    for what it resolves to, so checks of caches and registrations are polled here."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(predicate, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout_ms} ms: {predicate}")
        page.wait_for_timeout(100)
