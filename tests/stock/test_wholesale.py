"""Wholesale: several dealers' bids, the sale to the highest, the losing bids kept."""

from db.staff.rules import Role
from db.stock.tables import StockMove, StockUnit, WholesaleBid
from tests.conftest import html
from tests.stock.helpers import acquired, post, state_of, tr

BIDS = [
    ("顺达二手车行", "13800138000", "8.2万"),
    ("鹏城车商", "", "86500"),
    ("广佛车盟", "", "8.45"),
]


async def _bids(client, unit: int) -> dict[str, int]:
    for dealer, contact, amount in BIDS:
        response = await post(
            client,
            f"/inventory/{unit}/bids",
            {"dealer": dealer, "contact": contact, "amount": amount},
        )
        assert response.status_code == 200
    rows = await WholesaleBid.select(WholesaleBid.id, WholesaleBid.dealer)
    return {r["dealer"]: r["id"] for r in rows}


async def test_bids_are_listed_highest_first_and_the_car_goes_to_the_highest(signed_in):
    unit = await acquired(price=80000)
    client = await signed_in({Role.APPRAISER})
    ids = await _bids(client, unit)
    doc = html(await client.get(f"/inventory/{unit}"))
    dealers = [li.select_one(".row-main").get_text(" ", strip=True) for li in doc.select(".bid")]
    assert [d.split()[1] for d in dealers] == ["鹏城车商", "广佛车盟", "顺达二手车行"]
    assert len(doc.select("form.bid-sell")) == 1  # only the highest is offered

    lower = await post(client, f"/inventory/{unit}/bids/{ids['顺达二手车行']}/sell")
    assert lower.status_code == 422
    assert html(lower).select_one("#unit-wholesale [role=alert]").get_text(strip=True) == tr(
        "Sell to the highest bid; a lower one would leave money on the table."
    )
    assert await state_of(unit) == "reconditioning"

    sold = await post(client, f"/inventory/{unit}/bids/{ids['鹏城车商']}/sell")
    assert sold.status_code == 200
    assert await state_of(unit) == "wholesale"
    row = await StockUnit.select(StockUnit.sale_price, StockUnit.left_at).first()
    assert row["sale_price"] == 86500 and row["left_at"] is not None
    won = await WholesaleBid.select(WholesaleBid.dealer).where(WholesaleBid.won == True).run()  # noqa: E712
    assert [w["dealer"] for w in won] == ["鹏城车商"]
    assert await WholesaleBid.count() == 3  # the losing bids are kept
    move = await StockMove.select(StockMove.to_state, StockMove.note).first()
    assert move["to_state"] == "wholesale" and "鹏城车商" in move["note"]
    doc = html(sold)
    assert len(doc.select("#unit-wholesale .bid")) == 3
    assert doc.select_one("#unit-wholesale .is-won .badge-ok") is not None
    assert doc.select("form.add-bid, form.bid-sell") == []
    assert "¥8.65万" in doc.select_one("#unit-money").get_text()  # sold for, out of band
    # the margin is what the sale earned: 86500 - 80000
    assert doc.select_one("#unit-money .unit-margin").get_text(" ", strip=True).startswith("¥6,500")


async def test_a_car_that_left_stock_takes_no_bids(signed_in):
    unit = await acquired()
    client = await signed_in({Role.APPRAISER})
    ids = await _bids(client, unit)
    await post(client, f"/inventory/{unit}/bids/{ids['鹏城车商']}/sell")
    late = await post(client, f"/inventory/{unit}/bids", {"dealer": "迟到车行", "amount": "9万"})
    assert late.status_code == 422
    assert html(late).select_one("#unit-wholesale [role=alert]").get_text(strip=True) == tr(
        "This car has left stock; it takes no more bids."
    )
    again = await post(client, f"/inventory/{unit}/bids/{ids['鹏城车商']}/sell")
    assert again.status_code == 422
    assert await WholesaleBid.count() == 3


async def test_a_sold_car_takes_no_bids(signed_in):
    unit = await acquired()
    await StockUnit.update({StockUnit.state: "sold"}).where(StockUnit.id == unit)
    client = await signed_in({Role.APPRAISER})
    response = await post(
        client, f"/inventory/{unit}/bids", {"dealer": "鹏城车商", "amount": "8万"}
    )
    assert response.status_code == 422
    assert await WholesaleBid.count() == 0


async def test_bad_bids_are_refused_beside_the_fields(signed_in):
    unit = await acquired()
    client = await signed_in({Role.APPRAISER})
    for data, field in (
        ({"dealer": "", "amount": "8万"}, "#f-bid-dealer-error"),
        ({"dealer": "x" * 65, "amount": "8万"}, "#f-bid-dealer-error"),
        ({"dealer": "鹏城车商", "amount": "-1"}, "#f-bid-amount-error"),
        ({"dealer": "鹏城车商", "amount": "lots"}, "#f-bid-amount-error"),
        ({"dealer": "鹏城车商", "amount": "5000万"}, "#f-bid-amount-error"),
        ({"dealer": "鹏城车商", "amount": "8万", "contact": "1" * 33}, "#f-bid-contact-error"),
    ):
        response = await post(client, f"/inventory/{unit}/bids", data)
        assert response.status_code == 422, data
        doc = html(response)
        assert doc.select_one(field) is not None, data
        assert doc.select_one("#f-bid-dealer")["value"] == data["dealer"]
    assert await WholesaleBid.count() == 0


async def test_consultants_neither_see_nor_record_bids(signed_in):
    unit = await acquired()
    client = await signed_in({Role.CONSULTANT})
    doc = html(await client.get(f"/inventory/{unit}"))
    assert doc.select_one("#unit-wholesale").has_attr("hidden")
    response = await post(
        client, f"/inventory/{unit}/bids", {"dealer": "鹏城车商", "amount": "8万"}
    )
    assert response.status_code == 403
