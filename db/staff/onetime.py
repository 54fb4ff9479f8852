"""One-time passwords a manager reads out or sends to a new or locked-out colleague."""

from __future__ import annotations

import secrets

# No 0/O, 1/l/I: the password is read off a phone screen and typed on another.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def one_time_password(groups: int = 3, size: int = 4) -> str:
    """e.g. "k7pm-x3qa-9dtn": 12 random characters (about 59 bits), grouped to be read out."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))
