"""The certification inspection against the dealership's checklist, and the manager's edits
of that checklist."""

from db.audit.tables import AuditEvent
from db.staff.rules import Role
from db.stock.rules import DEFAULT_CERTIFICATION_POINTS
from db.stock.tables import CertificationPoint, CertificationResult
from tests.conftest import html
from tests.stock.helpers import acquired, post, tr


async def _in_certification(client) -> int:
    unit = await acquired()
    assert (
        await post(client, f"/inventory/{unit}/move", {"to": "certification"})
    ).status_code == 200
    return unit


def _answers(labels: list[str], verdicts: dict[int, tuple[str, str]] | None = None) -> dict:
    """Every point passed, except those in `verdicts` (index -> (pass|fail|'', note))."""
    data = {}
    for i, label in enumerate(labels):
        verdict, note = (verdicts or {}).get(i, ("pass", ""))
        data |= {f"label-{i}": label, f"point-{i}": verdict, f"note-{i}": note}
    return data


def _form_labels(doc) -> list[str]:
    return [i["value"] for i in doc.select("form.cert-form input[name^=label-]")]


async def test_the_default_checklist_is_offered_in_the_readers_language(signed_in):
    client = await signed_in({Role.APPRAISER})
    unit = await _in_certification(client)
    doc = html(await client.get(f"/inventory/{unit}"))
    labels = _form_labels(doc)
    assert labels == [tr(label) for label in DEFAULT_CERTIFICATION_POINTS]
    assert len(doc.select("form.cert-form .inspection-point")) == len(DEFAULT_CERTIFICATION_POINTS)


async def test_every_point_passed_certifies_the_car(signed_in):
    client = await signed_in({Role.APPRAISER})
    unit = await _in_certification(client)
    labels = _form_labels(html(await client.get(f"/inventory/{unit}")))
    response = await post(
        client, f"/inventory/{unit}/certification", {**_answers(labels), "note": "路试正常"}
    )
    assert response.status_code == 200
    result = await CertificationResult.select().output(load_json=True).first()
    assert result["passed"] is True
    assert [p["label"] for p in result["points"]] == labels
    assert all(p["passed"] for p in result["points"])
    doc = html(response)
    assert doc.select_one("#unit-path .badge-ok").get_text(strip=True) == tr("Certified")
    assert "路试正常" in doc.select_one(".cert-result").get_text()
    # certified but unpriced: listing is not offered, and the page says why
    assert doc.select("form.move-form input[value=listed]") == []
    assert doc.select_one(".move-blocked").get_text(strip=True) == tr(
        "Set the retail price before listing the car: one car, one price."
    )


async def test_a_failed_point_needs_a_note_and_answers_are_kept(signed_in):
    client = await signed_in({Role.APPRAISER})
    unit = await _in_certification(client)
    labels = _form_labels(html(await client.get(f"/inventory/{unit}")))
    data = _answers(labels, {6: ("fail", ""), 8: ("fail", "左前轮 2.5mm")})
    response = await post(client, f"/inventory/{unit}/certification", data)
    assert response.status_code == 422
    doc = html(response)
    assert doc.select_one("#f-cert-note-6-error").get_text(strip=True) == tr("Note what failed.")
    assert doc.select_one("#f-cert-note-8-error") is None
    assert doc.select_one("#f-cert-note-8")["value"] == "左前轮 2.5mm"
    assert doc.select_one("input[name=point-6][value=fail]").has_attr("checked")
    assert doc.select_one("input[name=point-0][value=pass]").has_attr("checked")
    assert await CertificationResult.count() == 0


async def test_an_unanswered_point_is_refused(signed_in):
    client = await signed_in({Role.APPRAISER})
    unit = await _in_certification(client)
    labels = _form_labels(html(await client.get(f"/inventory/{unit}")))
    response = await post(
        client, f"/inventory/{unit}/certification", _answers(labels, {3: ("", "")})
    )
    assert response.status_code == 422
    assert html(response).select_one("#f-cert-note-3-error").get_text(strip=True) == tr(
        "Mark this point passed or failed."
    )


