"""Lotside: wiring only. Features live in web/<feature>/routes.py."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router
from piccolo.engine import engine_finder

import db  # noqa: F401 - points Piccolo at db.piccolo_conf
from db.demo import DEMO_LOGINS
from db.schema import pending_migrations
from db.settings import Settings, settings
from db.staff.queries import demo_accounts_exist
from media.storage import MEDIA_URL_PREFIX
from web import health
from web.appraisals import condition as appraisal_condition
from web.appraisals import export as appraisal_export
from web.appraisals import photos as appraisal_photos
from web.appraisals import pricing as appraisal_pricing
from web.appraisals import routes as appraisals
from web.appraisals import sheet as appraisal_sheet
from web.appraisals import trade_in as appraisal_trade_in
from web.assets import STATIC
from web.auth import routes as auth
from web.care import routes as care
from web.complaints import routes as complaints
from web.errors import routes as errors
from web.guards import PUBLIC, check_every_route_declares_access
from web.i18n import locale_middleware
from web.leads import capture as lead_capture
from web.leads import followups_export
from web.leads import lead as lead_page
from web.leads import lost as leads_lost
from web.leads import pool as leads_pool
from web.leads import reveal as leads_reveal
from web.leads import routes as leads
from web.leads import won as leads_won
from web.manager import audit as manager_audit
from web.manager import certification as manager_certification
from web.manager import dealership as manager_dealership
from web.manager import leads_tools as manager_lead_tools
from web.manager import pricing as manager_pricing
from web.manager import routes as manager
from web.manager import settings as manager_settings
from web.manager import staff as manager_staff
from web.me import routes as me
from web.outbox import routes as outbox
from web.public import car as public_car
from web.public import routes as public
from web.pwa import routes as pwa
from web.reports import routes as reports
from web.request_log import configure_logging, request_log_middleware
from web.security import csrf_config, security_headers_middleware, session_middleware
from web.shares import kit as share_kit
from web.shares import routes as shares
from web.shares import window as shares_window
from web.stock import export as stock_export
from web.stock import photos as stock_photos
from web.stock import routes as stock
from web.templating import template_config

log = logging.getLogger("lotside")

PAGES_NOT_COMPRESSED = (
    r"^/(?!static/|manifest\.webmanifest|sw\.js|sitemap\.xml$|stock(?:$|/(?!\d+/preview\.jpg))|$)"
)


class StartupRefused(RuntimeError):
    pass


async def check_production_safety(s: Settings) -> None:
    if pending := await pending_migrations():
        raise StartupRefused(
            f"The database lacks {pending} migration(s): run `python -m db.cli migrate`"
            " (make run does it for you)."
        )
    if not s.production:
        return
    if not s.secret_key_given:
        raise StartupRefused("APP_ENV=production needs a SECRET_KEY of your own.")
    if await demo_accounts_exist():
        raise StartupRefused(
            "APP_ENV=production refuses to start while demo accounts exist. Start from an empty"
            " database and create the first manager with `python -m db.cli create-manager`."
        )


@asynccontextmanager
async def lifespan(app: Litestar) -> AsyncIterator[None]:
    await check_production_safety(settings())
    engine = engine_finder()
    pooled = not settings().is_sqlite and settings().db_pool
    if pooled:
        await engine.start_connection_pool()
    if not settings().production and await demo_accounts_exist():
        users = ", ".join(u for u, _ in DEMO_LOGINS)
        log.warning(
            "Demo dealership loaded. Sign in as %s with password %s", users, DEMO_LOGINS[0][1]
        )
    try:
        yield
    finally:
        if pooled:
            await engine.close_connection_pool()


def create_app() -> Litestar:
    configure_logging()
    static = create_static_files_router(
        path="/static",
        directories=[STATIC],
        opt=PUBLIC,
        include_in_schema=False,
        cache_control=CacheControlHeader(max_age=31536000, public=True, immutable=True),
    )
    # Photo variants have content-hash names: public, and cacheable for a year.
    settings().media_root.mkdir(parents=True, exist_ok=True)
    media = create_static_files_router(
        path=MEDIA_URL_PREFIX.rstrip("/"),
        directories=[settings().media_root],
        name="media",
        opt=PUBLIC,
        include_in_schema=False,
        cache_control=CacheControlHeader(max_age=31536000, public=True, immutable=True),
    )
    app = Litestar(
        route_handlers=[
            static,
            media,
            *health.routes,
            *auth.routes,
            *me.routes,
            *appraisal_export.routes,
            *appraisals.routes,
            *appraisal_photos.routes,
            *appraisal_condition.routes,
            *appraisal_pricing.routes,
            *appraisal_sheet.routes,
            *appraisal_trade_in.routes,
            *stock_export.routes,
            *stock.routes,
            *stock_photos.routes,
            *lead_capture.routes,
            *lead_page.routes,
            *followups_export.routes,
            *leads.routes,
            *leads_pool.routes,
            *leads_lost.routes,
            *leads_won.routes,
            *care.routes,
            *complaints.routes,
            *leads_reveal.routes,
            *manager.routes,
            *manager_pricing.routes,
            *reports.routes,
            *manager_lead_tools.routes,
            *manager_certification.routes,
            *manager_settings.routes,
            *manager_dealership.routes,
            *manager_staff.routes,
            *manager_audit.routes,
            *public.routes,
            *shares.routes,
            *shares_window.routes,
            *share_kit.routes,
            *public_car.routes,
            *pwa.routes,
            *outbox.routes,
        ],
        csrf_config=csrf_config(),
        # Static files, and the customers' pages, which carry no CSRF token (see
        # web/security.py): staff pages hold the token next to reflected input, and
        # compressing both in one answer would invite BREACH. Staff pages are small anyway.
        compression_config=CompressionConfig(
            backend="gzip",
            minimum_size=512,
            exclude=[PAGES_NOT_COMPRESSED],
        ),
        template_config=template_config(),
        exception_handlers=errors.handlers,
        lifespan=[lifespan],
        openapi_config=None,
        debug=False,
    )
    check_every_route_declares_access(app)
    # Litestar applies `middleware=` per route, so a 404 would skip it. These wrap the whole
    # router instead: every answer, error pages included, is logged, carries the security
    # headers and is rendered in the visitor's language with the visitor known.
    app.asgi_handler = request_log_middleware(
        security_headers_middleware(locale_middleware(session_middleware(app.asgi_handler)))
    )
    return app


app = create_app()
