"""The manager's staff administration: create, change roles, switch off and on, reset a
password. Each change checks its rule (db/staff/rules.py) against fresh counts inside its
transaction and writes an audit event saying what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from piccolo.engine import engine_finder
from piccolo.query.functions.aggregate import Max

from db.audit.queries import record_event
from db.audit.tables import AuditEvent
from db.leads.handover import HandoverRefused, hand_over, open_lead_count, open_lead_counts
from db.staff.onetime import one_time_password
from db.staff.passwords import hash_password
from db.staff.queries import create_staff
from db.staff.rules import (
    N_,
    Role,
    deactivation_problem,
    display_name_problem,
    drops_consultant,
    role_change_problem,
    roles_from_flags,
    roles_problem,
    username_clash,
    username_problem,
)
from db.staff.tables import Staff, StaffSession


@dataclass
class Refused(Exception):
    """Problems by field name (English message ids, `params` to format them)."""

    problems: dict[str, str]
    params: dict = field(default_factory=dict)


def _roles(row: dict) -> frozenset[Role]:
    return roles_from_flags(
        is_manager=row["is_manager"],
        is_appraiser=row["is_appraiser"],
        is_consultant=row["is_consultant"],
    )


def _flags(roles: set[Role]) -> dict:
    return {
        Staff.is_manager: Role.MANAGER in roles,
        Staff.is_appraiser: Role.APPRAISER in roles,
        Staff.is_consultant: Role.CONSULTANT in roles,
    }


def _sorted(roles) -> list[str]:
    return [r.value for r in Role if r in set(roles)]


_COLUMNS = (
    Staff.id,
    Staff.username,
    Staff.display_name,
    Staff.is_manager,
    Staff.is_appraiser,
    Staff.is_consultant,
    Staff.active,
    Staff.must_change_password,
)


def _moment(value: datetime | str | None) -> datetime | None:
    """MAX() of a timestamp comes back as text from SQLite, as a datetime from PostgreSQL."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return value


async def staff_list() -> list[dict]:
    """Everyone, active first, with roles, last sign-in and open leads (three queries)."""
    rows = await Staff.select(*_COLUMNS).order_by(Staff.active, ascending=False).order_by(Staff.id)
    last = {
        r["actor"]: _moment(r["last"])
        for r in await AuditEvent.select(AuditEvent.actor, Max(AuditEvent.created_at, alias="last"))
        .where((AuditEvent.kind == "login") & AuditEvent.actor.is_not_null())
        .group_by(AuditEvent.actor)
    }
    leads = await open_lead_counts()
    for row in rows:
        row["roles"] = _roles(row)
        row["last_sign_in"] = last.get(row["id"])
        row["open_leads"] = leads.get(row["id"], 0)
    return rows


async def person(staff_id: int) -> dict | None:
    row = await Staff.select(*_COLUMNS).where(Staff.id == staff_id).first()
    if row:
        row["roles"] = _roles(row)
        row["open_leads"] = await open_lead_count(staff_id)
    return row


async def _active_managers() -> int:
    return await Staff.count().where((Staff.is_manager == True) & (Staff.active == True))  # noqa: E712


async def active_consultants(except_id: int | None = None) -> list[dict]:
    """Whom a leaving person's leads may go to."""
    where = (Staff.is_consultant == True) & (Staff.active == True)  # noqa: E712
    if except_id is not None:
        where &= Staff.id != except_id
    return await Staff.select(Staff.id, Staff.display_name).where(where).order_by(Staff.id)


@dataclass(frozen=True)
class NewStaff:
    display_name: str
    username: str
    roles: set[Role]


def new_staff_problems(new: NewStaff, existing_usernames: list[str]) -> dict[str, str]:
    problems = {}
    if p := display_name_problem(new.display_name):
        problems["display_name"] = p
    if p := username_problem(new.username):
        problems["username"] = p
    elif username_clash(new.username, existing_usernames):
        problems["username"] = N_("This username is taken: choose another.")
    if p := roles_problem(new.roles):
        problems["roles"] = p
    return problems


async def create(new: NewStaff, actor_id: int, ip: str = "") -> tuple[int, str]:
    """The new person's id and one-time password (shown once, stored only as a hash)."""
    async with engine_finder().transaction():
        usernames = [r["username"] for r in await Staff.select(Staff.username)]
        problems = new_staff_problems(new, usernames)
        if problems:
            raise Refused(problems)
        password = one_time_password()
        staff_id = await create_staff(
            new.username,
            new.display_name.strip(),
            password,
            new.roles,
            must_change_password=True,
        )
        await record_event(
            "staff_created",
            actor_id=actor_id,
            subject=new.username,
            ip=ip,
            name=new.display_name.strip(),
            roles=_sorted(new.roles),
        )
    return staff_id, password


