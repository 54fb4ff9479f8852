"""How money, mileage and dates read to dealers: ¥12.8万, 3.2万公里, 2026年11月22日.

Pure functions taking the locale explicitly; web/ registers them as Jinja filters bound to
the current request's locale.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal


def _is_zh(locale: str) -> bool:
    return locale.startswith("zh")


def _wan(amount: int) -> str:
    """Amount in 万 with at most two decimals, trailing zeros dropped: 128000 -> '12.8'."""
    text = f"{amount / 10000:.2f}".rstrip("0").rstrip(".")
    return text


def wan_figure(yuan: int | None) -> str:
    """The number a dealer types for a price: 128000 -> '12.8' (万); '' for nothing."""
    return "" if yuan is None else _wan(int(yuan))


def money(yuan: int | None, locale: str) -> str:
    """Yuan as dealers say it: ¥12.8万 from 10,000 up in Chinese, ¥128,000 in English."""
    if yuan is None:
        return "—"
    sign = "-" if yuan < 0 else ""
    yuan = abs(int(yuan))
    if _is_zh(locale) and yuan >= 10000:
        return f"{sign}¥{_wan(yuan)}万"
    return f"{sign}¥{format_decimal(yuan, locale=locale)}"


def yuan(amount: int | None, locale: str) -> str:
    """Exact yuan, never rounded to 万: for limits a price is compared against."""
    if amount is None:
        return "—"
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{format_decimal(abs(int(amount)), locale=locale)}"


def mileage(km: int | None, locale: str) -> str:
    """Kilometres: 3.2万公里 in Chinese from 10,000 km, otherwise grouped digits."""
    if km is None:
        return "—"
    km = int(km)
    if _is_zh(locale):
        if km >= 10000:
            return f"{_wan(km)}万公里"
        return f"{format_decimal(km, locale=locale)}公里"
    return f"{format_decimal(km, locale=locale)} km"


def day(value: date | datetime | None, locale: str, tz: str = "Asia/Shanghai") -> str:
    """A calendar day in the locale's medium form, in the dealership's time zone."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(tz)).date()
    return format_date(value, format="medium", locale=locale)


def moment(value: datetime | None, locale: str, tz: str = "Asia/Shanghai") -> str:
    """Date and time to the minute, in the dealership's time zone."""
    if value is None:
        return "—"
    return format_datetime(
        value,
        format="short" if not _is_zh(locale) else "yyyy-MM-dd HH:mm",
        tzinfo=ZoneInfo(tz),
        locale=locale,
    )


def clock(value: datetime, locale: str, tz: str = "Asia/Shanghai") -> str:
    """Hours and minutes only, in the dealership's time zone."""
    return format_datetime(value, format="HH:mm", tzinfo=ZoneInfo(tz), locale=locale)
