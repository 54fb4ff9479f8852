"""The Jinja environment: gettext, formatting filters and a few globals."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from components import charts
from components import format as fmt
from db.settings import settings
from web import i18n
from web.assets import static_url
from web.dealership import dealership, logo_url

WEB = Path(__file__).parent
ROOT = WEB.parent


def _configure(env: Environment) -> None:
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    tz = settings().timezone
    env.filters.update(
        money=lambda v: fmt.money(v, i18n.current_locale()),
        wan=fmt.wan_figure,
        yuan=lambda v: fmt.yuan(v, i18n.current_locale()),
        mileage=lambda v: fmt.mileage(v, i18n.current_locale()),
        day=lambda v: fmt.day(v, i18n.current_locale(), tz),
        moment=lambda v: fmt.moment(v, i18n.current_locale(), tz),
    )
    env.globals.update(
        static=static_url,
        html_lang=i18n.html_lang,
        current_language=i18n.current_language,
        dealership=dealership,  # the profile in force: dealership().name, .phone, …
        dealership_logo=logo_url,
        bar_layout=charts.bar_layout,
        histogram_layout=charts.histogram_layout,
        line_layout=charts.line_layout,
        chart_value=lambda v, unit="": charts.shown(v, unit, i18n.current_locale()),
    )
    env.trim_blocks = True
    env.lstrip_blocks = True


def template_config() -> TemplateConfig:
    return TemplateConfig(
        directory=[WEB, ROOT],
        engine=JinjaTemplateEngine,
        engine_callback=lambda engine: _configure(engine.engine),
    )
