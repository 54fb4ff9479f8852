"""Friendly, translated error pages; never a stack trace in the browser."""

from __future__ import annotations

import logging
from urllib.parse import quote, urlsplit

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
)
from litestar.response import Redirect, Template

from db.staff.rules import safe_next
from web.guards import PASSWORD_CHANGE_PAGE, NotYours, PasswordChangeFirst
from web.i18n import gettext as _
from web.i18n import lazy
from web.pages import VARY
from web.security import expired_session_cookie

log = logging.getLogger("lotside.errors")

MESSAGES = {
    400: (
        lazy("We could not read that request"),
        lazy("Something in the form was not in a form we understand. Go back and try again."),
    ),
    403: (
        lazy("Not for your role"),
        lazy("Your account's role does not include this page. Ask your manager if you need it."),
    ),
    404: (
        lazy("Page not found"),
        lazy("This page does not exist, or the car has been sold and taken off the list."),
    ),
    405: (
        lazy("That cannot be done here"),
        lazy("This address does not accept that kind of request."),
    ),
    409: (
        lazy("This can no longer be changed"),
        lazy("It was closed or changed meanwhile. Reload the page to see it as it is now."),
    ),
    413: (
        lazy("That file is too large"),
        lazy("Photos may be at most 25 MB. Take the photo again, or choose a smaller one."),
    ),
    500: (
        lazy("Something went wrong on our side"),
        lazy(
            "The problem has been logged. Please try again in a moment; what you saved before is safe."  # noqa: E501
        ),
    ),
    503: (lazy("Temporarily unavailable"), lazy("Please try again in a moment.")),
}
NOT_YOURS = (
    lazy("This is a colleague's record"),
    lazy("It is open to the colleague who made it and to managers. Ask a manager if you need it."),
)
CSRF = (
    lazy("This form has expired"),
    lazy("For your safety, forms expire. Go back, reload the page and send it again."),
)


def _error_page(request: Request, status: int, title: str, text: str) -> Template:
    user = request.scope.get("user")
    return Template(
        template_name="errors/error.html",
        context={"status": status, "title": _(title), "text": _(text), "user": user, "tab": None},
        status_code=status,
        headers={"Vary": VARY, "Cache-Control": "no-store"},
    )


def _return_path(request: Request) -> str:
    """Where to come back to after signing in: this page, or the page a post came from."""
    if request.method == "GET" and request.headers.get("hx-request") != "true":
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:
        url = urlsplit(request.headers.get("hx-current-url") or request.headers.get("referer", ""))
        path = url.path + (f"?{url.query}" if url.query else "")
    return safe_next(path) or "/"


def not_authorized(request: Request, exc: NotAuthorizedException) -> Response:
    """Send the visitor to sign in, then back to where they were going."""
    expired = request.scope.get("auth", {}).get("expired")
    location = f"/login?next={quote(_return_path(request), safe='/')}"
    if expired:
        location += "&expired=1"
    cookies = [expired_session_cookie()] if expired else []
    if request.headers.get("hx-request") == "true":
        # htmx would swap a followed redirect into its target; ask for a full navigation.
        return Response("", status_code=401, headers={"HX-Redirect": location}, cookies=cookies)
    return Redirect(location, status_code=303, cookies=cookies)


def password_change_first(request: Request, exc: PasswordChangeFirst) -> Response:
    """Every staff page sends someone on a one-time password to choose their own first."""
    headers = {"Cache-Control": "no-store", "Vary": VARY}
    if request.headers.get("hx-request") == "true" or request.headers.get("idempotency-key"):
        # htmx would swap a followed redirect into its target, and the outbox would take the
        # page it lands on for its write's success: a full navigation instead, and a 401 the
        # outbox keeps the write waiting on (as for an ended session)
        return Response(
            "", status_code=401, headers={**headers, "HX-Redirect": PASSWORD_CHANGE_PAGE}
        )
    return Redirect(PASSWORD_CHANGE_PAGE, status_code=303, headers=headers)


def permission_denied(request: Request, exc: PermissionDeniedException) -> Response:
    if "CSRF" in str(exc.detail):
        return _error_page(request, 403, *CSRF)
    if isinstance(exc, NotYours):
        return _error_page(request, 403, *NOT_YOURS)
    return _error_page(request, 403, *MESSAGES[403])


def http_error(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    if status >= 500:
        log.error("HTTP %s on %s %s: %s", status, request.method, request.url.path, exc.detail)
    title, text = MESSAGES.get(status, MESSAGES[400] if status < 500 else MESSAGES[500])
    # an exception may say more precisely what was wrong (e.g. web.idempotency.MalformedKey)
    return _error_page(request, status, title, getattr(exc, "explanation", None) or text)


def server_error(request: Request, exc: Exception) -> Response:
    log.exception("Unhandled error on %s %s", request.method, request.url.path)
    return _error_page(request, 500, *MESSAGES[500])


handlers = {
    PasswordChangeFirst: password_change_first,
    NotAuthorizedException: not_authorized,
    PermissionDeniedException: permission_denied,
    HTTPException: http_error,
    Exception: server_error,
}
