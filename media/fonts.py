"""The CJK font the share images are drawn with: Noto Sans CJK SC from Debian's
fonts-noto-cjk (installed by `make setup`), or the file named by CJK_FONT_DIR."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from PIL import ImageFont

FONT_DIRS = (
    os.environ.get("CJK_FONT_DIR", ""),
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/local/share/fonts",
)
FILES = {"bold": "NotoSansCJK-Bold.ttc", "regular": "NotoSansCJK-Regular.ttc"}
SC_INDEX = 2  # in the collection: JP, KR, SC, TC, HK ... — Simplified Chinese


class FontMissing(RuntimeError):
    pass


def font_file(weight: str) -> Path:
    for folder in filter(None, FONT_DIRS):
        path = Path(folder) / FILES[weight]
        if path.is_file():
            return path
    raise FontMissing(
        f"{FILES[weight]} not found: install Debian's fonts-noto-cjk (make setup does it as "
        "root) or set CJK_FONT_DIR"
    )


@cache
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(weight)), size, index=SC_INDEX)
