"""The audit trail (the seeds' "black box"): append-only, never edited."""

from piccolo.columns import JSON, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from db.staff.tables import Staff


class AuditEvent(Table):
    actor = ForeignKey(Staff, null=True, on_delete=OnDelete.set_null, index=True)
    kind = Varchar(length=48, index=True, help_text="e.g. login, login_failed, logout")
    subject = Varchar(length=128, default="", help_text="what was acted on, e.g. a username")
    detail = JSON(default={})
    ip = Varchar(length=64, default="")
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
