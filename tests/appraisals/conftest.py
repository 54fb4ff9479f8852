"""Helpers for appraisal tests: a signed-in appraiser, a started appraisal, htmx posts."""

import re

import pytest

from db.staff.rules import Role
from tests.conftest import csrf_token, make_staff, sign_in

PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}


class Sheet:
    """One appraisal as a phone drives it: autosave fields, post actions, read pages."""

    def __init__(self, client, appraisal_id: int, token: str) -> None:
        self.client, self.id, self.token = client, appraisal_id, token
        self.url = f"/appraisals/{appraisal_id}"

    async def save(self, name: str, value: str):
        return await self.client.post(
            f"{self.url}/fields/{name}",
            data={name: value, "_csrf_token": self.token},
            headers=PARTIAL,
        )

    async def post(self, path: str, data: dict | None = None, files=None, htmx=True):
        return await self.client.post(
            f"{self.url}{path}",
            data={"_csrf_token": self.token, **(data or {})},
            files=files,
            headers=PARTIAL if htmx else {},
        )


async def start_sheet(client) -> Sheet:
    token = await csrf_token(client)
    response = await client.post("/appraisals", data={"_csrf_token": token})
    assert response.status_code == 303
    appraisal_id = int(re.search(r"/appraisals/(\d+)$", response.headers["location"])[1])
    return Sheet(client, appraisal_id, token)


@pytest.fixture
async def appraiser(client):
    await make_staff("li.ming", {Role.APPRAISER}, display_name="李明")
    await sign_in(client, "li.ming")
    return client


@pytest.fixture
async def sheet(appraiser) -> Sheet:
    return await start_sheet(appraiser)
