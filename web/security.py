"""Sessions, CSRF and security headers: the parts of every request that keep it safe."""

from __future__ import annotations

from litestar.config.csrf import CSRFConfig
from litestar.datastructures import Cookie
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from db.settings import Settings, settings
from db.staff.queries import session_user
from web.i18n import SUPPORTED, _cookie, use_locale

SESSION_COOKIE = "lotside_session"
CSRF_HEADER = "x-csrftoken"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def cookies_secure(s: Settings) -> bool:
    """Cookies travel only over HTTPS, except on a developer's or the tests' plain HTTP."""
    return s.env not in ("development", "test")


# Paths with no CSRF token and no CSRF cookie. The customers' pages: their one form (an
# enquiry) is public by nature and guarded by a honeypot and rate limits instead, and a page
# without a token may be gzip-compressed safely (no secret beside reflected input) and holds
# no Set-Cookie that would stop a shared cache. The language switch: a cross-site post could
# at most change a visitor's language (the session cookie is SameSite=Lax, so a forged post
# arrives signed out and changes no one's settings). Assets, photos and the feeds crawlers read.
PUBLIC_WITHOUT_CSRF = (
    "^/healthz$",
    "^/stock(/|$)",
    "^/s/",
    "^/language$",
    "^/static/",
    "^/media/",
    "^/sitemap.xml$",
    "^/robots.txt$",
)


def csrf_config() -> CSRFConfig:
    s = settings()
    return CSRFConfig(
        secret=s.secret_key,
        cookie_name="csrftoken",
        header_name=CSRF_HEADER,
        cookie_secure=cookies_secure(s),
        cookie_samesite="lax",
        cookie_httponly=True,  # the token reaches pages through the template, not JS
        exclude=[*PUBLIC_WITHOUT_CSRF],
    )


def session_cookie(token: str) -> Cookie:
    s = settings()
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        max_age=s.session_days * 86400,
        httponly=True,
        samesite="lax",
        secure=cookies_secure(s),
        path="/",
    )


def expired_session_cookie() -> Cookie:
    cookie = session_cookie("")
    return Cookie(**{**cookie.__dict__, "max_age": 0, "value": ""})


def session_middleware(app: ASGIApp) -> ASGIApp:
    """Finds the signed-in person from the session cookie (one query) and their language.

    Anonymous visitors pass with `user = None`; guards decide who may go on. A cookie that
    no longer matches a live session is remembered so the login page can say it expired.
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        token = _cookie(headers.get(b"cookie", b"").decode("latin-1"), SESSION_COOKIE)
        user = await session_user(token) if token else None
        scope["user"] = user
        scope["auth"] = {"token": token if user else None, "expired": bool(token and not user)}
        if user and user.language in SUPPORTED:
            use_locale(SUPPORTED[user.language])
        await app(scope, receive, send)

    return middleware


def security_headers_middleware(app: ASGIApp) -> ASGIApp:
    extra = [
        (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"x-frame-options", b"DENY"),
        (b"permissions-policy", b"camera=(self), geolocation=(), microphone=()"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if settings().production:
        extra.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
