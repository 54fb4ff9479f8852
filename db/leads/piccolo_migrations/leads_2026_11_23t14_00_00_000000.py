"""Indexes the dashboard's follow-up compliance asks for (db/reports/follow_up_compliance.py,
bench/dashboard.py with 1,000,000 follow-ups): the follow-ups due on the period's days are
found by their next date, and each one's next contact on its lead by (lead, created_at).
Without the (lead, created_at) index SQLite walks the created_at index for every due
follow-up (minutes instead of seconds); the trailing columns let both lookups answer from
the index alone (12 months on SQLite, side by side: 3.5-4.1 s with bare indexes, 2.2-2.3 s
with these). Piccolo declares single-column indexes only, so these are plain SQL, the same
on SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T14:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "follow_up (lead, created_at, ...), (next_date, ...) indexes"

INDEXES = {
    "follow_up_lead_created_at": "follow_up (lead, created_at, channel, next_date)",
    "follow_up_next_date": "follow_up (next_date, channel, lead, created_at, actor)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="leads", description=DESCRIPTION)

    async def create_indexes():
        for name, on in INDEXES.items():
            await engine_finder().run_ddl(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")

    async def drop_indexes():
        for name in INDEXES:
            await engine_finder().run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
