"""Condition marks and checklists, the price range, approvals, outcomes and the owner's sheet."""

from db.appraisals.tables import Appraisal, AppraisalChange, DamageMark, PriceApproval
from db.staff.rules import Role
from db.stock.tables import StockUnit
from tests.appraisals.conftest import PARTIAL
from tests.conftest import csrf_token, html, make_staff, sign_in
from tests.media import images


async def _nine_photos(sheet):
    from db.appraisals.photo_queries import GUIDED_SHOTS

    data = images.phone_jpeg(width=800, height=600)
    for i, slot in enumerate(GUIDED_SHOTS):
        response = await sheet.post(
            "/photos",
            {"slot": slot, "client_id": f"nine-{i:04d}"},
            files={"photo": ("p.jpg", data, "image/jpeg")},
        )
        assert response.status_code == 200


async def test_a_damage_mark_shows_on_the_car_map_and_lowers_the_grade(sheet):
    assert html(await sheet.client.get(sheet.url)).select_one("#grade .reasons") is None
    opened = await sheet.client.get(f"{sheet.url}?panel=front_bumper", headers=PARTIAL)
    assert html(opened).select_one("#mark-form input[name=panel]")["value"] == "front_bumper"
    response = await sheet.post(
        "/marks", {"panel": "front_bumper", "kind": "dent", "severity": "3", "note": "停车场剐蹭"}
    )
    doc = html(response)
    panel = doc.select_one(".car-map .panel-front_bumper")
    assert "sev-3" in panel["class"] and panel.select_one("b").get_text() == "1"
    assert "停车场剐蹭" in doc.select_one(".marks").get_text()
    reasons = doc.select_one("#grade .reasons").get_text()
    assert "1" in reasons and "严重 1" in reasons or "1 severe" in reasons
    assert await DamageMark.count() == 1


async def test_a_bad_mark_is_refused_and_removing_keeps_the_row(sheet):
    bad = await sheet.post(
        "/marks", {"panel": "front_bumper", "kind": "explosion", "severity": "9"}
    )
    assert bad.status_code == 422
    await sheet.post("/marks", {"panel": "roof", "kind": "scratch", "severity": "1"})
    mark = await DamageMark.select(DamageMark.id).first()
    response = await sheet.post(f"/marks/{mark['id']}/remove")
    assert html(response).select_one(".marks") is None
    assert await DamageMark.count() == 1
    assert await DamageMark.count().where(DamageMark.removed_at.is_not_null()) == 1


async def test_a_checklist_problem_counts_and_suggests_reconditioning(sheet):
    await sheet.save("forecast_retail", "12.8")
    response = await sheet.post(
        "/checks",
        {"section": "engine_gearbox", "item": "oil_leaks", "ok": "0", "note": "油底壳渗油"},
    )
    assert response.status_code == 200
    answer = html(response)
    # only this row is swapped; the grade, the section's count and the price come out of band
    assert answer.select_one("#condition") is None
    assert answer.select_one("form#check-engine_gearbox-oil_leaks") is not None
    assert answer.select_one('#issues-engine_gearbox[hx-swap-oob="true"]').get_text(strip=True)
    assert answer.select_one('#grade[hx-swap-oob="true"] .reasons') is not None
    assert answer.select_one('#price[hx-swap-oob="true"]') is not None
    doc = html(await sheet.client.get(sheet.url))
    assert (
        doc.select_one("#check-engine_gearbox-oil_leaks input[name=note]")["value"] == "油底壳渗油"
    )
    costs = [i["value"] for i in doc.select("#price .recon input[name=cost]")]
    assert costs == ["200"]


async def test_the_price_range_itemises_every_deduction(sheet):
    await sheet.save("tread_front_left", "2.0")  # a worn tyre: 600 of reconditioning
    response = await sheet.save("forecast_retail", "12.8")
    summary = html(response).select_one("#price-summary")
    rows = {
        r.select_one("th").get_text(strip=True): r.select_one("td").get_text(strip=True)
        for r in summary.select("tr")
    }
    assert rows["预计零售价"] == "¥12.8万" if "预计零售价" in rows else True
    amounts = list(rows.values())
    assert "¥600" in amounts and "¥800" in amounts and "¥300" in amounts
    total = summary.select_one("tr.total td").get_text(strip=True)
    assert total == "¥115,480"  # 128000-600-800-300-640-2500-7680


async def test_an_edited_and_an_added_reconditioning_item_change_the_maximum(sheet):
    await sheet.save("tread_front_left", "2.0")
    await sheet.save("forecast_retail", "12.8")
    await sheet.post("/recon", {"key": "tyre:front_left", "label": "x", "cost": "450"})
    response = await sheet.post("/recon", {"label": "精洗打蜡", "cost": "380"})
    total = html(response).select_one("#price-summary tr.total td").get_text(strip=True)
    assert total == "¥115,250"  # 128000-450-380-800-300-640-2500-7680 = 115,250
    bad = await sheet.post("/recon", {"label": "", "cost": "abc"})
    assert bad.status_code == 422


