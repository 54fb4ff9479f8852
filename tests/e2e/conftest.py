"""Real-browser fixtures: a live uvicorn server on the test database, Debian's Chromium driven
by Playwright's sync API, phone-sized contexts, a screenshot helper and a guard that fails a
test on any console error, uncaught page error, CSP violation or server-side error it caused.

Never `playwright install`: the browser is /usr/bin/chromium from apt (see `make browser`).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from db.demo import load_demo_if_empty
from db.settings import settings
from tests.conftest import ROOT, empty_tables
from tests.e2e.pages import CHROMIUM, CHROMIUM_ARGS, PHONE, run_async
from web.demo import load_demo_appraisals

SCREENSHOTS = ROOT / "tests" / "screenshots"
SERVER_START_SECONDS = 30


def _require_chromium() -> None:
    if os.access(CHROMIUM, os.X_OK):
        return
    message = (
        f"!!! {CHROMIUM} IS MISSING: the real-browser tests did NOT run. "
        "Install Debian's chromium (run `make browser` as root); never `playwright install`."
    )
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --- the live server ------------------------------------------------------------------------


class LiveServer:
    """uvicorn in a subprocess; its log lines are kept so tests can look for server errors."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.lines: list[str] = []
        self._started = threading.Event()
        # The same database and media folder as this process: tests read what the server
        # stored (rows through Piccolo, photo files through media.storage).
        env = {**os.environ, "APP_ENV": "test", "MEDIA_ROOT": str(settings().media_root)}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "app:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        # Draining the pipe in a thread keeps the server from blocking on a full pipe and
        # tells us the moment it is up, without polling on a timer.
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if "Uvicorn running on" in line:  # printed once the socket listens
                self._started.set()
        self._started.set()  # the process ended: stop waiting, wait_until_up reports it

    def wait_until_up(self) -> None:
        if not self._started.wait(SERVER_START_SECONDS) or self.process.poll() is not None:
            self.stop()
            pytest.fail("The live server did not start:\n" + "\n".join(self.lines[-40:]))
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as response:  # noqa: S310
                healthy = response.status == 200
        except OSError as error:
            healthy = False
            self.lines.append(f"/healthz: {error}")
        if not healthy:
            self.stop()
            pytest.fail("The live server is not healthy:\n" + "\n".join(self.lines[-40:]))

    def errors_since(self, mark: int) -> list[str]:
        return [
            line for line in self.lines[mark:] if '"level": "ERROR"' in line or "Traceback" in line
        ]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="package")
def live_server(database) -> Iterator[LiveServer]:
    """The app on a free port, over the demo dealership in the (already migrated) test DB."""
    _require_chromium()  # no point starting a server for tests that cannot run
    asyncio.run(empty_tables())
    asyncio.run(load_demo_if_empty())
    server = LiveServer(_free_port())
    server.wait_until_up()
    yield server
    server.stop()


# --- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="package")
def playwright_driver(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright_driver):
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class PageGuard:
    """Collects what must never happen on a page: console errors (CSP violations among
    them), uncaught exceptions. A test allows the few it causes on purpose (a 422, a 403)."""

    CONSOLE_TYPES = {"error", "assert"}

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.allowed: list[re.Pattern[str]] = []

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _console(self, message) -> None:
        text = message.text
        if message.type in self.CONSOLE_TYPES or "Content Security Policy" in text:
            where = message.location.get("url", "") if message.location else ""
            self.problems.append(f"console {message.type}: {text} ({where})")

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(a.search(p) for a in self.allowed)]

    def csp_violations(self) -> list[str]:
        return [p for p in self.problems if "Content Security Policy" in p]


@pytest.fixture(scope="module")
def demo_dealership(live_server) -> Iterator[None]:
    """The full demo dealership (`make run`'s: appraisals, stock, sales, leads, shares,
    surveys) in place of what earlier tests left; afterwards the bare demo staff again, as
    the other browser tests start from."""
    run_async(empty_tables())
    run_async(load_demo_if_empty())
    assert run_async(load_demo_appraisals()) > 0
    yield
    run_async(empty_tables())
    run_async(load_demo_if_empty())


@pytest.fixture
def guard(live_server) -> Iterator[PageGuard]:
    guard = PageGuard()
    mark = len(live_server.lines)
    yield guard
    problems = guard.unexpected()
    server_errors = live_server.errors_since(mark)
    assert not problems, "Browser console errors / CSP violations:\n" + "\n".join(problems)
    assert not server_errors, "Server errors during the test:\n" + "\n".join(server_errors)


@pytest.fixture
def new_page(browser, live_server, guard) -> Iterator[Callable[..., object]]:
    """`new_page(**context_options)`: a fresh phone (its own cookies) showing a blank page."""
    contexts = []

    def _new_page(**options):
        context = browser.new_context(base_url=live_server.url, **{**PHONE, **options})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        guard.watch(page)
        return page

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def installed_phone(playwright_driver, live_server, guard):
    """A phone with a real (non-incognito) profile, as PWA installability requires one."""
    profile = tempfile.mkdtemp(prefix="lotside-e2e-profile-")
    context = playwright_driver.chromium.launch_persistent_context(
        profile,
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        base_url=live_server.url,
        **PHONE,
    )
    context.set_default_timeout(10_000)
    page = context.pages[0] if context.pages else context.new_page()
    guard.watch(page)
    yield context, page
    context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def shot(request) -> Callable[[object, str], Path]:
    """`shot(page, "what-is-shown")` saves tests/screenshots/<test>--<what-is-shown>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"[^\w-]+", "-", request.node.name.removeprefix("test_")).strip("-")

    def _shot(page, name: str) -> Path:
        path = SCREENSHOTS / f"{test}--{name}.png"
        # caret="initial": Playwright's default caret hiding injects an inline <style>, which
        # the page's CSP (style-src 'self') then reports on the next htmx swap, failing `guard`.
        page.screenshot(path=str(path), caret="initial")
        return path

    return _shot
