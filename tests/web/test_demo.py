"""The demo dealership: every appraisal screen has realistic data on a fresh `make run`."""

from db.appraisals.tables import Appraisal, AppraisalPhoto, PriceApproval
from db.demo import load_demo_if_empty
from db.stock.photo_queries import PLATE_SHOTS
from db.stock.tables import Listing, StockUnit
from tests.conftest import html, sign_in
from web.demo import load_demo_appraisals


async def test_the_demo_covers_every_outcome_an_approval_and_an_overdue_draft(client):
    await load_demo_if_empty()
    assert await load_demo_appraisals() == 36
    assert await load_demo_appraisals() == 0  # only into an empty table
    outcomes = {r["outcome"] for r in await Appraisal.select(Appraisal.outcome)}
    assert outcomes == {None, "acquired", "declined", "sold_elsewhere", "wholesale", "voided"}
    states = {r["state"] for r in await StockUnit.select(StockUnit.state)}
    assert states == {"reconditioning", "certification", "listed", "reserved", "sold", "wholesale"}
    assert await PriceApproval.count().where(PriceApproval.status == "pending") == 1
    assert await AppraisalPhoto.count() >= 250
    # the showroom: enough listed cars for the public stock pages, each with its photos
    listings = await Listing.select(Listing.status, Listing.card, Listing.page).output(
        load_json=True
    )
    on_sale = [row for row in listings if row["status"] == "available"]
    assert len(on_sale) >= 14
    assert {row["status"] for row in listings} == {"available", "reserved", "sold"}
    plates = (
        await AppraisalPhoto.select(AppraisalPhoto.variants)
        .where(AppraisalPhoto.slot.is_in(list(PLATE_SHOTS)))
        .output(load_json=True)
    )
    showing_plates = {url for p in plates for url in p["variants"].values()}
    for row in listings:
        assert row["card"]["cover"] is not None, row["card"]["title"]
        assert len(row["page"]["photos"]) >= 1, row["card"]["title"]
        shown = {key for p in row["page"]["photos"] for key in p["variants"].values()}
        assert not shown & showing_plates, row["card"]["title"]  # no number plate goes public

    await sign_in(client, "manager", "lotside-demo")
    dashboard = html(await client.get("/manager"))
    assert "本田 雅阁" in dashboard.get_text()  # five days without an outcome
    assert "比亚迪" in dashboard.get_text()  # its price waits for approval
    first = html(await client.get("/appraisals/1"))
    assert len(first.select("#photo-grid li.shot.has-photo[id^=shot-]")) == 9
    same_vin = html(await client.get("/appraisals/6")).select_one("#vin-info [role=alert]")
    assert same_vin is not None and "/appraisals/5" in str(same_vin)
