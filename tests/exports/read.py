"""Reading what an export sent, with the standard library only: the CSV's rows, and the
workbook's cells with their types (a number and its number format, a date serial, text)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from xml.etree import ElementTree  # noqa: S405 - our own server's workbooks, in tests

NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
EXCEL_EPOCH = datetime(1899, 12, 30)


@dataclass(frozen=True)
class Cell:
    text: str  # as written: the string, or the number's digits
    number: bool  # a numeric cell (not a string)
    format: str  # the number format's code, "" for General
    formula: bool = False

    @property
    def value(self) -> float:
        assert self.number, f"{self.text!r} is not a number"
        return float(self.text)

    @property
    def is_date(self) -> bool:
        return self.number and "yy" in self.format

    def as_date(self) -> date:
        assert self.is_date, f"{self.text!r} ({self.format!r}) is not a date"
        return (EXCEL_EPOCH + timedelta(days=float(self.text))).date()

    def as_datetime(self) -> datetime:
        assert self.is_date, f"{self.text!r} ({self.format!r}) is not a date"
        return EXCEL_EPOCH + timedelta(days=float(self.text))


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would misread Chinese"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _formats(book: zipfile.ZipFile) -> list[str]:
    """The number format code of each cell style, by the style's index."""
    styles = ElementTree.fromstring(book.read("xl/styles.xml"))  # noqa: S314
    codes = {
        int(f.get("numFmtId")): f.get("formatCode")
        for f in styles.findall("x:numFmts/x:numFmt", NS)
    }
    return [
        codes.get(int(xf.get("numFmtId", "0")), "") for xf in styles.findall("x:cellXfs/x:xf", NS)
    ]


def _column(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref).group()
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def xlsx_rows(content: bytes) -> list[list[Cell | None]]:
    """The first sheet's rows, each a list of cells by column (None where empty)."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        formats = _formats(book)
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))  # noqa: S314
        shared = []
        if "xl/sharedStrings.xml" in book.namelist():
            strings = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))  # noqa: S314
            shared = ["".join(t.text or "" for t in si.iter(f"{{{NS['x']}}}t")) for si in strings]
    rows = []
    for row in sheet.findall("x:sheetData/x:row", NS):
        cells: list[Cell | None] = []
        for c in row.findall("x:c", NS):
            col = _column(c.get("r"))
            cells.extend([None] * (col + 1 - len(cells)))
            kind = c.get("t", "n")
            fmt = formats[int(c.get("s", "0"))]
            formula = c.find("x:f", NS) is not None
            if kind == "inlineStr":
                text = "".join(t.text or "" for t in c.iter(f"{{{NS['x']}}}t"))
            elif kind == "s":
                text = shared[int(c.find("x:v", NS).text)]
            else:
                text = c.find("x:v", NS).text if c.find("x:v", NS) is not None else ""
            cells[col] = Cell(text, kind == "n", fmt if kind == "n" else "", formula)
        rows.append(cells)
    return rows


def texts(row: list[Cell | None]) -> list[str]:
    return [c.text if c else "" for c in row]


def sheet_name(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))  # noqa: S314
    return workbook.find("x:sheets/x:sheet", NS).get("name")


def link_names(links) -> list[str]:
    """What a screen reader names each link (its text without the aria-hidden arrow)."""
    names = []
    for link in links:
        text = "".join(
            s
            for s in link.find_all(string=True)
            if not s.find_parent(attrs={"aria-hidden": "true"})
        )
        names.append(text.strip())
    return names
