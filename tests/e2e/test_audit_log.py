"""The audit log on a phone: choosing a kind swaps only the list and puts the choice in the
URL, so Back returns to every entry; "Older" pages on in place."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from db.audit.tables import AuditEvent
from db.staff.tables import Staff
from tests.e2e.pages import document_kept, mark_document, run_async, sign_in_as, tr

pytestmark = pytest.mark.browser


async def _exports() -> None:
    boss = (await Staff.select(Staff.id).where(Staff.username == "manager").first())["id"]
    start = datetime.now(UTC) - timedelta(days=2)
    await AuditEvent.insert(
        *[
            AuditEvent(
                kind="leads_exported",
                actor=boss,
                subject="leads",
                detail={"rows": i, "format": "csv"},
                ip="10.1.1.1",
                created_at=start + timedelta(minutes=i),
            )
            for i in range(55)
        ]
    )


def test_a_manager_filters_the_log_by_kind_and_pages_back(new_page, guard, shot):
    run_async(_exports())
    page = new_page()
    sign_in_as(page, "manager")
    page.goto("/manager")
    page.locator("#audit-trail a[href='/manager/audit']").tap()
    expect(page).to_have_url(re.compile(r"/manager/audit$"))
    mark_document(page)
    page.get_by_label(tr("Kind")).select_option("exports")
    expect(page).to_have_url(re.compile(r"group=exports"))
    rows = page.locator("#audit-log .audit-row")
    expect(rows).to_have_count(50)
    expect(rows.first).to_have_attribute("data-kind", "leads_exported")
    assert document_kept(page)  # htmx swapped the list; no new page
    shot(page, "0-exports")
    page.locator("a.audit-older").tap()
    expect(page).to_have_url(re.compile(r"before=\d+"))
    expect(rows.filter(has_text="10.1.1.1")).to_have_count(5)
    page.go_back()
    expect(page).to_have_url(re.compile(r"group=exports$"))
    expect(rows).to_have_count(50)
