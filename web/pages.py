"""The one place that decides: the whole page, or just one block of it for htmx.

A partial htmx request (htmx 4 sends `HX-Request-Type: partial`) gets the named block of
the same template; a direct visit, a boosted navigation (`full`) or a history restore gets
the whole page. Every answer varies on those headers.
"""

from __future__ import annotations

from typing import Any

from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Request
from litestar.response import Template

VARY = "HX-Request, HX-Request-Type"


def wants_fragment(request: Request) -> bool:
    return (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-request-type") == "partial"
    )


def page(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    block: str | None = None,
    also: tuple[str, ...] = (),
    status_code: int = 200,
    **response: Any,
) -> Template:
    """`also` names further blocks sent with `block` for out-of-band swaps; each such block
    marks its root `hx-swap-oob` when its name is in `oob_blocks`."""
    context = context or {}
    headers = {"Vary": VARY, **response.pop("headers", {})}
    if block and wants_fragment(request):
        names = {"block_names": [block, *also]} if also else {"block_name": block}
        return HTMXBlockTemplate(
            template_name=template,
            context={**context, "oob_blocks": set(also)},
            status_code=status_code,
            headers=headers,
            **names,
            **response,
        )
    return Template(
        template_name=template,
        context=context,
        status_code=status_code,
        headers=headers,
        **response,
    )