async def test_a_failed_inspection_is_recorded_with_its_failures_first(signed_in):
    client = await signed_in({Role.APPRAISER})
    unit = await _in_certification(client)
    labels = _form_labels(html(await client.get(f"/inventory/{unit}")))
    data = _answers(labels, {8: ("fail", "左前轮 2.5mm，需更换")})
    response = await post(client, f"/inventory/{unit}/certification", data)
    assert response.status_code == 200
    assert (await CertificationResult.select(CertificationResult.passed).first())["passed"] is False
    doc = html(response)
    failed = doc.select(".cert-result .cert-failed li")
    assert len(failed) == 1
    assert labels[8] in failed[0].get_text() and "需更换" in failed[0].get_text()
    assert doc.select_one("#unit-path .badge-ok") is None
    # a second inspection after the tyre is changed certifies the car
    await post(client, f"/inventory/{unit}/certification", _answers(labels))
    doc = html(await client.get(f"/inventory/{unit}"))
    assert doc.select_one("#unit-path .badge-ok") is not None
    assert len(doc.select("#unit-certification h3 + ul.rows li")) == 1  # the earlier one kept


async def test_a_checklist_changed_mid_inspection_asks_to_look_again(signed_in):
    client = await signed_in({Role.MANAGER})
    unit = await _in_certification(client)
    labels = _form_labels(html(await client.get(f"/inventory/{unit}")))
    await post(client, "/manager/certification", {"label": "备胎与随车工具齐全"})
    response = await post(client, f"/inventory/{unit}/certification", _answers(labels))
    assert response.status_code == 422
    assert await CertificationResult.count() == 0
    assert len(_form_labels(html(response))) == len(labels) + 1


async def test_inspection_only_in_certification_and_only_by_staff_who_work_on_cars(
    signed_in, client
):
    unit = await acquired()
    appraiser = await signed_in({Role.APPRAISER}, username="li.ming")
    labels = [tr(label) for label in DEFAULT_CERTIFICATION_POINTS]
    early = await post(appraiser, f"/inventory/{unit}/certification", _answers(labels))
    assert early.status_code == 422  # still in reconditioning
    client.cookies.clear()
    consultant = await signed_in({Role.CONSULTANT}, username="zhang.ting")
    assert (
        await post(consultant, f"/inventory/{unit}/certification", _answers(labels))
    ).status_code == 403
    assert await CertificationResult.count() == 0


# --- the manager's checklist ------------------------------------------------------------------


async def _points() -> list[tuple[str, bool]]:
    rows = await CertificationPoint.select(
        CertificationPoint.label, CertificationPoint.active
    ).order_by(CertificationPoint.position)
    return [(r["label"], r["active"]) for r in rows]


async def test_the_first_edit_copies_the_defaults_in_the_managers_language(signed_in):
    client = await signed_in({Role.MANAGER})
    page = html(await client.get("/manager/certification"))
    names = [s.get_text(strip=True) for s in page.select(".checklist-point summary")]
    assert names == [tr(label) for label in DEFAULT_CERTIFICATION_POINTS]
    assert await CertificationPoint.count() == 0  # looking changes nothing
    response = await post(
        client, "/manager/certification/d2/rename", {"label": "车身结构：纵梁、A/B/C柱、地板无损伤"}
    )
    assert response.status_code == 200
    points = await _points()
    assert len(points) == len(DEFAULT_CERTIFICATION_POINTS)
    assert points[2] == ("车身结构：纵梁、A/B/C柱、地板无损伤", True)
    assert points[0] == (tr(DEFAULT_CERTIFICATION_POINTS[0]), True)
    kinds = await AuditEvent.select(AuditEvent.kind, AuditEvent.detail).output(load_json=True)
    actions = [e["detail"]["action"] for e in kinds if e["kind"] == "certification_point_changed"]
    assert actions == ["copied", "renamed"]


