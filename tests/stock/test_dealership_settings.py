"""The dealership's own choices for its stock: aging thresholds, and whether a listing needs
a passed certification (the environment's values until a manager saves the stock rules)."""

import pytest

from db.dealership.queries import save_stock_rules
from db.dealership.rules import StockRuleSet
from db.settings import _aging_days
from db.stock import queries
from db.stock.queries import MoveRefused
from db.stock.tables import StockUnit
from tests.stock.helpers import acquired


def test_aging_days_are_read_as_rising_whole_days():
    assert _aging_days("30,45,60,90") == (30, 45, 60, 90)
    assert _aging_days("20,40") == (20, 40)
    for bad in ("", "30,30", "45,30", "0,10", "30,abc", "-5,10"):
        with pytest.raises(ValueError, match="AGING_DAYS"):
            _aging_days(bad)


async def _rules(actor: int, **changes) -> None:
    await save_stock_rules(StockRuleSet(**changes), actor)


async def test_aging_badges_follow_the_dealership_thresholds(db):
    unit = await acquired(days_ago=25)
    actor = (await StockUnit.select(StockUnit.acquired_by).where(StockUnit.id == unit).first())[
        "acquired_by"
    ]
    assert (await queries.unit(unit))["aging"] == 0  # under 30 days by default
    await _rules(actor, aging_days=(20, 40))
    assert (await queries.unit(unit))["aging"] == 1
    assert [u["aging"] for u in await queries.inventory(queries.InventoryFilter())] == [1]


async def test_a_dealership_may_list_without_certification(db):
    unit = await acquired()
    actor = (await StockUnit.select(StockUnit.acquired_by).where(StockUnit.id == unit).first())[
        "acquired_by"
    ]
    await StockUnit.update({StockUnit.retail_price: 99800}).where(StockUnit.id == unit)
    with pytest.raises(MoveRefused):
        await queries.move(unit, "listed", actor)  # the default: certification first
    await _rules(actor, listing_needs_certification=False)
    await queries.move(unit, "listed", actor)
    assert (await StockUnit.select(StockUnit.state).where(StockUnit.id == unit).first())[
        "state"
    ] == "listed"
