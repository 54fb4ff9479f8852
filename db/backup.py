"""Consistent online backup of the SQLite database and the media folder, and restore."""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from db.settings import settings


def backup(out_dir: Path) -> Path:
    """Write var-style backup archive: a WAL-safe copy of the database plus media.

    SQLite's backup API copies a consistent snapshot while the app keeps writing.
    """
    s = settings()
    if not s.is_sqlite:
        raise SystemExit(
            "PostgreSQL: back up with pg_dump (see docs/OPERATIONS.md); media with this command's"
            " --media-only option."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    archive = out_dir / f"lotside-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "lotside.sqlite"
        src = sqlite3.connect(s.sqlite_path)
        dst = sqlite3.connect(copy)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        check = sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise SystemExit(f"Backup copy failed its integrity check: {check}")
        tmp_archive = archive.with_suffix(".partial")
        with tarfile.open(tmp_archive, "w:gz") as tar:
            tar.add(copy, arcname="lotside.sqlite")
            if s.media_root.exists():
                tar.add(s.media_root, arcname="media")
            manifest = json.dumps({"created": stamp, "database": "sqlite"}).encode()
            info = tarfile.TarInfo("MANIFEST.json")
            info.size = len(manifest)
            tar.addfile(info, io.BytesIO(manifest))
        tmp_archive.rename(archive)
    return archive


def restore(archive: Path) -> Path:
    """Put a backup back in place; the current files are kept aside, never overwritten."""
    s = settings()
    if not s.is_sqlite:
        raise SystemExit("PostgreSQL: restore with pg_restore (see docs/OPERATIONS.md).")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = s.var_dir / f"before-restore-{stamp}"
    aside.mkdir(parents=True)
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        if "lotside.sqlite" not in names or "MANIFEST.json" not in names:
            raise SystemExit(f"{archive} is not a Lotside backup.")
        with tempfile.TemporaryDirectory() as tmp:
            tar.extractall(tmp, filter="data")
            db = s.sqlite_path
            for suffix in ("", "-wal", "-shm"):
                old = Path(f"{db}{suffix}")
                if old.exists():
                    old.rename(aside / old.name)
            if s.media_root.exists():
                s.media_root.rename(aside / "media")
            db.parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / "lotside.sqlite").rename(db)
            if (Path(tmp) / "media").exists():
                (Path(tmp) / "media").rename(s.media_root)
    return aside