async def _name(staff_id: int | None) -> str:
    if staff_id is None:
        return ""
    row = await Staff.select(Staff.display_name).where(Staff.id == staff_id).first()
    return row["display_name"] if row else ""


async def change_roles(
    staff_id: int,
    roles: set[Role],
    actor_id: int,
    ip: str = "",
    leads_to: int | Literal["pool"] | None = None,
) -> int:
    """Gives the person these roles. Taking the sales consultant role away moves their open
    leads as deactivation does: to `leads_to` (a consultant's id, or "pool"); refused when
    they have open leads and `leads_to` is None. Returns how many leads moved."""
    now = datetime.now(UTC)
    async with engine_finder().transaction():
        row = await person(staff_id)
        if row is None:
            raise Refused({"form": N_("There is no such person.")})
        problem = role_change_problem(
            actor_id=actor_id,
            target_id=staff_id,
            target_roles=row["roles"],
            new_roles=roles,
            target_active=row["active"],
            active_managers=await _active_managers(),
        )
        if problem:
            raise Refused({"roles": problem})
        if set(row["roles"]) == roles:
            return 0
        handover = {}
        if drops_consultant(row["roles"], roles) and row["open_leads"]:
            if leads_to is None:
                raise Refused({"leads": N_("Choose where their open leads go.")})
            to_id = None if leads_to == "pool" else leads_to
            try:
                moved = await hand_over(staff_id, to_id, actor_id, now, ip, "owner_not_consultant")
            except HandoverRefused as refused:
                raise Refused({"leads_to": refused.message}, refused.args_) from None
            handover = {"leads": moved, "leads_to": to_id, "leads_to_name": await _name(to_id)}
        await Staff.update({**_flags(roles), Staff.updated_at: now}).where(Staff.id == staff_id)
        await record_event(
            "staff_roles_changed",
            actor_id=actor_id,
            subject=row["username"],
            ip=ip,
            before=_sorted(row["roles"]),
            after=_sorted(roles),
            **handover,
        )
    return handover.get("leads", 0)


async def deactivate(staff_id: int, leads_to: int | None, actor_id: int, ip: str = "") -> int:
    """Switches the account off: open leads to `leads_to` (a consultant) or the pool (None),
    every session ended. Returns how many leads moved."""
    now = datetime.now(UTC)
    async with engine_finder().transaction():
        row = await person(staff_id)
        if row is None or not row["active"]:
            raise Refused({"form": N_("This account is deactivated already.")})
        problem = deactivation_problem(
            actor_id=actor_id,
            target_id=staff_id,
            target_roles=row["roles"],
            active_managers=await _active_managers(),
        )
        if problem:
            raise Refused({"form": problem})
        try:
            moved = await hand_over(staff_id, leads_to, actor_id, now, ip)
        except HandoverRefused as refused:
            raise Refused({"leads_to": refused.message}, refused.args_) from None
        await Staff.update({Staff.active: False, Staff.updated_at: now}).where(Staff.id == staff_id)
        await StaffSession.delete().where(StaffSession.staff == staff_id)
        await record_event(
            "staff_deactivated",
            actor_id=actor_id,
            subject=row["username"],
            ip=ip,
            leads=moved,
            leads_to=leads_to,
            leads_to_name=await _name(leads_to),
        )
    return moved


async def reactivate(staff_id: int, actor_id: int, ip: str = "") -> None:
    async with engine_finder().transaction():
        done = (
            await Staff.update({Staff.active: True, Staff.updated_at: datetime.now(UTC)})
            .where((Staff.id == staff_id) & (Staff.active == False))  # noqa: E712
            .returning(Staff.username, Staff.is_manager, Staff.is_appraiser, Staff.is_consultant)
        )
        if not done:
            raise Refused({"form": N_("This account is active already.")})
        await record_event(
            "staff_reactivated",
            actor_id=actor_id,
            subject=done[0]["username"],
            ip=ip,
            roles=_sorted(_roles(done[0])),
        )


async def reset_password(staff_id: int, actor_id: int, ip: str = "") -> str:
    """A new one-time password (returned once); the person must choose their own at the next
    sign-in, and every phone signed in as them is signed out."""
    password = one_time_password()
    async with engine_finder().transaction():
        done = (
            await Staff.update(
                {
                    Staff.password_hash: hash_password(password),
                    Staff.must_change_password: True,
                    Staff.updated_at: datetime.now(UTC),
                }
            )
            .where(Staff.id == staff_id)
            .returning(Staff.username)
        )
        if not done:
            raise Refused({"form": N_("There is no such person.")})
        ended = (
            await StaffSession.delete()
            .where(StaffSession.staff == staff_id)
            .returning(StaffSession.id)
        )
        await record_event(
            "password_reset",
            actor_id=actor_id,
            subject=done[0]["username"],
            ip=ip,
            sessions_ended=len(ended),
        )
    return password
