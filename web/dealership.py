"""The dealership's profile in force, where a request shows it.

`settings()` is read once per process, but the profile is a manager's to change, and every
server process must show the change on its next request. So a handler that shows the
dealership (the public pages, the share card and kit, the window card, the appraisal
sheet, the sign-in page) first awaits `use_profile()`: one small query for the newest
version, kept for the rest of the request in a context variable. Templates and the code
that draws cards then read it synchronously through `dealership()`.

A page rendered without that step (an error page, outside any handler) gets the profile
this process read last, or the environment's before any: the brand in an error page's
header may lag a change by a request, nothing else does.
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path

from db.dealership.queries import current_profile
from db.dealership.rules import Profile, default_profile
from db.settings import settings
from media.storage import media_url, storage
from web.assets import STATIC

APP_ICON = STATIC / "icons" / "icon-512.png"  # the mark on share cards until a logo is set

_in_force: ContextVar[Profile | None] = ContextVar("dealership_profile", default=None)
_last_read: list[Profile] = []  # this process's latest read, for pages rendered without one


async def use_profile() -> Profile:
    """Read the profile in force (one query) and keep it for this request."""
    profile = await current_profile()
    _in_force.set(profile)
    _last_read[:] = [profile]
    return profile


def dealership() -> Profile:
    """The profile this request read, for templates and the drawing code."""
    profile = _in_force.get()
    if profile is not None:
        return profile
    return _last_read[0] if _last_read else default_profile(settings())


def logo_url(profile: Profile, small: bool = True) -> str:
    key = profile.logo_small if small else profile.logo
    return media_url(key) if key else ""


def logo_path(profile: Profile) -> Path:
    """The mark drawn on share cards: the manager's logo, else the app's icon."""
    if profile.logo:
        path = storage().path(profile.logo)
        if path.is_file():
            return path
    return APP_ICON
