"""Lead.client_key: the idempotency key of a retried capture (web/idempotency.py), unique so
that two tries at once make one row. SQLite cannot ADD a UNIQUE column: there the column is
added plain and made unique by an index (the same refusal of a second row); the recorded
column stays unique=True so later auto migrations see no difference."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.engine import engine_finder
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-11-23T05:54:31:377124"
VERSION = "1.38.0"
DESCRIPTION = "lead.client_key (idempotency key, unique)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="leads", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Lead",
        tablename="lead",
        column_name="client_key",
        db_column_name="client_key",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 64,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": True,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    if isinstance(engine_finder(), SQLiteEngine):
        manager.add_columns.add_columns[-1].column._meta.unique = False
        add_columns = manager._run_add_columns  # raw SQL would run before the column exists

        async def with_unique_index(backwards: bool = False):
            if backwards:
                await engine_finder().run_ddl("DROP INDEX IF EXISTS lead_client_key")
            await add_columns(backwards=backwards)
            if not backwards:
                await engine_finder().run_ddl(
                    "CREATE UNIQUE INDEX lead_client_key ON lead (client_key)"
                )

        manager._run_add_columns = with_unique_index

    return manager
