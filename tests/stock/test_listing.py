"""The public copy of a car: written when it is listed, kept after it leaves, rebuilt on
demand; never made for a car that was never listed."""

from db.stock import queries
from db.stock.listing import republish_all
from db.stock.tables import Listing, StockUnit
from tests.stock.helpers import acquired


async def _listed(make: str = "本田") -> tuple[int, int]:
    unit = await acquired(make, "雅阁")
    actor = (await StockUnit.select(StockUnit.acquired_by).where(StockUnit.id == unit).first())[
        "acquired_by"
    ]
    await queries.move(unit, "certification", actor)
    await queries.certify(unit, True, "", actor)
    await StockUnit.update({StockUnit.retail_price: 139800}).where(StockUnit.id == unit)
    await queries.move(unit, "listed", actor)
    return unit, actor


async def test_a_car_gets_its_public_copy_when_listed_and_keeps_it_when_sold(db):
    never = await acquired("大众", "朗逸")
    unit, actor = await _listed()
    rows = await Listing.select(Listing.unit, Listing.status, Listing.price)
    assert rows == [{"unit": unit, "status": "available", "price": 139800}]
    await queries.move(unit, "sold", actor)
    assert await Listing.select(Listing.status).where(Listing.unit == unit).first() == {
        "status": "sold"
    }
    # a car back in reconditioning before ever being listed has no public page at all
    await queries.move(never, "certification", actor)
    assert await Listing.count().where(Listing.unit == never) == 0


async def test_republish_rewrites_every_public_copy(db):
    unit, _ = await _listed()
    await Listing.update({Listing.card: {}, Listing.price: None}).where(Listing.unit == unit)
    assert await republish_all() == 1
    row = (
        await Listing.select(Listing.card, Listing.price)
        .where(Listing.unit == unit)
        .output(load_json=True)
        .first()
    )
    assert row["price"] == 139800 and row["card"]["title"] == "本田 雅阁"
