"""Where photo bytes live: files under one root folder, addressed by storage keys.

A key is a relative POSIX path such as ``photos/ab/abcd…-phone.webp``; the database stores
keys, never paths, so the bytes can move to an object store behind the same four methods.
Keys are content-addressed (the name is a hash of the bytes), so a key that exists already
holds the right bytes and is never rewritten.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path, PurePosixPath

from db.settings import settings

MEDIA_URL_PREFIX = "/media/"
FILE_MODE = 0o644  # the web server (or a proxy in front of it) reads these files


class Storage:
    """Bytes on disk under a root folder; keys are relative POSIX paths like
    'photos/ab/abcd…-phone.webp'."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        """The file for `key`; a key that could reach outside the root is a ValueError."""
        if not key or "\\" in key or "\x00" in key:
            raise ValueError(f"Not a storage key: {key!r}")
        parts = PurePosixPath(key).parts
        if PurePosixPath(key).is_absolute() or any(part in ("..", ".") for part in parts):
            raise ValueError(f"Storage key escapes the media root: {key!r}")
        # PurePosixPath folds "a//b" and "a/./b"; a key must be written one way only.
        if "/".join(parts) != key:
            raise ValueError(f"Not a normalised storage key: {key!r}")
        return self.root.joinpath(*parts)

    def put(self, key: str, data: bytes) -> None:
        """Write `data` under `key` atomically: readers see the old state or the whole file.

        The bytes go to a temporary file in the same folder, are flushed to disk, and the file
        is renamed over the key; the folder is then synced so the rename survives a crash.
        """
        target = self.path(key)
        if target.exists():
            return
        folder = target.parent
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fchmod(out.fileno(), FILE_MODE)
                os.fsync(out.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        _fsync_folder(folder)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove the file for `key`; a missing file is fine."""
        self.path(key).unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@cache
def storage() -> Storage:
    """The application's storage, rooted at the configured media folder."""
    return Storage(settings().media_root)


def media_url(key: str) -> str:
    """The public URL of a stored file (served under MEDIA_URL_PREFIX)."""
    return MEDIA_URL_PREFIX + key


def with_urls(photo: dict) -> dict:
    """A stored photo (its `variants`: name -> key) with `urls` for the `photo` component."""
    variants = photo.get("variants") or {}
    return {**photo, "urls": {name: media_url(key) for name, key in variants.items()}}
