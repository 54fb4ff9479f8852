"""Writing and reading the audit trail."""

from __future__ import annotations

from db.audit.tables import AuditEvent


async def record_event(
    kind: str, *, actor_id: int | None = None, subject: str = "", ip: str = "", **detail
) -> None:
    await AuditEvent.insert(
        AuditEvent(actor=actor_id, kind=kind, subject=subject[:128], detail=detail, ip=ip[:64])
    )


async def recent_events(limit: int = 20) -> list[dict]:
    return (
        await AuditEvent.select(
            AuditEvent.kind,
            AuditEvent.subject,
            AuditEvent.ip,
            AuditEvent.created_at,
            AuditEvent.actor.display_name.as_alias("actor_name"),
        )
        .order_by(AuditEvent.id, ascending=False)
        .limit(limit)
    )
