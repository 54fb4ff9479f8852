"""Rules about staff: roles, passwords, and how sign-in guessing is slowed and locked.

Plain functions, tested without HTTP or a database.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Iterable
from datetime import datetime, timedelta


class Role(enum.StrEnum):
    MANAGER = "manager"
    APPRAISER = "appraiser"
    CONSULTANT = "consultant"


def roles_from_flags(*, is_manager: bool, is_appraiser: bool, is_consultant: bool) -> frozenset:
    flags = {Role.MANAGER: is_manager, Role.APPRAISER: is_appraiser, Role.CONSULTANT: is_consultant}
    return frozenset(role for role, held in flags.items() if held)


def may_act_as(held: Iterable[Role], allowed: Iterable[Role]) -> bool:
    """A manager may do everything; anyone else needs one of the allowed roles."""
    held = set(held)
    return Role.MANAGER in held or bool(held & set(allowed))


def home_path(held: Iterable[Role]) -> str:
    """Where a person lands after signing in: the screen their day starts on."""
    held = set(held)
    if Role.MANAGER in held:
        return "/manager"
    if Role.CONSULTANT in held:
        return "/today"
    if Role.APPRAISER in held:
        return "/appraisals"
    return "/me"


def N_(message: str) -> str:
    """Marks a message id for translation; it is translated where it is shown."""
    return message


USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD_LENGTH = 10


def username_problem(username: str) -> str | None:
    """An English message id describing what is wrong with a new username, or None."""
    if not USERNAME_RE.match(username):
        return N_("3–64 characters: lower-case letters, digits, dot, dash or underscore.")
    return None


def password_problem(password: str, username: str = "") -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return N_("At least 10 characters.")
    if username and password.lower() == username.lower():
        return N_("The password must not be the username.")
    return None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def failures_since_success(attempts: Iterable[tuple[datetime, bool]]) -> list[datetime]:
    """Failed attempts after the latest success; attempts are (when, succeeded), any order."""
    failures: list[datetime] = []
    for when, succeeded in sorted(attempts):
        failures = [] if succeeded else [*failures, when]
    return failures


def locked_until(
    failures: list[datetime],
    now: datetime,
    *,
    lock_after: int,
    lock_minutes: int,
    window_minutes: int,
) -> datetime | None:
    """When an account under guessing may be tried again, or None if it is not locked.

    Failures count within a sliding window; once `lock_after` of them are in it, the
    account is locked for `lock_minutes` from the latest failure.
    """
    recent = [f for f in failures if now - f <= timedelta(minutes=window_minutes)]
    if len(recent) < lock_after:
        return None
    until = max(recent) + timedelta(minutes=lock_minutes)
    return until if until > now else None


def login_delay(failure_count: int, *, slow_after: int, base_seconds: float) -> float:
    """Seconds to hold a failed sign-in answer: none at first, then doubling, capped at 8x."""
    if failure_count < slow_after:
        return 0.0
    return base_seconds * min(2 ** (failure_count - slow_after), 8)


def safe_next(path: str | None) -> str | None:
    """Only a local path may be a post-login destination (no open redirects)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return None
    if path.startswith(("/login", "/logout")):
        return None
    return path


# Staff administration (the manager's /manager/staff) --------------------------------------

DISPLAY_NAME_MAX = 64


def display_name_problem(name: str) -> str | None:
    if not name.strip():
        return N_("Enter the name colleagues know them by.")
    if len(name.strip()) > DISPLAY_NAME_MAX:
        return N_("At most 64 characters.")
    return None


def roles_problem(roles: Iterable[Role]) -> str | None:
    if not set(roles):
        return N_("Choose at least one role.")
    return None


def username_clash(username: str, existing: Iterable[str]) -> bool:
    """Usernames are unique without regard to case: "Li.Ming" and "li.ming" are one person."""
    wanted = username.strip().casefold()
    return any(wanted == other.casefold() for other in existing)


def role_change_problem(
    *,
    actor_id: int,
    target_id: int,
    target_roles: Iterable[Role],
    new_roles: Iterable[Role],
    target_active: bool,
    active_managers: int,
) -> str | None:
    """Why a manager may not give `target` these roles, or None. `active_managers` counts
    the active managers now, the target included if they are one."""
    new_roles = set(new_roles)
    problem = roles_problem(new_roles)
    if problem:
        return problem
    losing_manager = Role.MANAGER in set(target_roles) and Role.MANAGER not in new_roles
    if losing_manager and actor_id == target_id:
        return N_("You cannot take the manager role from yourself; ask another manager.")
    if losing_manager and target_active and active_managers <= 1:
        return N_("This is the last active manager: make someone else a manager first.")
    return None


def drops_consultant(before: Iterable[Role], after: Iterable[Role]) -> bool:
    """A roles change that takes the sales consultant role away: their open leads must go
    somewhere, as when the account is switched off."""
    return Role.CONSULTANT in set(before) and Role.CONSULTANT not in set(after)


def deactivation_problem(
    *, actor_id: int, target_id: int, target_roles: Iterable[Role], active_managers: int
) -> str | None:
    """Why a manager may not switch this account off, or None."""
    if actor_id == target_id:
        return N_("You cannot deactivate your own account; ask another manager.")
    if Role.MANAGER in set(target_roles) and active_managers <= 1:
        return N_("This is the last active manager: make someone else a manager first.")
    return None


def handover_problem(
    choice: str, colleague_id: int | None, consultants: Iterable[int], leaving_id: int
) -> str | None:
    """Where a leaving person's open leads go: "pool", or "colleague" with an active sales
    consultant other than the one leaving. `consultants` are the active consultants' ids."""
    if choice == "pool":
        return None
    if choice != "colleague":
        return N_("Choose where their open leads go.")
    if colleague_id is None or colleague_id == leaving_id or colleague_id not in set(consultants):
        return N_("Choose an active sales consultant from the list.")
    return None
