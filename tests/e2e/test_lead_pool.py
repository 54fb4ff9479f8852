"""A lead's way to the public pool on phones: the owner asks to close it lost, the manager
approves, the nightly batch pools it, a second consultant reveals the number (only after
logging a follow-up) and claims it; the manager sees the reveal in the audit list."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from db.leads.pool import release_to_pool
from db.leads.tables import Lead
from db.staff.tables import Staff
from tests.e2e.pages import path_is, run_async, sign_in_as, tr
from tests.leads.factories import make_lead

pytestmark = pytest.mark.browser

PHONE = "13755556666"


async def _lead_of(username: str) -> int:
    owner = await Staff.select(Staff.id).where(Staff.username == username).first()
    return await make_lead(owner["id"], name="孙先生", phone=PHONE, grade="C")


def test_a_lost_lead_goes_to_the_pool_and_a_colleague_claims_it(new_page, guard, shot):
    lead = run_async(_lead_of("consultant"))

    owner = new_page()
    sign_in_as(owner, "consultant")
    owner.goto(f"/leads/{lead}/lost")
    form = owner.locator("#lost-form form")
    guard.allow(r"status of 422")  # the empty reason is refused on purpose
    form.get_by_role("button", name=tr("Ask the manager")).tap()
    expect(owner.locator("#f-lost-reason-error")).to_have_text(tr("Choose why the lead is lost."))
    form = owner.locator("#lost-form form")
    form.get_by_label(tr("Why is it lost?")).select_option("bought_elsewhere")
    form.get_by_label(tr("Note for the manager")).fill("已在别家买了")
    shot(owner, "0-ask-lost")
    form.get_by_role("button", name=tr("Ask the manager")).tap()
    expect(owner).to_have_url(path_is("/today"))
    expect(owner.locator("#today-lost .ac-title")).to_have_text(["孙先生"])

    manager = new_page()
    sign_in_as(manager, "manager")
    manager.goto("/today")
    expect(manager.locator("#lost-requests .count")).to_have_text("1")
    shot(manager, "1-manager-today")
    manager.locator("#lost-requests a[href='/leads/lost']").tap()
    card = manager.locator(f"#lost-{lead}")
    expect(card).to_contain_text(tr("Bought elsewhere"))
    card.get_by_role("button", name=tr("Approve")).tap()
    expect(manager.locator(f"#lost-{lead}")).to_have_count(0)
    assert run_async(Lead.select(Lead.status).where(Lead.id == lead).first().run()) == {
        "status": "lost"
    }

    counts = run_async(release_to_pool(datetime.now(UTC)))
    assert counts["lost"] == 1

    colleague = new_page()
    sign_in_as(colleague, "chenjing")
    colleague.goto("/leads/pool")
    card = colleague.locator(f"#lead-{lead}")
    expect(card.locator(".lead-phone")).to_have_text("137****6666")
    shot(colleague, "2-pool-masked")
    # the number stays masked until the colleague has logged a follow-up (or gives a reason)
    card.locator("a.ac-title").tap()
    expect(colleague).to_have_url(path_is(f"/leads/{lead}"))
    expect(colleague.locator(".phone-masked")).to_have_text("137****6666")
    colleague.get_by_role("button", name=tr("Reveal number")).tap()
    expect(colleague.locator("#f-reveal-error")).to_have_text(
        tr("Log a follow-up or give a reason to see the number.")
    )
    expect(colleague.locator(".call-link")).to_have_count(0)
    form = colleague.locator("#follow-up-form")
    form.locator("label.chip", has_text=tr("WeChat")).tap()
    form.get_by_label(tr("What was said")).fill("微信上问了预算，客户愿意再谈")
    form.get_by_role("button", name=tr("Save follow-up")).tap()
    expect(colleague.locator(".history-item.follow_up").first).to_contain_text("客户愿意再谈")
    colleague.get_by_role("button", name=tr("Reveal number")).tap()
    expect(colleague.locator(".call-link")).to_contain_text(PHONE)
    shot(colleague, "3-revealed-after-follow-up")
    colleague.get_by_role("button", name=tr("Claim this lead")).tap()
    expect(colleague.locator("#pool-list [role=status]")).to_be_visible()
    expect(colleague.locator(f"#lead-{lead}")).to_have_count(0)
    shot(colleague, "4-claimed")

    manager.goto("/manager/reveals")
    first = manager.locator(".reveal-row").first
    expect(first.locator(".reveal-reason")).to_have_text(tr("Follow-up logged"))
    expect(first).to_contain_text("孙先生")
    shot(manager, "5-reveals")
