"""Reading a VIN (车架号) and a Chinese number plate (车牌号) as an appraiser types them.

The check digit (9th character, ISO 3779 / FMVSS 115 weights and transliteration) is
mandatory for North American VINs (world maker code starting 1–5) and Chinese VINs
(GB 16735, starting with L); elsewhere the 9th character is the maker's own, so it is not
judged. The same two standards fix position 10 as the model year, so the model year is read
only for those VINs: a European or Japanese maker may put anything there, and a wrong year
would make a correct registration date look wrong.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from vininfo import Vin
from vininfo.common import UnsupportedBrand

from db.appraisals.checks import Message


def N_(message: str) -> str:
    """Marks a message id for translation; it is translated where it is shown."""
    return message


VIN_LENGTH = 17
CHECK_DIGIT_REGIONS = "12345L"  # North America (FMVSS 115) and China (GB 16735)

_TRANSLITERATION = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 1980, 1981, … then again from 2010
_FIRST_YEAR = 1980

CheckDigitState = Literal["valid", "invalid", "none"]


@dataclass(frozen=True)
class VinCheck:
    vin: str  # normalised: upper-case, spaces and dashes removed
    problem: str | None  # English msgid (a checks.Message) if the VIN is unusable
    check_digit: CheckDigitState  # "none" also when the VIN is unusable for another reason
    manufacturer: str | None  # from the world maker code, via vininfo (an English name)
    country: str | None
    model_year: int | None
    note: str | None  # English msgid explaining the check digit state


def normalise_vin(raw: str) -> str:
    """Upper-case, full-width characters made ASCII, spaces and dashes removed."""
    text = unicodedata.normalize("NFKC", raw or "").upper()
    return re.sub(r"[\s\-]", "", text)


def expected_check_digit(vin: str) -> str:
    """The ISO 3779 check digit for a 17-character VIN of A–Z (no I, O, Q) and 0–9."""
    total = sum(_TRANSLITERATION[c] * w for c, w in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def model_year(code: str, today: date) -> int | None:
    """The year a position-10 code stands for: codes repeat every 30 years, so the latest
    candidate that is not after next year's models."""
    index = _YEAR_CODES.find(code)
    if len(code) != 1 or index < 0:
        return None
    year = _FIRST_YEAR + index
    while year + len(_YEAR_CODES) <= today.year + 1:
        year += len(_YEAR_CODES)
    return year


def _unusable(vin: str, problem: Message) -> VinCheck:
    return VinCheck(vin, problem, "none", None, None, None, None)


def check_vin(raw: str, today: date) -> VinCheck:
    vin = normalise_vin(raw)
    if not vin:
        return _unusable(vin, Message(N_("Enter the 17-character VIN.")))
    strangers = sorted({c for c in vin if not ("A" <= c <= "Z" or "0" <= c <= "9")})
    if strangers:
        return _unusable(
            vin,
            Message(
                N_("A VIN has only letters and digits; remove {chars}."),
                chars=" ".join(strangers),
            ),
        )
    if set(vin) & set("IOQ"):
        return _unusable(vin, Message(N_("VINs never contain the letters I, O or Q.")))
    if len(vin) != VIN_LENGTH:
        return _unusable(
            vin, Message(N_("A VIN has 17 characters; this one has {count}."), count=len(vin))
        )

    info = Vin(vin)
    manufacturer = None if isinstance(info.assembler, UnsupportedBrand) else info.manufacturer
    country = info.country
    if vin[0] not in CHECK_DIGIT_REGIONS:
        note = N_(
            "This VIN has no check digit to verify (European and most Asian makers do not use one)."
        )
        return VinCheck(vin, None, "none", manufacturer, country, None, Message(note))

    year = model_year(vin[9], today)
    if vin[8] == expected_check_digit(vin):
        note = N_("The check digit (9th character) matches the rest of the VIN.")
        return VinCheck(vin, None, "valid", manufacturer, country, year, Message(note))
    problem = N_("The check digit (9th character) does not match: please check the VIN for a typo.")
    # Saying which digit was expected would invite "fixing" the 9th character when the
    # typo is elsewhere; point to the paper instead.
    note = N_(
        "One wrong character anywhere in the VIN makes the check digit disagree; "
        "compare it with the vehicle licence (行驶证)."
    )
    return VinCheck(vin, Message(problem), "invalid", manufacturer, country, year, Message(note))


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# 学 (driving-school cars), 港 and 澳 (Hong Kong and Macau cars) end some ordinary plates.
_PLATE_CHARS = re.compile(r"[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9学港澳]|[A-HJ-NP-Z0-9]{6}")
# Green new-energy plates: small cars "D12345" (a letter from A–K for the energy kind, then a
# letter or digit, then 4 digits), large vehicles "12345D" (5 digits, then D or F).
_NEW_ENERGY = re.compile(r"[A-HJK][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF]")


def normalise_plate(raw: str) -> str:
    """粤B D12345, 粤b·d12345 → 粤BD12345."""
    text = unicodedata.normalize("NFKC", raw or "").upper()
    return re.sub(r"[\s\-·•.]", "", text)


def plate_problem(plate: str) -> str | None:
    """None for a plausible Chinese plate (or an empty one: unregistered cars have none)."""
    plate = normalise_plate(plate)
    if not plate:
        return None
    if plate[0] not in PROVINCES:
        return Message(N_("A plate starts with a province abbreviation such as 京, 沪 or 粤."))
    if len(plate) < 2 or not "A" <= plate[1] <= "Z":
        return Message(N_("The second character of a plate is a letter (the city code)."))
    rest = plate[2:]
    if len(rest) not in (5, 6):
        return Message(
            N_(
                "After the province and city letter a plate has 5 characters "
                "(6 on a green new-energy plate); this one has {count}."
            ),
            count=len(rest),
        )
    if set(plate[1:]) & set("IO"):
        return Message(N_("Plates never contain the letters I or O."))
    if not _PLATE_CHARS.fullmatch(rest):
        return Message(N_("After the province, a plate has only letters and digits."))
    if len(rest) == 6 and not _NEW_ENERGY.fullmatch(rest):
        return Message(
            N_("This does not match a green new-energy plate (such as 粤BD12345 or 粤B12345D).")
        )
    return None
