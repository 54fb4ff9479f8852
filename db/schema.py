"""Bringing the database to the current schema, and facts about the engine in use."""

from __future__ import annotations

from piccolo.apps.migrations.commands.check import CheckMigrationManager
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine import engine_finder

from db.settings import settings


async def migrate() -> None:
    """Apply committed migrations; on SQLite also switch the file to WAL mode (persistent)."""
    engine = engine_finder()
    if settings().is_sqlite:
        await engine.run_ddl("PRAGMA journal_mode=WAL")
    result = await run_forwards(app_name="all")
    if not result.success:
        raise RuntimeError(f"Migrations failed: {result.message}")


async def sqlite_pragmas() -> dict[str, str]:
    engine = engine_finder()
    mode = await engine.run_ddl("PRAGMA journal_mode")
    fks = await engine.run_ddl("PRAGMA foreign_keys")
    return {"journal_mode": mode[0]["journal_mode"], "foreign_keys": str(fks[0]["foreign_keys"])}


async def ping() -> bool:
    try:
        await engine_finder().run_ddl("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means the database is unreachable
        return False
    return True


async def pending_migrations() -> int:
    """How many committed migrations this database has not run yet."""
    statuses = await CheckMigrationManager("all").get_migration_statuses()
    return sum(1 for status in statuses if not status.has_ran)
