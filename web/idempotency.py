"""The idempotency key a retried write carries (web/static/js/outbox.js): the
`Idempotency-Key` header, or the `_idem` form field of a form sent without JavaScript
(the header wins). A repeated key is the same write; see db/idempotency.py."""

from __future__ import annotations

import re
from collections.abc import Mapping

from litestar import Request
from litestar.exceptions import ClientException

from web.i18n import gettext as _

HEADER = "idempotency-key"
FIELD = "_idem"
KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class MalformedKey(ClientException):
    """400: the key is not 1–64 letters, digits, '-' or '_'. `explanation` is shown."""

    status_code = 400

    def __init__(self, key: str) -> None:
        super().__init__(detail=f"malformed idempotency key: {key[:80]!r}")
        self.explanation = _(
            "The write's idempotency key must be 1 to 64 letters, digits, '-' or '_'."
        )


class KeyInUse(ClientException):
    """409: the key already made someone else's write (db.idempotency.KeyTaken)."""

    status_code = 409

    def __init__(self) -> None:
        super().__init__(detail="idempotency key used by another write")
        self.explanation = _(
            "This write's idempotency key was already used for someone else's record; "
            "it was not saved again."
        )


def request_key(request: Request, form: Mapping | None = None) -> str | None:
    """The write's key, None when it carries none; MalformedKey (400) when it is malformed.

    A header that is present must be well formed; an empty `_idem` field counts as none."""
    raw = request.headers.get(HEADER)
    if raw is None and form is not None:
        raw = (form.get(FIELD) or "").strip() or None
    if raw is None:
        return None
    if not KEY.match(raw):
        raise MalformedKey(raw)
    return raw
