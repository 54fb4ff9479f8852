"""Who may call what. Every route declares it: `guards=[allow(...)]` or `opt=PUBLIC`.

`check_every_route_declares_access` runs when the app is built, so a route added
without a declaration stops the app from starting (and fails the suite).

Someone who signed in with a manager's one-time password (`must_change_password`) gets no
staff route but the password change (`opt=BEFORE_OWN_PASSWORD`) until they have chosen their
own: `allow` raises `PasswordChangeFirst`, answered with a redirect to it (web/errors).
Public routes (sign-out, static files, the service worker) stay open.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from db.staff.rules import Role, may_act_as

PUBLIC = {"access": "public"}
BEFORE_OWN_PASSWORD = {"before_own_password": True}  # open while a one-time password is in use
PASSWORD_CHANGE_PAGE = "/me?blocked=1#password-form"  # noqa: S105 - a page, not a password


class NotYours(PermissionDeniedException):
    """The role fits, but the record belongs to a colleague (managers see everything)."""


class PasswordChangeFirst(HTTPException):
    """Signed in with a one-time password: their own password first, then everything else."""

    status_code = 403


def allow(*roles: Role):
    """A guard: signed-in staff holding one of `roles` (a manager always may).

    With no roles, any signed-in staff member may.
    """

    def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        user = connection.scope.get("user")
        if user is None:
            raise NotAuthorizedException("sign in required")
        if user.must_change_password and not handler.opt.get("before_own_password"):
            raise PasswordChangeFirst("one-time password: choose your own first")
        if roles and not may_act_as(user.roles, roles):
            raise PermissionDeniedException("role not allowed")

    guard.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
    return guard


def route_access(handler: BaseRouteHandler) -> frozenset[Role] | str | None:
    """'public', the roles a staff route admits (empty = any staff), or None if undeclared."""
    if handler.opt.get("access") == "public":
        return "public"
    for guard in handler.guards or []:
        if hasattr(guard, "allowed_roles"):
            return guard.allowed_roles
    return None


def check_every_route_declares_access(app: Litestar) -> None:
    missing = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            # Litestar answers OPTIONS itself (no body, no data); every other method declares.
            if handler.handler_name == "options_handler":
                continue
            if route_access(handler) is None:
                missing.append(f"{route.path} ({handler.handler_name})")
    if missing:
        raise RuntimeError("Routes without an access declaration: " + ", ".join(missing))
