import os

from piccolo.conf.apps import AppConfig, table_finder

HERE = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="reports",
    migrations_folder_path=os.path.join(HERE, "piccolo_migrations"),
    table_classes=table_finder(modules=["db.reports.tables"], exclude_imported=True),
    migration_dependencies=["db.staff.piccolo_app"],
    commands=[],
)
