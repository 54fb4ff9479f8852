"""A manager edits the cost rule; appraisals are priced with the newest version."""

from db.appraisals.tables import PricingRuleVersion
from db.audit.tables import AuditEvent
from db.staff.rules import Role
from tests.conftest import csrf_token, html

RULE = {
    "transport": "1000",
    "inspection": "300",
    "tax_permille": "5",
    "fixed_cost_share": "3000",
    "target_profit_permille": "60",
    "min_target_profit": "3000",
    "offer_spread_permille": "50",
    "outcome_due_days": "3",
}


async def test_a_manager_changes_the_rule_and_it_is_logged(signed_in):
    client = await signed_in({Role.MANAGER})
    token = await csrf_token(client)
    response = await client.post("/manager/pricing", data={"_csrf_token": token, **RULE})
    assert response.status_code == 303
    page = html(await client.get(response.headers["location"]))
    assert page.select_one("#f-transport")["value"] == "1000"
    assert await PricingRuleVersion.count() == 1
    event = (
        await AuditEvent.select(AuditEvent.kind, AuditEvent.subject)
        .where(AuditEvent.kind == "setting_changed")
        .first()
    )
    assert event == {"kind": "setting_changed", "subject": "pricing_rule"}


async def test_bad_numbers_are_refused_beside_their_fields(signed_in):
    client = await signed_in({Role.MANAGER})
    token = await csrf_token(client)
    response = await client.post(
        "/manager/pricing",
        data={"_csrf_token": token, **RULE, "transport": "-5", "tax_permille": "abc"},
    )
    assert response.status_code == 422
    doc = html(response)
    assert doc.select_one("#f-transport")["value"] == "-5"
    assert doc.select_one("#f-transport-error") and doc.select_one("#f-tax_permille-error")
    assert await PricingRuleVersion.count() == 0


async def test_the_new_rule_prices_appraisals(signed_in):
    from tests.appraisals.conftest import start_sheet

    client = await signed_in({Role.MANAGER})
    token = await csrf_token(client)
    await client.post("/manager/pricing", data={"_csrf_token": token, **RULE})
    sheet = await start_sheet(client)
    response = await sheet.save("forecast_retail", "12.8")
    total = html(response).select_one("#price-summary tr.total td").get_text(strip=True)
    assert total == "¥115,380"  # 128000 - 1000 - 300 - 640 - 3000 - 7680 = 115,380


async def test_a_closed_appraisal_keeps_the_rule_of_its_day(signed_in):
    from db.appraisals import queries
    from db.staff.tables import Staff
    from tests.appraisals.conftest import start_sheet

    client = await signed_in({Role.MANAGER, Role.APPRAISER})
    me = (await Staff.select(Staff.id).where(Staff.username == "staffer").first())["id"]
    closed, still_open = await start_sheet(client), await start_sheet(client)
    for sheet in (closed, still_open):
        await sheet.save("forecast_retail", "12.8")
    await queries.close(closed.id, "declined", me, note="车主嫌低")
    token = await csrf_token(client)
    await client.post("/manager/pricing", data={"_csrf_token": token, **RULE})

    def total(response) -> str:
        return html(response).select_one("#price-summary tr.total td").get_text(strip=True)

    # 128000 - 800 - 300 - 640 - 2500 - 7680: the default rule, in force when it closed
    assert total(await client.get(closed.url)) == "¥116,080"
    assert total(await client.get(still_open.url)) == "¥115,380"  # the deal is still open
