"""The certification inspection on a car's page: every point of the dealership's checklist
passed or failed (a failed point says what failed); the car is certified only when all pass.

The form carries the labels it showed; if a manager changed the checklist meanwhile the
inspector is asked to look again rather than have answers land on the wrong points.
"""

from __future__ import annotations

from litestar import Request, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.staff.rules import Role
from db.stock import certification as checklist_queries
from db.stock import queries
from db.stock.rules import State, certification_problems
from web.guards import allow
from web.i18n import gettext as _
from web.stock.unit_page import answer, refuse

NOTE_MAX = 200


def read_points(form, labels: list[str]) -> tuple[list[dict], bool]:
    """The answers posted, in the checklist's order (unanswered ones None), and whether the
    form was made from this checklist."""
    posted = []
    i = 0
    while f"label-{i}" in form:
        verdict = form.get(f"point-{i}", "")
        posted.append(
            {
                "label": form.get(f"label-{i}", ""),
                "passed": {"pass": True, "fail": False}.get(verdict),
                "note": form.get(f"note-{i}", "").strip()[:NOTE_MAX],
            }
        )
        i += 1
    by_label = {p["label"]: p for p in posted}
    points = [by_label.get(label, {"label": label, "passed": None, "note": ""}) for label in labels]
    return points, [p["label"] for p in posted] == labels


@post("/inventory/{unit_id:int}/certification", guards=[allow(Role.APPRAISER)])
async def certification(request: Request, unit_id: FromPath[int]) -> Template | Redirect:
    unit = await queries.unit(unit_id, with_cost=False)
    if unit is None:
        raise NotFoundException()
    form = await request.form()
    note = form.get("note", "").strip()[:1000]
    labels = await checklist_queries.checklist(_)
    points, same_list = read_points(form, labels)
    values = {"points": points, "cert_note": note}
    if unit["state"] != State.CERTIFICATION:
        return await refuse(
            request,
            unit_id,
            "unit_work",
            {"cert": _("Send the car for certification before recording an inspection.")},
        )
    if not labels:
        return await refuse(
            request,
            unit_id,
            "unit_work",
            {"cert": _("The checklist is empty: a manager adds its points first.")},
        )
    if not same_list:
        return await refuse(
            request,
            unit_id,
            "unit_work",
            {"cert": _("The checklist changed while you were inspecting: check the points again.")},
            values,
        )
    problems = certification_problems(points)
    if problems:
        errors = {
            "points": {i: _(message) for i, message in problems.items()},
            "cert": _("Some points need an answer or a note; see below."),
        }
        return await refuse(request, unit_id, "unit_work", errors, values)
    await queries.certify(unit_id, points, note, request.scope["user"].id)
    return await answer(request, unit_id, "unit-certification", "unit_work")


routes = [certification]
