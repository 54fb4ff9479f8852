"""Piccolo configuration: the engine comes from DATABASE_URL (SQLite by default)."""

from __future__ import annotations

from urllib.parse import unquote, urlparse

from piccolo.conf.apps import AppRegistry
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from db.settings import settings


def engine_for(url: str):
    if url.startswith("sqlite"):
        path = settings().sqlite_path
        path.parent.mkdir(parents=True, exist_ok=True)
        return SQLiteEngine(path=str(path))
    parts = urlparse(url)
    return PostgresEngine(
        config={
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 5432,
            "user": unquote(parts.username or "postgres"),
            "password": unquote(parts.password or ""),
            "database": parts.path.lstrip("/") or "postgres",
            # JIT compiling costs more than it saves on a web app's queries: the dashboard's
            # follow-up count over a year spent 1.2 s of 1.6 s compiling (bench/dashboard.py).
            # asyncpg prepares every statement, and after five runs PostgreSQL may switch to
            # a generic plan that ignores the values: one consultant's dashboard went from
            # 0.2 s to 1.3 s on the sixth request. Plans are made for the values given.
            "server_settings": {"jit": "off", "plan_cache_mode": "force_custom_plan"},
        }
    )


DB = engine_for(settings().database_url)

APP_REGISTRY = AppRegistry(
    apps=[
        "db.staff.piccolo_app",
        "db.audit.piccolo_app",
        "db.appraisals.piccolo_app",
        "db.stock.piccolo_app",
        "db.leads.piccolo_app",
        "db.shares.piccolo_app",
        "db.care.piccolo_app",
        "db.complaints.piccolo_app",
        "db.reports.piccolo_app",
        "db.dealership.piccolo_app",
    ]
)
