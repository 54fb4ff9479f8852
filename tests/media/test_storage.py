"""Storage: content-addressed files under one root, written atomically, never outside it."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from db.settings import settings
from media import storage as storage_module
from media.storage import MEDIA_URL_PREFIX, Storage, media_url, storage

KEY = "photos/ab/abcdef0123456789abcdef0123456789-phone.webp"


@pytest.fixture
def store(tmp_path: Path) -> Storage:
    return Storage(tmp_path / "media")


def all_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_put_writes_the_bytes_under_the_key_making_folders(store):
    store.put(KEY, b"webp bytes")

    assert store.path(KEY) == store.root / "photos" / "ab" / KEY.rsplit("/", 1)[1]
    assert store.path(KEY).read_bytes() == b"webp bytes"
    assert store.exists(KEY)
    assert all_files(store.root) == [KEY]  # no temporary file left beside it


def test_stored_files_are_readable_by_the_web_server(store):
    store.put(KEY, b"webp bytes")

    mode = stat.S_IMODE(store.path(KEY).stat().st_mode)
    assert mode & stat.S_IRGRP and mode & stat.S_IROTH


def test_put_of_an_existing_key_leaves_the_file_alone(store):
    store.put(KEY, b"first")
    before = store.path(KEY).stat()

    store.put(KEY, b"second")

    after = store.path(KEY).stat()
    assert store.path(KEY).read_bytes() == b"first"
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_write_that_fails_leaves_neither_the_key_nor_a_temporary_file(store, monkeypatch):
    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_module.os, "fsync", disk_full)

    with pytest.raises(OSError, match="No space left"):
        store.put(KEY, b"webp bytes")

    assert not store.exists(KEY)
    assert all_files(store.root) == []


def test_a_half_written_file_is_never_visible_under_the_key(store, monkeypatch):
    seen = []
    real_replace = os.replace

    def replace(src, dst):
        seen.append((Path(dst).exists(), Path(src).read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(storage_module.os, "replace", replace)

    store.put(KEY, b"complete bytes")

    assert seen == [(False, b"complete bytes")]  # whole and on disk before it gets the name


@pytest.mark.parametrize(
    "key",
    [
        "../outside.webp",
        "photos/../../outside.webp",
        "/etc/passwd",
        "photos/./ab/x.webp",
        "photos//ab/x.webp",
        "photos\\..\\..\\outside.webp",
        "",
        "photos/ab/",
        "photos/\x00.webp",
    ],
)
def test_keys_that_could_leave_the_root_are_refused(store, key):
    with pytest.raises(ValueError):
        store.path(key)
    with pytest.raises(ValueError):
        store.put(key, b"x")
    with pytest.raises(ValueError):
        store.exists(key)
    with pytest.raises(ValueError):
        store.delete(key)
    assert not (store.root.parent / "outside.webp").exists()


def test_delete_removes_the_file_and_a_missing_one_is_fine(store):
    store.put(KEY, b"webp bytes")

    store.delete(KEY)
    store.delete(KEY)

    assert not store.exists(KEY)


def test_the_app_storage_lives_in_the_configured_media_root():
    assert storage().root == settings().media_root
    assert storage() is storage()


def test_media_url_is_the_key_under_the_media_prefix():
    assert MEDIA_URL_PREFIX == "/media/"
    assert media_url(KEY) == "/media/" + KEY
