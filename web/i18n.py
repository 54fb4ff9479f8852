"""Languages: Simplified Chinese by default, English beside it.

The current request's locale lives in a context variable set by `LocaleMiddleware`, so
templates, components and rules all translate without being handed the request.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale
from babel.support import NullTranslations, Translations
from litestar.types import ASGIApp, Receive, Scope, Send

LOCALES_DIR = Path(__file__).parent / "locales"
DEFAULT = "zh_Hans_CN"
SUPPORTED = {"zh": "zh_Hans_CN", "en": "en"}  # setting value -> Babel locale
LANG_COOKIE = "lang"

_current: ContextVar[str] = ContextVar("locale", default=DEFAULT)


@cache
def translations(locale: str) -> NullTranslations:
    return Translations.load(str(LOCALES_DIR), [locale], domain="messages")


def current_locale() -> str:
    return _current.get()


def current_language() -> str:
    """The short setting value ('zh' or 'en') of the current locale."""
    return "en" if _current.get() == "en" else "zh"


def html_lang() -> str:
    return "en" if _current.get() == "en" else "zh-Hans"


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def lazy(message: str) -> str:
    """Marks a message for extraction where it is defined; translate it where it is shown."""
    return message


def negotiate(user_language: str, cookie: str | None, accept_language: str | None) -> str:
    """The user's own setting wins, then the language cookie, then the browser's list."""
    for choice in (user_language, cookie):
        if choice in SUPPORTED:
            return SUPPORTED[choice]
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().replace("_", "-").lower()
        if not tag or tag == "*":
            continue
        primary = tag.split("-")[0]
        if primary in SUPPORTED:
            return SUPPORTED[primary]
    return DEFAULT


def use_locale(locale: str) -> None:
    _current.set(locale)


def babel_locale() -> Locale:
    return Locale.parse(_current.get())


def locale_middleware(app: ASGIApp) -> ASGIApp:
    """Chooses the language from the browser before anything renders.

    The signed-in user's own setting is applied later by the auth step (see security.py).
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
            cookie = _cookie(headers.get("cookie", ""), LANG_COOKIE)
            # Not reset afterwards: error pages rendered further out must still see it, and
            # every request sets it afresh before anything reads it.
            _current.set(negotiate("", cookie, headers.get("accept-language")))
        await app(scope, receive, send)

    return middleware


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None
