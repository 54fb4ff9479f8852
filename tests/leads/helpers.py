"""Small factories for the leads' tests."""

from __future__ import annotations

from datetime import date, timedelta

from db.leads.tables import Lead
from db.staff.rules import Role
from tests.conftest import make_staff


async def consultant(username: str = "zhangting", name: str = "张婷", **kw) -> int:
    return await make_staff(username, {Role.CONSULTANT}, display_name=name, **kw)


async def a_lead(
    owner: int | None,
    *,
    phone: str = "13812345678",
    name: str = "王先生",
    status: str = "new",
    grade: str = "B",
    days: int = 3,
    **kw,
) -> int:
    row = Lead(
        name=name,
        phone=phone,
        source="walk_in",
        status=status,
        grade=grade,
        owner=owner,
        next_follow_up=date.today() + timedelta(days=days),
        **kw,
    )
    await row.save()
    return row.id
