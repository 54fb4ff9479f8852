"""The demo dealership: loaded by `make run` when the database is empty.

Each feature adds its own realistic data here, so every screen has something to show.
"""

from __future__ import annotations

from db.audit.queries import record_event
from db.staff.queries import create_staff, staff_count
from db.staff.rules import Role

DEMO_PASSWORD = "lotside-demo"  # noqa: S105 - printed in the README on purpose

DEMO_STAFF = [
    # username, display name, roles, active
    ("manager", "王建国", {Role.MANAGER}, True),
    ("appraiser", "李明", {Role.APPRAISER}, True),
    ("consultant", "张婷", {Role.CONSULTANT}, True),
    ("chenjing", "陈静", {Role.CONSULTANT}, True),
    ("zhaolei", "赵磊", {Role.APPRAISER, Role.CONSULTANT}, True),
    ("liuyang", "刘洋", {Role.CONSULTANT}, False),
]


async def load_demo_if_empty() -> bool:
    """Load the demo dealership into an empty database; True if it loaded."""
    if await staff_count():
        return False
    for username, name, roles, active in DEMO_STAFF:
        await create_staff(username, name, DEMO_PASSWORD, roles, active=active, is_demo=True)
        await record_event("staff_created", subject=username, roles=sorted(roles))
        if not active:
            await record_event("staff_deactivated", subject=username, actor_id=None)
    return True


DEMO_LOGINS = [(u, DEMO_PASSWORD) for u, _, _, active in DEMO_STAFF[:3] if active]
