"""Reads and writes for staff, sessions and sign-in attempts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from db.audit.queries import record_event
from db.staff.passwords import hash_password, needs_rehash, verify_password
from db.staff.rules import Role, failures_since_success, hash_token, roles_from_flags
from db.staff.tables import LoginAttempt, Staff, StaffSession


@dataclass(frozen=True)
class StaffUser:
    """The signed-in person, as every request sees them."""

    id: int
    username: str
    display_name: str
    roles: frozenset[Role]
    language: str
    session_id: int = 0
    must_change_password: bool = False

    def has(self, role: Role) -> bool:
        return role in self.roles or Role.MANAGER in self.roles


def _now() -> datetime:
    return datetime.now(UTC)


def _user(row: dict, session_id: int = 0) -> StaffUser:
    return StaffUser(
        id=row["id"],
        username=row["username"],
        display_name=row["display_name"],
        roles=roles_from_flags(
            is_manager=row["is_manager"],
            is_appraiser=row["is_appraiser"],
            is_consultant=row["is_consultant"],
        ),
        language=row["language"],
        session_id=session_id,
        must_change_password=bool(row["must_change_password"]),
    )


_USER_COLUMNS = (
    Staff.id,
    Staff.username,
    Staff.display_name,
    Staff.is_manager,
    Staff.is_appraiser,
    Staff.is_consultant,
    Staff.language,
    Staff.must_change_password,
)


async def create_staff(
    username: str,
    display_name: str,
    password: str,
    roles: set[Role],
    *,
    active: bool = True,
    is_demo: bool = False,
    language: str = "",
    must_change_password: bool = False,
) -> int:
    row = Staff(
        username=username,
        display_name=display_name,
        password_hash=hash_password(password),
        is_manager=Role.MANAGER in roles,
        is_appraiser=Role.APPRAISER in roles,
        is_consultant=Role.CONSULTANT in roles,
        active=active,
        is_demo=is_demo,
        language=language,
        must_change_password=must_change_password,
    )
    await row.save()
    return row.id


async def staff_count() -> int:
    return await Staff.count()


async def username_taken(username: str) -> bool:
    return await Staff.exists().where(Staff.username == username)


async def demo_accounts_exist() -> bool:
    return await Staff.exists().where(Staff.is_demo == True)  # noqa: E712


async def recent_attempts(username: str, window_minutes: int) -> list[datetime]:
    """Failed attempts since the last success, within the window."""
    since = _now() - timedelta(minutes=window_minutes)
    rows = await LoginAttempt.select(LoginAttempt.created_at, LoginAttempt.succeeded).where(
        (LoginAttempt.username == username) & (LoginAttempt.created_at >= since)
    )
    return failures_since_success((r["created_at"], r["succeeded"]) for r in rows)


@dataclass(frozen=True)
class SignIn:
    """The outcome of checking a username and password."""

    user: StaffUser | None
    inactive: bool = False


async def check_credentials(username: str, password: str, ip: str) -> SignIn:
    row = (
        await Staff.select(*_USER_COLUMNS, Staff.password_hash, Staff.active)
        .where(Staff.username == username)
        .first()
    )
    ok = verify_password(row["password_hash"] if row else None, password)
    succeeded = bool(row and ok and row["active"])
    await LoginAttempt.insert(LoginAttempt(username=username, ip=ip, succeeded=succeeded))
    if not succeeded:
        await record_event(
            "login_failed", actor_id=row["id"] if row else None, subject=username, ip=ip
        )
        return SignIn(user=None, inactive=bool(row and ok and not row["active"]))
    if needs_rehash(row["password_hash"]):
        await Staff.update({Staff.password_hash: hash_password(password)}).where(
            Staff.id == row["id"]
        )
    return SignIn(user=_user(row))


async def start_session(staff_id: int, ip: str, user_agent: str, days: int) -> str:
    """A fresh session for a sign-in; the caller has already ended the old one (rotation)."""
    token = secrets.token_urlsafe(32)
    await StaffSession.insert(
        StaffSession(
            token_hash=hash_token(token),
            staff=staff_id,
            ip=ip[:64],
            user_agent=user_agent[:255],
            expires_at=_now() + timedelta(days=days),
        )
    )
    await record_event("login", actor_id=staff_id, ip=ip)
    return token


async def end_session(token: str, *, actor_id: int | None = None, ip: str = "") -> None:
    await StaffSession.delete().where(StaffSession.token_hash == hash_token(token))
    if actor_id:
        await record_event("logout", actor_id=actor_id, ip=ip)


async def session_user(token: str) -> StaffUser | None:
    """The active person behind a session token, in one query; None if expired or inactive."""
    s = StaffSession
    row = (
        await s.select(
            s.id,
            *(getattr(s.staff, c._meta.name) for c in _USER_COLUMNS),
        )
        .where(
            (s.token_hash == hash_token(token)) & (s.expires_at > _now()) & (s.staff.active == True)  # noqa: E712
        )
        .output(nested=True)
        .first()
    )
    return _user(row["staff"], session_id=row["id"]) if row else None


async def set_language(staff_id: int, language: str) -> None:
    await Staff.update({Staff.language: language, Staff.updated_at: _now()}).where(
        Staff.id == staff_id
    )


async def change_password(user: StaffUser, current: str, new: str, ip: str) -> bool:
    """Change a password after checking the current one; other sessions are signed out."""
    row = await Staff.select(Staff.password_hash).where(Staff.id == user.id).first()
    if not row or not verify_password(row["password_hash"], current):
        return False
    await Staff.update(
        {
            Staff.password_hash: hash_password(new),
            Staff.must_change_password: False,
            Staff.updated_at: _now(),
        }
    ).where(Staff.id == user.id)
    await StaffSession.delete().where(
        (StaffSession.staff == user.id) & (StaffSession.id != user.session_id)
    )
    await record_event("password_changed", actor_id=user.id, subject=user.username, ip=ip)
    return True


async def team() -> list[dict]:
    """Everyone on the staff with their roles, for the manager's view."""
    return (
        await Staff.select(*_USER_COLUMNS, Staff.active)
        .order_by(Staff.active, ascending=False)
        .order_by(Staff.id)
    )