async def test_a_price_above_the_maximum_needs_a_managers_approval(sheet, client):
    await _nine_photos(sheet)
    await sheet.save("forecast_retail", "12.8")
    response = await sheet.save("agreed_price", "12")
    assert "approval-needed" in str(html(response).select_one("#price-summary"))
    refused = await sheet.post("/outcome", {"outcome": "acquired"})
    assert refused.status_code == 422
    assert (await Appraisal.select(Appraisal.outcome).first())["outcome"] is None
    await sheet.post("/approvals", {"reason": "低里程一手车，好卖"})
    approval = await PriceApproval.select(PriceApproval.id).first()
    # the appraiser may not approve their own request
    assert (
        await sheet.post(f"/approvals/{approval['id']}", {"decision": "approve"})
    ).status_code == 403
    await make_staff("wang.jianguo", {Role.MANAGER})
    client.cookies.clear()
    await sign_in(client, "wang.jianguo")
    sheet.token = await csrf_token(client)
    dashboard = html(await client.get("/manager"))
    assert dashboard.select_one(f'a[href="{sheet.url}#price"]') is not None
    decided = await sheet.post(
        f"/approvals/{approval['id']}", {"decision": "approve", "note": "同意"}
    )
    assert "approval-approved" in str(html(decided).select_one("#price-summary"))
    closed = await sheet.post("/outcome", {"outcome": "acquired"}, htmx=False)
    assert closed.status_code == 303
    unit = await StockUnit.select(StockUnit.purchase_price, StockUnit.state).first()
    assert unit == {"purchase_price": 120000, "state": "reconditioning"}


async def test_acquiring_needs_the_nine_photos(sheet):
    await sheet.save("forecast_retail", "12.8")
    await sheet.save("agreed_price", "10")
    response = await sheet.post("/outcome", {"outcome": "acquired"})
    assert response.status_code == 422
    assert html(response).select_one("[role=alert]").get_text() == "收购前请拍齐 9 张标准照。"


async def test_a_declined_appraisal_needs_a_reason_and_the_owners_price(sheet):
    response = await sheet.post("/outcome", {"outcome": "declined"})
    assert response.status_code == 422
    response = await sheet.post("/outcome", {"outcome": "declined", "note": "车主嫌价低"})
    assert response.status_code == 422
    done = await sheet.post(
        "/outcome",
        {"outcome": "declined", "note": "车主嫌价低", "owner_expected_price": "13.5"},
        htmx=False,
    )
    assert done.status_code == 303
    row = await Appraisal.select(Appraisal.outcome, Appraisal.owner_expected_price).first()
    assert row == {"outcome": "declined", "owner_expected_price": 135000}


async def test_a_closed_appraisal_can_no_longer_change(sheet):
    await sheet.save("colour", "白")
    await sheet.post("/outcome", {"outcome": "voided", "note": "重复录入"})
    response = await sheet.save("colour", "黑")
    assert response.status_code == 409
    assert (await Appraisal.select(Appraisal.colour).first())["colour"] == "白"
    assert (
        await sheet.post("/marks", {"panel": "roof", "kind": "dent", "severity": "1"})
    ).status_code == 409
    assert await AppraisalChange.count().where(AppraisalChange.field == "outcome") == 1


async def test_a_disclosure_needs_its_note_before_closing(sheet):
    await sheet.save("flood", "on")
    response = await sheet.post("/outcome", {"outcome": "wholesale"})
    assert response.status_code == 422
    await sheet.save("flood_note", "水位至座椅下沿，已更换地毯")
    assert (await sheet.post("/outcome", {"outcome": "wholesale"}, htmx=False)).status_code == 303


async def test_the_owners_sheet_is_shared_by_an_unguessable_link_that_can_be_revoked(sheet, client):
    await sheet.save("make", "丰田")
    await sheet.save("forecast_retail", "12.8")
    await sheet.post("/sheet/share", htmx=False)
    token = (await Appraisal.select(Appraisal.sheet_token).first())["sheet_token"]
    assert token and len(token) >= 30
    client.cookies.clear()
    public = await client.get(f"/sheet/{token}")
    assert public.status_code == 200
    doc = html(public)
    assert "丰田" in doc.select_one(".sheet-car h2").get_text()
    assert doc.select_one(".offer-big") is not None
    assert "no-store" in public.headers["cache-control"]
    assert (await client.get("/sheet/not-the-token")).status_code == 404
    await sign_in(client, "li.ming")
    sheet.token = await csrf_token(client)
    await sheet.post("/sheet/revoke", htmx=False)
    client.cookies.clear()
    assert (await client.get(f"/sheet/{token}")).status_code == 404


async def test_only_the_extra_block_is_marked_out_of_band(sheet):
    """A mark answers with #condition (swapped in place) and #price (out of band); nothing
    inside #condition may carry hx-swap-oob, or htmx would lift it out of the page."""
    response = await sheet.post("/marks", {"panel": "roof", "kind": "dent", "severity": "1"})
    doc = html(response)
    assert doc.select_one('#price[hx-swap-oob="true"]') is not None
    assert doc.select_one("#condition").select("[hx-swap-oob]") == []
    assert doc.select_one("#condition #issues-interior") is not None
