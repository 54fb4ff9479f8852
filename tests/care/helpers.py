"""Small builders for the care tests: a car that can be sold, a won lead with its plan."""

from __future__ import annotations

from db.leads.enquiries import dealer_today
from db.leads.won import win
from db.stock.tables import StockUnit
from tests.stock.helpers import acquired

EN = {"Accept-Language": "en"}


async def car(state: str = "listed", make: str = "丰田", model: str = "卡罗拉") -> int:
    unit = await acquired(make, model)
    await StockUnit.update({StockUnit.state: state}).where(StockUnit.id == unit)
    return unit


async def won_lead(owner: int, **fields) -> int:
    """A lead its owner has marked won through db.leads.won (so its care plan exists)."""
    from tests.leads.factories import make_lead

    lead = await make_lead(owner, **fields)
    unit = await car()
    assert await win(lead, unit, owner, is_manager=False, sold_on=dealer_today()) is None
    return lead
