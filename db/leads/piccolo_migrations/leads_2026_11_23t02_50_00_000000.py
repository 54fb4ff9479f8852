"""Indexes the leads bench asked for (bench/lead_pages.py, 100,000 leads): the manager's
team counts read leads by status and last change; the pool reads unowned leads newest
first; a lead's page finds the leads merged into it. Measured on SQLite: team query
60-80 ms -> 30-36 ms, pool 130-160 ms -> 4-12 ms; merged leads 41 ms -> under 1 ms on
PostgreSQL. Piccolo declares single-column indexes only, so these are plain SQL, the same on
SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T02:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "lead (status, updated_at), (owner, pooled_at), (merged_into) indexes"

INDEXES = {
    "lead_status_updated_at": "lead (status, updated_at)",
    "lead_owner_pooled_at": "lead (owner, pooled_at)",
    "lead_merged_into_idx": "lead (merged_into)",
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
