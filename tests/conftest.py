"""Shared test set-up: a real database (SQLite by default, PostgreSQL when DATABASE_URL says
so), emptied before every test, and small factories for rows and signed-in clients."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ["APP_ENV"] = "test"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'test.sqlite'}")
os.environ.setdefault("LOGIN_DELAY_SECONDS", "0.01")
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "test-media"))
os.environ.setdefault("PICCOLO_CONF", "db.piccolo_conf")
# The in-process test client runs the app on its own event loop while tests query from
# theirs; an asyncpg pool belongs to one loop, so in-process tests connect per query. The
# browser tests run the real server (uvicorn), pool and all.
os.environ["DB_POOL"] = "0"

import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from litestar.testing import AsyncTestClient  # noqa: E402
from piccolo.engine import engine_finder  # noqa: E402

from db.schema import migrate  # noqa: E402
from db.settings import settings  # noqa: E402
from db.staff.queries import create_staff  # noqa: E402
from db.staff.rules import Role  # noqa: E402

PASSWORD = "correct-horse-battery"  # noqa: S105


def _all_tables():
    """Every table, those referred to first (so deleting in reverse never breaks a key)."""
    from piccolo.conf.apps import Finder
    from piccolo.table import sort_table_classes

    return sort_table_classes(Finder().get_table_classes())


def _reset_database() -> None:
    s = settings()
    if s.is_sqlite:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{s.sqlite_path}{suffix}").unlink(missing_ok=True)
    else:
        name = s.database_url.rsplit("/", 1)[-1]
        if not (name == "test" or name.startswith("test_") or name.endswith("_test")):
            pytest.exit(f"Refusing to wipe database {name!r}: tests run only on a test database.")

        async def drop() -> None:
            await engine_finder().run_ddl("DROP SCHEMA public CASCADE")
            await engine_finder().run_ddl("CREATE SCHEMA public")

        asyncio.run(drop())
    asyncio.run(migrate())


@pytest.fixture(scope="session", autouse=True)
def database():
    """A freshly migrated database for the run."""
    _reset_database()
    yield


async def empty_tables() -> None:
    tables = _all_tables()
    if settings().is_sqlite:
        for table in tables:  # a row pointing at its own table (a merged lead) lets go first
            own = [
                fk
                for fk in table._meta.foreign_key_columns
                if fk._foreign_key_meta.resolved_references is table
            ]
            if own:
                await table.update({fk: None for fk in own}, force=True)
        for table in reversed(tables):
            await table.delete(force=True)
    else:
        names = ", ".join(t._meta.tablename for t in tables)
        await engine_finder().run_ddl(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture
async def db():
    """Every test that touches the database starts from empty tables."""
    await empty_tables()
    yield


@pytest.fixture
async def client(db):
    from app import create_app

    async with AsyncTestClient(app=create_app(), base_url="http://testserver.local") as c:
        c.follow_redirects = False  # redirects are part of what we assert
        yield c


async def make_staff(
    username: str = "li.ming",
    roles: set[Role] | None = None,
    *,
    display_name: str = "李明",
    password: str = PASSWORD,
    active: bool = True,
    language: str = "",
) -> int:
    return await create_staff(
        username,
        display_name,
        password,
        roles if roles is not None else {Role.APPRAISER},
        active=active,
        language=language,
    )


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def csrf_from(response) -> str:
    field = html(response).select_one("input[name=_csrf_token]")
    assert field is not None, "page has no CSRF field"
    return field["value"]


async def csrf_token(client) -> str:
    """A CSRF token from a staff-side form: the sign-in page, or /me once signed in (the
    customers' pages carry none, see web/security.py)."""
    page = await client.get("/login")
    if page.status_code != 200:
        page = await client.get("/me")
    return csrf_from(page)


async def sign_in(client, username: str, password: str = PASSWORD, **extra):
    token = await csrf_token(client)
    return await client.post(
        "/login",
        data={"username": username, "password": password, "_csrf_token": token, **extra},
    )


@pytest.fixture
def signed_in(client):
    """`await signed_in(roles)` makes a staff member with those roles and signs the client in."""

    async def _sign_in(roles: set[Role], username: str = "staffer", **kwargs):
        await make_staff(username, roles, **kwargs)
        response = await sign_in(client, username)
        assert response.status_code == 303, response.text
        return client

    return _sign_in


class QueryLog:
    """The SQL statements run while it is active (see the `sql_log` fixture)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __len__(self) -> int:
        return len(self.statements)

    def clear(self) -> None:
        self.statements.clear()


@pytest.fixture
def sql_log(monkeypatch) -> QueryLog:
    """Counts the queries the app runs (in-process client), for the no-N+1 budgets."""
    log = QueryLog()
    engine_class = type(engine_finder())
    original = engine_class.run_querystring

    async def counted(self, querystring, in_pool=False):
        log.statements.append(str(querystring))
        return await original(self, querystring, in_pool=in_pool)

    monkeypatch.setattr(engine_class, "run_querystring", counted)
    return log
