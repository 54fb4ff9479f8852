"""Static assets: checksummed URLs for ours, and fetching pinned third-party files.

`python -m web.assets fetch` downloads each pinned npm package with `npm pack`, checks the
tarball against the registry integrity recorded here, and copies the file we serve into
web/static/vendor/ (git-ignored). Nothing third-party is committed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from functools import cache
from pathlib import Path

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"

# package, version, npm integrity (sha512 of the tarball), file inside it, name we serve
PINNED = [
    (
        "htmx.org",
        "4.0.1",
        "sha512-oF7JgXhDW9UXCy/k1ZYFUQgzu/rm19ORWPSPNL91vPluB2PB9+MV55tyQdH/w7o2EAbTYUG5SDW1R60mdkdqGg==",
        "package/dist/htmx.min.js",
        "htmx.min.js",
    ),
]


@cache
def file_version(path: str) -> str:
    return hashlib.sha256((STATIC / path).read_bytes()).hexdigest()[:12]


def static_url(path: str) -> str:
    """`/static/css/app.css?v=<content hash>`: safe to cache for a year."""
    return f"/static/{path}?v={file_version(path)}"


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch() -> None:
    VENDOR.mkdir(parents=True, exist_ok=True)
    stamp = VENDOR / "PINNED.json"
    wanted = json.dumps(PINNED)
    if (
        stamp.exists()
        and stamp.read_text() == wanted
        and all((VENDOR / served).exists() for *_, served in PINNED)
    ):
        return
    for package, version, integrity, member, served in PINNED:
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(
                ["npm", "pack", f"{package}@{version}", "--pack-destination", tmp, "--json"],
                check=True,
                capture_output=True,
                text=True,
            )
            tarball = Path(tmp) / json.loads(out.stdout)[0]["filename"]
            got = _integrity(tarball.read_bytes())
            if got != integrity:
                sys.exit(f"{package}@{version}: checksum mismatch ({got} != {integrity})")
            with tarfile.open(tarball) as tar:
                data = tar.extractfile(member).read()
            (VENDOR / served).write_bytes(data)
            print(f"fetched {package}@{version} -> web/static/vendor/{served} (checksum ok)")
    stamp.write_text(wanted)


if __name__ == "__main__" and sys.argv[1:] == ["fetch"]:
    fetch()
