from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-11-22T22:21:13:122616"
VERSION = "1.38.0"
DESCRIPTION = ""


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="appraisals", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="AppraisalPhoto",
        tablename="appraisal_photo",
        column_name="slot",
        db_column_name="slot",
        params={"length": 32},
        old_params={"length": 24},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager
