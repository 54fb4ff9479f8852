"""Reconditioning tasks on a car's page: costs add to the total, the appraisal's estimate
becomes tasks in one tap, consultants never see a cost."""

from db.audit.tables import AuditEvent
from db.staff.rules import Role
from db.stock.tables import ReconTask
from tests.conftest import html
from tests.stock.helpers import acquired, post, state_of, tr


async def test_a_task_adds_its_cost_to_the_total_and_counts_as_open(signed_in):
    unit = await acquired(price=100000)
    client = await signed_in({Role.APPRAISER})
    response = await post(
        client, f"/inventory/{unit}/tasks", {"kind": "exterior", "label": "抛光打蜡", "cost": "300"}
    )
    assert response.status_code == 200
    doc = html(response)
    assert doc.select_one("html") is None  # the tasks block and its out-of-band companions
    row = doc.select_one("#unit-recon .task-row")
    assert row.select_one(".task-label").get_text(strip=True) == "抛光打蜡"
    assert row.select_one(".task-cost").get_text(strip=True) == "¥300"
    money = doc.select_one("#unit-money")
    assert money["hx-swap-oob"] == "true"
    assert "¥10.03万" in money.select_one(".unit-cost").get_text()
    counter = doc.select_one("#open-tasks")
    assert counter["hx-swap-oob"] == "true"
    assert "1" in counter.get_text()


async def test_ticking_done_reopening_and_removing(signed_in):
    unit = await acquired(price=100000)
    client = await signed_in({Role.APPRAISER})
    await post(
        client, f"/inventory/{unit}/tasks", {"kind": "interior", "label": "内饰精洗", "cost": "400"}
    )
    await post(
        client, f"/inventory/{unit}/tasks", {"kind": "repair", "label": "更换刹车片", "cost": "680"}
    )
    tasks = await ReconTask.select(ReconTask.id, ReconTask.label).order_by(ReconTask.id)
    wash, brakes = tasks[0]["id"], tasks[1]["id"]

    done = html(await post(client, f"/inventory/{unit}/tasks/{wash}/done", {"done": "1"}))
    assert "is-done" in done.select_one(f"#task-{wash}")["class"]
    assert done.select_one(f"#task-{wash} input[name=done]").has_attr("checked")
    assert done.select_one("#open-tasks").get_text(strip=True) != ""  # brakes still open
    reopened = html(await post(client, f"/inventory/{unit}/tasks/{wash}/done", {}))
    assert "is-done" not in reopened.select_one(f"#task-{wash}")["class"]

    removed = html(await post(client, f"/inventory/{unit}/tasks/{brakes}/remove"))
    assert removed.select_one(f"#task-{brakes}") is None
    assert "¥10.04万" in removed.select_one("#unit-money .unit-cost").get_text()  # 100000 + 400
    kept = await ReconTask.select(ReconTask.removed_at).where(ReconTask.id == brakes).first()
    assert kept["removed_at"] is not None  # removed, not forgotten
    assert (
        await post(client, f"/inventory/{unit}/tasks/{brakes}/done", {"done": "1"})
    ).status_code == 404
    assert (await post(client, f"/inventory/{unit}/tasks/999999/remove")).status_code == 404


async def test_bad_task_input_is_refused_beside_the_field_and_kept(signed_in):
    unit = await acquired()
    client = await signed_in({Role.APPRAISER})
    for cost in ("-5", "99999999", "abc", "", "6.5"):
        response = await post(
            client, f"/inventory/{unit}/tasks", {"kind": "repair", "label": "补漆", "cost": cost}
        )
        assert response.status_code == 422, cost
        form = html(response).select_one("form.add-task")
        assert form.select_one("#f-task-cost-error").get_text(strip=True), cost
        assert form.select_one("#f-task-cost")["value"] == cost
        assert form.select_one("#f-task-label")["value"] == "补漆"
    no_label = await post(
        client, f"/inventory/{unit}/tasks", {"kind": "repair", "label": " ", "cost": "1"}
    )
    assert no_label.status_code == 422
    assert html(no_label).select_one("#f-task-label-error") is not None
    bad_kind = await post(
        client, f"/inventory/{unit}/tasks", {"kind": "engine", "label": "x", "cost": "1"}
    )
    assert bad_kind.status_code == 422
    assert await ReconTask.count() == 0


async def test_the_appraisals_estimate_becomes_tasks_once(signed_in):
    unit = await acquired(marks=(("rear_bumper", "scratch", 1),), worn_tyre=True)
    client = await signed_in({Role.APPRAISER})
    page = html(await client.get(f"/inventory/{unit}"))
    offer = page.select_one("form.recon-offer")
    assert offer is not None
    assert len(offer.select("li")) == 2  # the bumper and the worn tyre
    seeded = await post(client, f"/inventory/{unit}/tasks/seed")
    assert seeded.status_code == 200
    rows = await ReconTask.select(ReconTask.kind, ReconTask.cost).order_by(ReconTask.id)
    assert [r["kind"] for r in rows] == ["exterior", "repair"]
    assert html(seeded).select_one("form.recon-offer") is None
    assert len(html(seeded).select("#unit-recon .task-row")) == 2
    again = await post(client, f"/inventory/{unit}/tasks/seed")
    assert again.status_code == 200
    assert await ReconTask.count() == 2  # a second tap adds nothing
    assert await AuditEvent.count().where(AuditEvent.kind == "recon_seeded") == 1


