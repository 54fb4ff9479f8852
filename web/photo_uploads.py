"""What the photo routes share (appraisal photos, listing photos): the body limit, the
client id, turning the uploaded file into stored variants or a translated reason it was
refused, and the form that moves a photo."""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import dataclass

from litestar.datastructures import UploadFile

from media.photos import MAX_UPLOAD_BYTES, PhotoRejected, Processed, ingest
from media.storage import storage
from web.i18n import gettext as _

# The multipart body may carry a little more than the photo itself (the other fields).
BODY_LIMIT = MAX_UPLOAD_BYTES + 1024 * 1024
# Made by the phone (photos.js) or the form; a retry sends the same one.
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def new_id() -> str:
    """A client id for a form that uploads without JavaScript (photos.js makes its own)."""
    return uuid.uuid4().hex


async def ingest_upload(photo: UploadFile) -> Processed | str:
    """The stored photo, or the translated message saying why it was refused."""
    content = await photo.read()
    try:
        # decoding and encoding are CPU work: keep the event loop free meanwhile
        return await asyncio.to_thread(ingest, content, storage())
    except PhotoRejected as rejected:
        return _(rejected.message).format(**rejected.params)


@dataclass
class MoveForm:
    step: int = 0  # -1 towards the front, +1 towards the back
