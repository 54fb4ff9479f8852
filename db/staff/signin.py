"""Signing in: check the password, slow repeated failures, lock the account for a while."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from db.audit.queries import record_event
from db.settings import settings
from db.staff.queries import (
    StaffUser,
    check_credentials,
    end_session,
    recent_attempts,
    start_session,
)
from db.staff.rules import locked_until, login_delay


@dataclass(frozen=True)
class Outcome:
    user: StaffUser | None = None
    token: str = ""
    problem: str = ""  # "wrong" | "inactive" | "locked"
    locked_until: datetime | None = None
    delay: float = 0.0  # seconds the answer should be held back


async def sign_in(
    username: str, password: str, *, ip: str, user_agent: str, old_token: str | None
) -> Outcome:
    s = settings()
    username = username.strip().lower()
    failures = await recent_attempts(username, s.login_window_minutes)
    limits = dict(
        lock_after=s.login_lock_after,
        lock_minutes=s.login_lock_minutes,
        window_minutes=s.login_window_minutes,
    )
    now = datetime.now(UTC)
    until = locked_until(failures, now, **limits)
    if until:
        await record_event("login_refused_locked", subject=username, ip=ip)
        return Outcome(problem="locked", locked_until=until)

    checked = await check_credentials(username, password, ip)
    if checked.user is None:
        failures = [*failures, now]
        delay = login_delay(
            len(failures), slow_after=s.login_slow_after, base_seconds=s.login_delay_seconds
        )
        until = locked_until(failures, now, **limits)
        if until:
            await record_event("account_locked", subject=username, ip=ip)
            return Outcome(problem="locked", locked_until=until, delay=delay)
        return Outcome(problem="inactive" if checked.inactive else "wrong", delay=delay)

    if old_token:  # rotation: the pre-login session never survives a sign-in
        await end_session(old_token)
    token = await start_session(checked.user.id, ip, user_agent, s.session_days)
    return Outcome(user=checked.user, token=token)
