"""The appraisal sheet over HTTP: starting, autosaving fields, VIN, history, access."""

from db.appraisals.tables import Appraisal, AppraisalChange
from db.staff.rules import Role
from tests.appraisals.conftest import start_sheet
from tests.conftest import html, make_staff, sign_in

VALID_VIN = "1HGCM82633A004352"  # North American, check digit correct (Honda, 2003)


async def test_starting_an_appraisal_takes_one_post_and_lands_on_the_sheet(appraiser):
    sheet = await start_sheet(appraiser)
    page = await appraiser.get(sheet.url)
    assert page.status_code == 200
    doc = html(page)
    assert doc.select_one("#vehicle input[name=vin]") is not None
    assert len(doc.select("#photo-grid li.shot")) == 9
    listed = html(await appraiser.get("/appraisals"))
    assert listed.select_one(f'a.appraisal-card[href="{sheet.url}"]') is not None


async def test_a_field_saves_as_it_is_left_and_survives_a_reload(sheet):
    response = await sheet.save("mileage_km", "56,000")
    assert response.status_code == 200
    field = html(response).select_one("#field-mileage_km")
    assert field.select_one("input")["value"] == "56000"
    assert field.select_one("[role=status]").get_text(strip=True) == "已保存"
    reloaded = html(await sheet.client.get(sheet.url))
    assert reloaded.select_one("#f-mileage_km")["value"] == "56000"
    change = await AppraisalChange.select().where(AppraisalChange.field == "mileage_km").first()
    assert (change["old"], change["new"]) == ("", "56000")


async def test_a_bad_value_is_refused_beside_its_field_and_the_saved_one_is_kept(sheet):
    await sheet.save("mileage_km", "56000")
    response = await sheet.save("mileage_km", "abc")
    assert response.status_code == 422
    field = html(response).select_one("#field-mileage_km")
    assert field.select_one("input")["value"] == "abc"  # what the user typed, to correct it
    assert field.select_one(".field-error").get_text(strip=True) == "请输入整数。"
    row = await Appraisal.select(Appraisal.mileage_km).first()
    assert row["mileage_km"] == 56000


async def test_impossible_mileage_and_dates_are_explained(sheet):
    await sheet.save("first_registration", "2024-03-01")
    cases = [
        ("mileage_km", "3000000", "3000000"),
        ("first_registration", "2099-01-01", "晚于今天"),
        ("first_registration", "1975-01-01", "1980"),
    ]
    for name, value, expected in cases:
        response = await sheet.save(name, value)
        assert response.status_code == 422, (name, value)
        assert expected in html(response).select_one(".field-error").get_text() or expected == value


async def test_a_wrong_vin_gets_a_plain_message(sheet):
    for value, expected in [
        ("1HGCM82633A00435", "当前为 16 位"),
        ("1HGCM82633A0O4352", "I、O、Q"),
        ("1HGCM82633A004353", "校验位"),
    ]:
        response = await sheet.save("vin", value)
        assert response.status_code == 422
        assert expected in html(response).select_one(".field-error").get_text()
    assert (await Appraisal.select(Appraisal.vin).first())["vin"] == ""


async def test_a_good_vin_prefills_the_make_and_tells_the_model_year(sheet):
    response = await sheet.save("vin", VALID_VIN.lower())
    assert response.status_code == 200
    doc = html(response)
    assert doc.select_one("#f-vin")["value"] == VALID_VIN
    make = doc.select_one('#field-make[hx-swap-oob="true"] input')
    assert make["value"] == "Honda"
    facts = doc.select_one("#vin-info").get_text(" ", strip=True)
    assert "2003" in facts
    saved = await Appraisal.select(Appraisal.vin, Appraisal.make).first()
    assert saved == {"vin": VALID_VIN, "make": "Honda"}


async def test_a_european_vin_says_it_has_no_check_digit(sheet):
    response = await sheet.save("vin", "WVWZZZ1JZXW000001")
    assert response.status_code == 200
    assert "没有可核验的校验位" in html(response).select_one("#vin-info").get_text()


async def test_the_same_vin_appraised_before_is_flagged_with_those_appraisals(sheet):
    await sheet.save("vin", VALID_VIN)
    second = await start_sheet(sheet.client)
    response = await second.save("vin", VALID_VIN)
    warning = html(response).select_one("#vin-info [role=alert]")
    assert warning is not None
    assert warning.select_one(f'a[href="{sheet.url}"]') is not None
    assert "李明" in warning.get_text()


async def test_an_appraiser_cannot_open_a_colleagues_appraisal_but_a_manager_can(sheet, client):
    await make_staff("zhao.lei", {Role.APPRAISER})
    await make_staff("wang.jianguo", {Role.MANAGER})
    client.cookies.clear()
    await sign_in(client, "zhao.lei")
    refused = await client.get(sheet.url)
    assert refused.status_code == 403
    assert html(refused).select_one(".error-card h1").get_text(strip=True) == "这是同事的记录"
    assert (await client.get("/appraisals")).status_code == 200
    client.cookies.clear()
    await sign_in(client, "wang.jianguo")
    assert (await client.get(sheet.url)).status_code == 200


async def test_without_javascript_a_section_posts_whole_and_keeps_errors_beside_fields(sheet):
    response = await sheet.post(
        "",
        {
            "section": "vehicle",
            "vin": "",
            "plate": "粤B 12345",
            "make": "比亚迪",
            "model": "秦PLUS",
            "trim": "",
            "first_registration": "2021-06-15",
            "mileage_km": "abc",
            "colour": "白",
            "gearbox": "automatic",
            "fuel": "hybrid",
            "previous_owners": "1",
            "owner_name": "陈先生",
            "owner_phone": "138 1234 5678",
        },
        htmx=False,
    )
    assert response.status_code == 422
    doc = html(response)
    assert doc.select_one("#field-mileage_km .field-error") is not None
    assert doc.select_one("#f-mileage_km")["value"] == "abc"
    saved = await Appraisal.select(Appraisal.make, Appraisal.plate, Appraisal.owner_phone).first()
    assert saved == {"make": "比亚迪", "plate": "粤B12345", "owner_phone": "13812345678"}


async def test_history_lists_every_change_with_who(sheet):
    await sheet.save("colour", "珍珠白")
    await sheet.save("colour", "白色")
    page = html(await sheet.client.get(f"{sheet.url}/history"))
    rows = [r.get_text(" ", strip=True) for r in page.select("#history li")]
    assert any(r.startswith("车身颜色") and "珍珠白 → 白色" in r and "李明" in r for r in rows)
    assert rows[-1].startswith("开始评估")


async def test_history_values_read_in_words(sheet):
    await sheet.save("gearbox", "automatic")
    await sheet.post("/marks", {"panel": "roof", "kind": "dent", "severity": "2"})
    await sheet.post("/outcome", {"outcome": "voided", "note": "重复录入"})
    page = html(await sheet.client.get(f"{sheet.url}/history"))
    rows = [r.get_text(" ", strip=True) for r in page.select("#history li")]
    assert rows[0].startswith("记录结果 已作废")
    assert any(r.startswith("标记损伤 车顶 · 凹陷 · 中度") for r in rows)
    assert any(r.startswith("变速箱 自动") for r in rows)
