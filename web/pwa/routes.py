"""Installable app plumbing: the manifest, the service worker and the offline page."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from litestar import Request, get
from litestar.response import Response, Template

from db.settings import settings
from web.assets import STATIC, static_url
from web.guards import PUBLIC
from web.i18n import gettext as _
from web.pages import page

# The app shell the worker precaches: computed from the files present at start-up, so a script
# added to web/static/js (and loaded by base.html) is cached offline without a list to keep
# up, and one not there yet cannot break the worker's install. Every icon goes too: the app's
# own, and the car outlines the photo grid's CSS draws empty shots with (a sheet opened for the
# first time without signal needs them). sw.js is the template itself.
SHELL_FIXED = ["css/app.css", "vendor/htmx.min.js"]
TEMPLATE = STATIC / "js" / "sw.js"
OFFLINE_PAGE = Path(__file__).parent / "offline.html"
TEST_BUILD_FILE = "sw-build"


def shell_assets(root: Path = STATIC) -> list[str]:
    scripts = sorted(f"js/{p.name}" for p in (root / "js").glob("*.js") if p.name != TEMPLATE.name)
    icons = sorted(f"icons/{p.name}" for p in (root / "icons").glob("*") if p.is_file())
    return [a for a in [*SHELL_FIXED, *scripts, *icons] if (root / a).is_file()]


def worker_source(template: str, urls: list[str], extra: str = "") -> str:
    """The worker's text: its version is a hash of the template, every precached URL (each
    carries its file's content hash) and `extra` (the offline page's source), so any change
    to what it caches, or to the worker itself, makes a new version the browser installs."""
    digest = hashlib.sha256("\n".join([template, *urls, extra]).encode()).hexdigest()[:12]
    return template.replace("__VERSION__", digest).replace(
        "__SHELL__", ", ".join(f'"{u}"' for u in urls)
    )


@get("/manifest.webmanifest", opt=PUBLIC, media_type="application/manifest+json")
async def manifest() -> dict:
    return {
        "id": "/",
        "name": _("Lotside used cars"),
        "short_name": "Lotside",
        "lang": "zh-Hans",
        "start_url": "/login?source=pwa",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f3f5f8",
        "theme_color": "#0f2a44",
        "icons": [
            {"src": static_url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static_url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static_url("icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


@cache
def _worker_source(build: str = "") -> str:
    urls = [static_url(a) for a in shell_assets()]
    return worker_source(TEMPLATE.read_text(), urls, OFFLINE_PAGE.read_text() + build)


def _test_build() -> str:
    """APP_ENV=test only: the text of <VAR_DIR>/sw-build joins the version, standing for a new
    deployment, so a browser test can watch a new worker install and wait
    (tests/e2e/test_offline_pages.py). Empty in development and production."""
    s = settings()
    if s.env != "test":
        return ""
    try:
        return (s.var_dir / TEST_BUILD_FILE).read_text()
    except OSError:
        return ""


@get("/sw.js", opt=PUBLIC)
async def service_worker() -> Response:
    return Response(
        _worker_source(_test_build()),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


@get("/offline", opt=PUBLIC)
async def offline(request: Request) -> Template:
    return page(request, "pwa/offline.html")


routes = [manifest, service_worker, offline]