async def test_add_reorder_deactivate_and_bring_back(signed_in):
    client = await signed_in({Role.MANAGER})
    added = await post(client, "/manager/certification", {"label": "备胎与随车工具齐全"})
    assert added.status_code == 200
    assert (await _points())[-1] == ("备胎与随车工具齐全", True)
    new = (
        await CertificationPoint.select(CertificationPoint.id)
        .where(CertificationPoint.label == "备胎与随车工具齐全")
        .first()
    )
    await post(client, f"/manager/certification/{new['id']}/move", {"direction": "up"})
    labels = [label for label, _ in await _points()]
    assert labels[-2] == "备胎与随车工具齐全"
    await post(client, f"/manager/certification/{new['id']}/move", {"direction": "down"})
    await post(
        client, f"/manager/certification/{new['id']}/move", {"direction": "down"}
    )  # already last
    assert [label for label, _ in await _points()][-1] == "备胎与随车工具齐全"
    first = labels[0]
    first_id = (
        await CertificationPoint.select(CertificationPoint.id)
        .where(CertificationPoint.label == first)
        .first()
    )["id"]
    deactivated = html(
        await post(client, f"/manager/certification/{first_id}/active", {"active": "0"})
    )
    assert first not in [
        s.get_text(strip=True) for s in deactivated.select(".checklist-point summary")
    ]
    assert first in deactivated.select_one(".is-inactive").get_text()
    # the inspection form no longer asks about it
    unit = await _in_certification(client)
    assert first not in _form_labels(html(await client.get(f"/inventory/{unit}")))
    await post(client, f"/manager/certification/{first_id}/active", {"active": "1"})
    assert (await _points())[0] == (first, True)
    # copied, added, up, down (the step past the end changes nothing), deactivated, restored
    assert await AuditEvent.count().where(AuditEvent.kind == "certification_point_changed") == 6


async def test_bad_checklist_edits_are_refused_beside_the_field(signed_in):
    client = await signed_in({Role.MANAGER})
    for label in ("", "   ", "x" * 129, tr(DEFAULT_CERTIFICATION_POINTS[0])):
        response = await post(client, "/manager/certification", {"label": label})
        assert response.status_code == 422, label
        assert html(response).select_one("#f-point-new-error").get_text(strip=True)
    duplicate = await post(
        client, "/manager/certification/d1/rename", {"label": tr(DEFAULT_CERTIFICATION_POINTS[0])}
    )
    assert duplicate.status_code == 422
    assert html(duplicate).select_one("#f-point-d1-error") is not None
    assert await CertificationPoint.count() == 0  # a refused edit copies nothing
    assert (
        await post(client, "/manager/certification/d1/move", {"direction": "sideways"})
    ).status_code == 422
    assert (
        await post(client, "/manager/certification/999/active", {"active": "0"})
    ).status_code == 404


async def test_only_a_manager_edits_the_checklist_and_the_dashboard_links_to_it(signed_in, client):
    manager = await signed_in({Role.MANAGER}, username="boss")
    dashboard = html(await manager.get("/manager"))
    assert dashboard.select_one('a[href="/manager/certification"]') is not None
    client.cookies.clear()
    appraiser = await signed_in({Role.APPRAISER}, username="li.ming")
    assert (await appraiser.get("/manager/certification")).status_code == 403
    assert (await post(appraiser, "/manager/certification", {"label": "x"})).status_code == 403
    assert await CertificationPoint.count() == 0


async def test_without_javascript_an_edit_redirects_back_to_the_list(signed_in):
    client = await signed_in({Role.MANAGER})
    response = await post(client, "/manager/certification", {"label": "备胎"}, htmx=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/manager/certification#checklist"
