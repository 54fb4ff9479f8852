"""Settings read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "lotside-development-only-secret-key-change-me"  # noqa: S105 - dev only


@dataclass(frozen=True)
class Settings:
    env: str  # development | test | production
    database_url: str
    secret_key: str
    secret_key_given: bool
    var_dir: Path
    media_root: Path
    timezone: str
    dealership_name: str
    dealership_city: str
    dealership_address: str
    dealership_phone: str
    dealership_hours: str
    vin_public: str  # masked | full | hidden: how much of a VIN the public pages show
    aging_days: tuple[int, ...]  # days in stock at which a car's aging badge steps up
    listing_needs_certification: bool  # no retail listing without a passed inspection
    share_price_tile: str  # centre | last: the nine-grid tile that carries price and QR
    session_days: int
    login_window_minutes: int
    login_slow_after: int
    login_lock_after: int
    login_lock_minutes: int
    login_delay_seconds: float
    db_pool: bool

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path:
        raw = self.database_url.split("sqlite:///", 1)[1]
        path = Path(raw)
        return path if path.is_absolute() else ROOT / path


def _aging_days(raw: str) -> tuple[int, ...]:
    """AGING_DAYS, e.g. "30,45,60,90": rising whole days, each at least 1."""
    try:
        days = tuple(int(part) for part in raw.split(","))
    except ValueError:
        days = ()
    if not days or days[0] < 1 or any(a >= b for a, b in zip(days, days[1:], strict=False)):
        raise ValueError(f"AGING_DAYS must be rising whole days, e.g. 30,45,60,90 (got {raw!r})")
    return days


def _one_of(name: str, allowed: tuple[str, ...]) -> str:
    """An environment setting that must be one of `allowed` (the first is the default)."""
    value = os.environ.get(name, allowed[0]).strip().lower()
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)} (got {value!r})")
    return value


@cache
def settings() -> Settings:
    env = os.environ.get("APP_ENV", "development")
    var_dir = Path(os.environ.get("VAR_DIR", ROOT / "var"))
    secret = os.environ.get("SECRET_KEY", "")
    return Settings(
        env=env,
        database_url=os.environ.get("DATABASE_URL", f"sqlite:///{var_dir / 'lotside.sqlite'}"),
        secret_key=secret or DEV_SECRET,
        secret_key_given=bool(secret) and secret != DEV_SECRET,
        var_dir=var_dir,
        media_root=Path(os.environ.get("MEDIA_ROOT", var_dir / "media")),
        timezone=os.environ.get("DEALERSHIP_TZ", "Asia/Shanghai"),
        dealership_name=os.environ.get("DEALERSHIP_NAME", "华骏汽车 · 认证二手车"),
        dealership_city=os.environ.get("DEALERSHIP_CITY", "深圳"),
        dealership_address=os.environ.get(
            "DEALERSHIP_ADDRESS", "广东省深圳市南山区沙河西路 3009 号 华骏汽车城 2 号馆"
        ),
        dealership_phone=os.environ.get("DEALERSHIP_PHONE", "0755-86271234"),
        dealership_hours=os.environ.get("DEALERSHIP_HOURS", "周一至周日 9:00–18:30"),
        vin_public=os.environ.get("VIN_PUBLIC", "masked"),
        aging_days=_aging_days(os.environ.get("AGING_DAYS", "30,45,60,90")),
        listing_needs_certification=os.environ.get("LISTING_NEEDS_CERTIFICATION", "1") == "1",
        share_price_tile=_one_of("SHARE_PRICE_TILE", ("centre", "last")),
        session_days=int(os.environ.get("SESSION_DAYS", "14")),
        login_window_minutes=int(os.environ.get("LOGIN_WINDOW_MINUTES", "15")),
        login_slow_after=int(os.environ.get("LOGIN_SLOW_AFTER", "3")),
        login_lock_after=int(os.environ.get("LOGIN_LOCK_AFTER", "6")),
        login_lock_minutes=int(os.environ.get("LOGIN_LOCK_MINUTES", "15")),
        login_delay_seconds=float(os.environ.get("LOGIN_DELAY_SECONDS", "1.0")),
        db_pool=os.environ.get("DB_POOL", "1") == "1",
    )
