"""Installable app plumbing: the manifest, the service worker and the offline page."""

from __future__ import annotations

import hashlib
from functools import cache

from litestar import Request, get
from litestar.response import Response, Template

from web.assets import STATIC, static_url
from web.guards import PUBLIC
from web.i18n import gettext as _
from web.pages import page

SHELL_ASSETS = [
    "css/app.css",
    "vendor/htmx.min.js",
    "js/scripted.js",
    "js/app.js",
    "icons/icon-192.png",
]


@get("/manifest.webmanifest", opt=PUBLIC, media_type="application/manifest+json")
async def manifest() -> dict:
    return {
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
def _worker_source() -> str:
    urls = [static_url(a) for a in SHELL_ASSETS]
    version = hashlib.sha256("|".join(urls).encode()).hexdigest()[:12]
    template = (STATIC / "js" / "sw.js").read_text()
    return template.replace("__VERSION__", version).replace(
        "__SHELL__", ", ".join(f'"{u}"' for u in urls)
    )


@get("/sw.js", opt=PUBLIC)
async def service_worker() -> Response:
    return Response(
        _worker_source(),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


@get("/offline", opt=PUBLIC)
async def offline(request: Request) -> Template:
    return page(request, "pwa/offline.html")


routes = [manifest, service_worker, offline]
