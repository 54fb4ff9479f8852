"""Small builders for the complaints' tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.complaints import complaints as store
from db.complaints.tables import Complaint, ComplaintStep
from tests.conftest import csrf_token

EN = {"Accept-Language": "en"}


async def a_complaint(handler: int, *, lead: int | None = None, hours_ago: float = 1, **kw) -> int:
    return await store.record(
        store.NewComplaint(
            customer_name=kw.pop("name", "刘女士"),
            phone=kw.pop("phone", "13912345678"),
            what=kw.pop("what", "提车第二天发动机故障灯亮了"),
            received_at=datetime.now(UTC) - timedelta(hours=hours_ago),
            lead=lead,
            handler=handler,
        ),
        handler,
    )


async def step_of(complaint_id: int) -> dict:
    return (
        await Complaint.select(Complaint.step, Complaint.answer, Complaint.closed_at)
        .where(Complaint.id == complaint_id)
        .first()
    )


async def steps_taken(complaint_id: int) -> list[str]:
    rows = (
        await ComplaintStep.select(ComplaintStep.step)
        .where(ComplaintStep.complaint == complaint_id)
        .order_by(ComplaintStep.id)
    )
    return [r["step"] for r in rows]


async def take(client, complaint_id: int, action: str, **fields):
    token = await csrf_token(client)
    step = fields.pop("step", None)
    if step is None:
        step = (await step_of(complaint_id))["step"]
    return await client.post(
        f"/complaints/{complaint_id}/steps",
        data={"action": action, "step": step, "_csrf_token": token, **fields},
        headers=EN,
    )


async def switch_to(client, username: str) -> None:
    from tests.conftest import sign_in

    token = await csrf_token(client)
    await client.post("/logout", data={"_csrf_token": token})
    client.cookies.clear()
    response = await sign_in(client, username)
    assert response.status_code == 303