async def test_no_offer_once_tasks_were_planned_even_if_all_were_removed(signed_in):
    unit = await acquired(marks=(("rear_bumper", "scratch", 1),))
    client = await signed_in({Role.APPRAISER})
    await post(
        client, f"/inventory/{unit}/tasks", {"kind": "repair", "label": "保养", "cost": "800"}
    )
    task = await ReconTask.select(ReconTask.id).first()
    after = html(await post(client, f"/inventory/{unit}/tasks/{task['id']}/remove"))
    assert after.select_one("form.recon-offer") is None


async def test_consultants_see_the_work_but_never_a_cost(signed_in, client):
    unit = await acquired(price=100000)
    appraiser = await signed_in({Role.APPRAISER}, username="li.ming")
    await post(
        appraiser,
        f"/inventory/{unit}/tasks",
        {"kind": "repair", "label": "更换刹车片", "cost": "680"},
    )
    await post(appraiser, f"/inventory/{unit}/price", {"price": "12.98万"})
    client.cookies.clear()
    consultant = await signed_in({Role.CONSULTANT}, username="zhang.ting")
    response = await consultant.get(f"/inventory/{unit}")
    doc = html(response)
    text = doc.get_text(" ")
    assert "更换刹车片" in doc.select_one("#unit-recon").get_text()
    assert "¥12.98万" in doc.select_one("#unit-money").get_text()  # the price, yes
    for figure in (
        "¥680",
        "¥10万",
        "¥10.07万",
        "¥2.91万",
        "¥1,500",
    ):  # task, bought, total, margin, estimate
        assert figure not in text, figure
    assert doc.select(".task-cost, .unit-cost, .unit-margin, #unit-wholesale .bid") == []
    assert doc.select("form.add-task, form.task-done, form.price-form, form.add-bid") == []
    refused = await post(
        consultant, f"/inventory/{unit}/tasks", {"kind": "repair", "label": "x", "cost": "1"}
    )
    assert refused.status_code == 403
    inventory = html(await consultant.get("/inventory")).select_one("#stock-list")
    assert inventory.select(".stock-cost, .stock-margin") == []
    assert "¥12.98万" in inventory.get_text()


async def test_sending_for_certification_with_open_tasks_is_allowed_with_a_warning(signed_in):
    unit = await acquired()
    client = await signed_in({Role.APPRAISER})
    await post(
        client,
        f"/inventory/{unit}/tasks",
        {"kind": "repair", "label": "等配件：左后视镜", "cost": "900"},
    )
    await post(
        client, f"/inventory/{unit}/tasks", {"kind": "exterior", "label": "抛光", "cost": "300"}
    )
    warning = html(await client.get(f"/inventory/{unit}")).select_one("#unit-path #open-tasks")
    assert "warning" in warning["class"]
    assert "2" in warning.get_text()
    moved = await post(client, f"/inventory/{unit}/move", {"to": "certification"})
    assert moved.status_code == 200
    assert await state_of(unit) == "certification"
    assert html(moved).select_one("#open-tasks").get_text(strip=True) == ""  # said once, before


async def test_a_car_that_left_stock_keeps_its_tasks_as_they_were(signed_in):
    unit = await acquired()
    client = await signed_in({Role.APPRAISER})
    await post(
        client, f"/inventory/{unit}/tasks", {"kind": "repair", "label": "保养", "cost": "800"}
    )
    await post(client, f"/inventory/{unit}/move", {"to": "wholesale"})
    refused = await post(
        client, f"/inventory/{unit}/tasks", {"kind": "repair", "label": "x", "cost": "1"}
    )
    assert refused.status_code == 422
    assert html(refused).select_one("#unit-recon [role=alert]").get_text(strip=True) == tr(
        "This car has left stock; its reconditioning can no longer change."
    )
    assert await ReconTask.count() == 1


async def test_without_javascript_a_task_form_redirects_back_to_the_section(signed_in):
    unit = await acquired()
    client = await signed_in({Role.APPRAISER})
    response = await post(
        client,
        f"/inventory/{unit}/tasks",
        {"kind": "repair", "label": "保养", "cost": "800"},
        htmx=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/inventory/{unit}#unit-recon"
    bad = await post(
        client,
        f"/inventory/{unit}/tasks",
        {"kind": "repair", "label": "保养", "cost": "x"},
        htmx=False,
    )
    assert bad.status_code == 422
    assert html(bad).select_one("html") is not None  # the whole page, the message beside the field
    assert html(bad).select_one("#f-task-cost-error") is not None
