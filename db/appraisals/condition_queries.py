"""The condition report: damage marks, checklist answers, and the findings they add up to."""

from __future__ import annotations

from datetime import UTC, datetime

from db.appraisals.grading import Findings
from db.appraisals.queries import log_change
from db.appraisals.tables import Appraisal, ChecklistAnswer, DamageMark

TREADS = {
    "front_left": "tread_front_left",
    "front_right": "tread_front_right",
    "rear_left": "tread_rear_left",
    "rear_right": "tread_rear_right",
}


async def add_mark(
    appraisal_id: int,
    panel: str,
    kind: str,
    severity: int,
    note: str,
    photo_id: int | None,
    actor_id: int,
) -> int:
    row = DamageMark(
        appraisal=appraisal_id,
        panel=panel,
        kind=kind,
        severity=severity,
        note=note,
        photo=photo_id,
        created_by=actor_id,
    )
    await row.save()
    await log_change(appraisal_id, actor_id, "damage_marked", new=f"{panel}:{kind}:{severity}")
    return row.id


async def remove_mark(appraisal_id: int, mark_id: int, actor_id: int) -> None:
    mark = (
        await DamageMark.select(DamageMark.panel, DamageMark.kind, DamageMark.severity)
        .where(
            (DamageMark.id == mark_id)
            & (DamageMark.appraisal == appraisal_id)
            & DamageMark.removed_at.is_null()
        )
        .first()
    )
    if not mark:
        return
    await DamageMark.update({DamageMark.removed_at: datetime.now(UTC)}).where(
        DamageMark.id == mark_id
    )
    await log_change(
        appraisal_id,
        actor_id,
        "damage_removed",
        old=f"{mark['panel']}:{mark['kind']}:{mark['severity']}",
    )


async def marks_for(appraisal_id: int) -> list[dict]:
    return (
        await DamageMark.select(
            DamageMark.id,
            DamageMark.panel,
            DamageMark.kind,
            DamageMark.severity,
            DamageMark.note,
            DamageMark.photo,
        )
        .where((DamageMark.appraisal == appraisal_id) & DamageMark.removed_at.is_null())
        .order_by(DamageMark.id)
    )


async def set_check(
    appraisal_id: int, section: str, item: str, ok: bool, note: str, actor_id: int
) -> None:
    where = (
        (ChecklistAnswer.appraisal == appraisal_id)
        & (ChecklistAnswer.section == section)
        & (ChecklistAnswer.item == item)
    )
    current = (
        await ChecklistAnswer.select(ChecklistAnswer.ok, ChecklistAnswer.note).where(where).first()
    )
    if current and current["ok"] == ok and current["note"] == note:
        return
    if current:
        await ChecklistAnswer.update(
            {
                ChecklistAnswer.ok: ok,
                ChecklistAnswer.note: note,
                ChecklistAnswer.updated_at: datetime.now(UTC),
            }
        ).where(where)
    else:
        await ChecklistAnswer.insert(
            ChecklistAnswer(appraisal=appraisal_id, section=section, item=item, ok=ok, note=note)
        )
    old = "" if not current else ("ok" if current["ok"] else f"issue {current['note']}".strip())
    await log_change(
        appraisal_id,
        actor_id,
        f"check:{section}:{item}",
        old=old,
        new="ok" if ok else f"issue {note}".strip(),
    )


async def checklist_for(appraisal_id: int) -> dict[tuple[str, str], dict]:
    rows = await ChecklistAnswer.select(
        ChecklistAnswer.section, ChecklistAnswer.item, ChecklistAnswer.ok, ChecklistAnswer.note
    ).where(ChecklistAnswer.appraisal == appraisal_id)
    return {(r["section"], r["item"]): r for r in rows}


async def findings_for(appraisal_id: int, appraisal: dict | None = None) -> Findings:
    """Everything the grade and the reconditioning estimate are computed from."""
    if appraisal is None:
        appraisal = (
            await Appraisal.select(
                Appraisal.accident,
                Appraisal.flood,
                Appraisal.fire,
                *(Appraisal._meta.get_column_by_name(c) for c in TREADS.values()),
            )
            .where(Appraisal.id == appraisal_id)
            .first()
        )
    marks = await marks_for(appraisal_id)
    checks = await checklist_for(appraisal_id)
    return Findings(
        marks=tuple((m["panel"], m["kind"], m["severity"]) for m in marks),
        checklist_issues=tuple(key for key, answer in checks.items() if not answer["ok"]),
        tread_mm={pos: appraisal[col] for pos, col in TREADS.items()},
        accident=appraisal["accident"],
        flood=appraisal["flood"],
        fire=appraisal["fire"],
    )
