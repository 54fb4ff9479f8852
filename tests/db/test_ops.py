"""Operations: demo data, production safety, first manager, backup and restore."""

import dataclasses
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import StartupRefused, check_production_safety
from db.cli import _create_manager
from db.demo import DEMO_LOGINS, load_demo_if_empty
from db.schema import sqlite_pragmas
from db.settings import settings
from db.staff.tables import Staff
from tests.conftest import make_staff, sign_in

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = dataclasses.replace(settings(), env="production", secret_key_given=True)


async def test_demo_loads_once_into_an_empty_database_and_its_logins_work(client):
    assert await load_demo_if_empty() is True
    count = await Staff.count()
    assert await load_demo_if_empty() is False
    assert await Staff.count() == count
    homes = {}
    for username, password in DEMO_LOGINS:
        client.cookies.clear()
        response = await sign_in(client, username, password)
        homes[username] = response.headers["location"]
    assert homes == {"manager": "/manager", "appraiser": "/appraisals", "consultant": "/today"}
    names = {r["display_name"] for r in await Staff.select(Staff.display_name)}
    assert {"王建国", "李明", "张婷"} <= names


async def test_production_refuses_to_start_with_demo_accounts(db):
    await load_demo_if_empty()
    with pytest.raises(StartupRefused, match="demo accounts"):
        await check_production_safety(PRODUCTION)


async def test_production_needs_its_own_secret_key(db):
    with pytest.raises(StartupRefused, match="SECRET_KEY"):
        await check_production_safety(dataclasses.replace(PRODUCTION, secret_key_given=False))


async def test_production_starts_with_a_real_manager(db):
    await _create_manager("wang.jianguo", "王建国", "a-real-long-password")
    await check_production_safety(PRODUCTION)
    assert (await Staff.select(Staff.is_manager, Staff.is_demo).first()) == {
        "is_manager": True,
        "is_demo": False,
    }


async def test_create_manager_refuses_bad_input_and_taken_names(db):
    for username, password, message in [
        ("Wang Jianguo", "a-real-long-password", "lower-case"),
        ("wang.jianguo", "short", "10 characters"),
    ]:
        with pytest.raises(SystemExit, match=message):
            await _create_manager(username, "王建国", password)
    await make_staff("wang.jianguo")
    with pytest.raises(SystemExit, match="taken"):
        await _create_manager("wang.jianguo", "王建国", "a-real-long-password")


@pytest.mark.skipif(not settings().is_sqlite, reason="SQLite pragmas; this run is on PostgreSQL")
async def test_sqlite_runs_in_wal_mode_with_foreign_keys(db):
    assert await sqlite_pragmas() == {"journal_mode": "wal", "foreign_keys": "1"}


def _cli(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "db.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


def test_backup_and_restore_round_trip(tmp_path):
    """The CLI backs up a live SQLite database and its media, and restores it; the files it
    replaces are kept aside."""
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "var" / "media"),
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'lotside.sqlite'}",
    }
    _cli(
        "create-manager",
        "--username",
        "wang.jianguo",
        "--name",
        "王建国",
        env={**env, "LOTSIDE_PASSWORD": "a-real-long-password"},
    )
    media = tmp_path / "var" / "media" / "photos"
    media.mkdir(parents=True)
    (media / "front.webp").write_bytes(b"photo-bytes")
    archive = Path(_cli("backup", str(tmp_path / "backups"), env=env).stdout.strip())
    assert archive.exists() and archive.name.endswith(".tar.gz")

    db_file = tmp_path / "var" / "lotside.sqlite"
    with sqlite3.connect(db_file) as conn:
        conn.execute("DELETE FROM staff WHERE username = 'wang.jianguo'")
    (media / "front.webp").unlink()

    out = _cli("restore", str(archive), env=env).stdout
    assert "Restored" in out
    with sqlite3.connect(db_file) as conn:
        names = {r[0] for r in conn.execute("SELECT username FROM staff")}
    assert "wang.jianguo" in names
    assert (media / "front.webp").read_bytes() == b"photo-bytes"
    assert list((tmp_path / "var").glob("before-restore-*/lotside.sqlite"))


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path / "var"),
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'lotside.sqlite'}",
    }
    bogus = tmp_path / "bogus.tar.gz"
    import tarfile

    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(__file__, arcname="notes.txt")
    result = subprocess.run(
        [sys.executable, "-m", "db.cli", "restore", str(bogus)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "not a Lotside backup" in result.stderr


def test_the_app_refuses_to_start_on_an_unmigrated_database(tmp_path):
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path),
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite'}",
    }
    code = (
        "from litestar.testing import TestClient\n"
        "from app import create_app\n"
        "with TestClient(create_app()): pass\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "python -m db.cli migrate" in result.stderr
