"""Who may call what. Every route declares it: `guards=[allow(...)]` or `opt=PUBLIC`.

`check_every_route_declares_access` runs when the app is built, so a route added
without a declaration stops the app from starting (and fails the suite).
"""

from __future__ import annotations

from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from db.staff.rules import Role, may_act_as

PUBLIC = {"access": "public"}


class NotYours(PermissionDeniedException):
    """The role fits, but the record belongs to a colleague (managers see everything)."""


def allow(*roles: Role):
    """A guard: signed-in staff holding one of `roles` (a manager always may).

    With no roles, any signed-in staff member may.
    """

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        user = connection.scope.get("user")
        if user is None:
            raise NotAuthorizedException("sign in required")
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
