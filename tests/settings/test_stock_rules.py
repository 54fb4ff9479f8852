"""The stock rules a manager edits: aging thresholds (the stock list's badges follow them)
and whether listing needs a passed certification; refused input keeps the rules in force."""

from __future__ import annotations

import pytest

from db.audit.tables import AuditEvent
from db.dealership.queries import current_stock_rules
from db.dealership.tables import StockRules
from db.settings import settings
from db.staff.rules import Role
from db.stock.tables import StockUnit
from tests.conftest import csrf_token, html
from tests.stock.helpers import acquired, tr

URL = "/manager/settings/stock"


async def post_rules(client, aging_days: str, certification: bool = True):
    data = {"_csrf_token": await csrf_token(client), "aging_days": aging_days}
    if certification:
        data["listing_needs_certification"] = "1"
    return await client.post(URL, data=data)


def badge(doc, unit: int) -> set[str]:
    link = doc.select_one(f"#stock-list a[href='/inventory/{unit}']")
    return set(link.select_one(".badge[class*='age-']")["class"])


async def test_the_environment_is_in_force_until_a_manager_saves(signed_in):
    client = await signed_in({Role.MANAGER})
    rules = await current_stock_rules()
    assert rules.aging_days == settings().aging_days and rules.version == 0
    doc = html(await client.get(URL))
    assert doc.select_one("#f-aging_days")["value"] == ", ".join(map(str, settings().aging_days))
    assert doc.select_one("input[name=listing_needs_certification]").has_attr("checked")


async def test_aging_thresholds_change_the_stock_lists_badges(signed_in):
    unit = await acquired(days_ago=25)
    client = await signed_in({Role.MANAGER})
    assert "age-0" in badge(html(await client.get("/inventory")), unit)  # under 30 days
    assert (await post_rules(client, "20, 40")).status_code == 303
    assert "age-1" in badge(html(await client.get("/inventory")), unit)
    assert "age-1" in set(
        html(await client.get(f"/inventory/{unit}")).select_one(".badge[class*='age-']")["class"]
    )
    event = (
        await AuditEvent.select(AuditEvent.detail)
        .where(AuditEvent.kind == "stock_rules_changed")
        .first()
        .output(load_json=True)
    )
    assert event["detail"]["changes"] == {"aging_days": ["30, 45, 60, 90", "20, 40"]}


async def test_a_dealership_may_list_without_certification(signed_in):
    unit = await acquired()
    client = await signed_in({Role.MANAGER})
    await StockUnit.update({StockUnit.retail_price: 99800}).where(StockUnit.id == unit)
    await StockUnit.update({StockUnit.state: "certification"}).where(StockUnit.id == unit)
    page = html(await client.get(f"/inventory/{unit}"))
    assert not page.select("input[name=to][value=listed]")  # not certified yet
    await post_rules(client, "30, 45, 60, 90", certification=False)
    page = html(await client.get(f"/inventory/{unit}"))
    assert page.select("input[name=to][value=listed]")
    event = (
        await AuditEvent.select(AuditEvent.detail)
        .where(AuditEvent.kind == "stock_rules_changed")
        .first()
        .output(load_json=True)
    )
    assert event["detail"]["changes"] == {"listing_needs_certification": [True, False]}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0, 30, 60", "Each threshold is from 1 to {longest} days."),
        ("30, 30, 60", "Each threshold must be more days than the one before it."),
        ("60, 45", "Each threshold must be more days than the one before it."),
        ("三十", "Enter whole days separated by commas, e.g. 30, 45, 60, 90."),
        ("", "Enter at least one number of days, e.g. 30, 45, 60, 90."),
    ],
)
async def test_bad_thresholds_are_refused_and_the_rules_in_force_kept(signed_in, typed, message):
    client = await signed_in({Role.MANAGER})
    await post_rules(client, "20, 40")
    response = await post_rules(client, typed, certification=False)
    assert response.status_code == 422
    doc = html(response)
    error = doc.select_one("#f-aging_days-error").get_text(strip=True)
    assert error == tr(message).format(longest=365)
    assert doc.select_one("#f-aging_days")["value"] == typed
    assert not doc.select_one("input[name=listing_needs_certification]").has_attr("checked")
    assert "20, 40" in doc.select_one(".setting-kept").get_text()
    rules = await current_stock_rules()
    assert rules.aging_days == (20, 40) and rules.listing_needs_certification  # nothing saved
    assert await StockRules.count() == 1


async def test_the_settings_index_lists_every_area_with_a_link(signed_in):
    client = await signed_in({Role.MANAGER})
    await post_rules(client, "20, 40")
    doc = html(await client.get("/manager/settings"))
    links = [a["href"] for a in doc.select(".setting-area a.setting-link")]
    assert links == [
        "/manager/settings/profile",
        "/manager/settings/stock",
        "/manager/pricing",
        "/manager/leads-policy",
        "/manager/certification",
        "/manager/blacklist",
        "/manager/staff",
    ]
    assert "20, 40" in doc.select_one("#setting-stock").get_text()
    assert settings().dealership_phone in doc.select_one("#setting-profile").get_text()
    dashboard = html(await client.get("/manager"))
    assert dashboard.select_one("a[href='/manager/settings']")
