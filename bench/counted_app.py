"""The app as served, answering every HTTP request with the number of SQL queries it ran in an
`x-sql-queries` header: the same count the tests' `sql_log` fixture takes (each query that
reaches the engine's `run_querystring`), kept per request in a context variable."""

from __future__ import annotations

from contextvars import ContextVar

from piccolo.engine import engine_finder

from app import create_app

_queries: ContextVar[list[int] | None] = ContextVar("bench_sql_queries", default=None)


def _count_queries() -> None:
    engine_class = type(engine_finder())
    original = engine_class.run_querystring

    async def counted(self, querystring, in_pool=False):
        box = _queries.get()
        if box is not None:
            box[0] += 1
        return await original(self, querystring, in_pool=in_pool)

    engine_class.run_querystring = counted


_count_queries()
_inner = create_app()


async def app(scope, receive, send):
    if scope["type"] != "http":
        await _inner(scope, receive, send)
        return
    box = [0]
    token = _queries.set(box)

    async def send_counted(message):
        if message["type"] == "http.response.start":
            headers = [*message.get("headers", []), (b"x-sql-queries", str(box[0]).encode())]
            message = {**message, "headers": headers}
        await send(message)

    try:
        await _inner(scope, receive, send_counted)
    finally:
        _queries.reset(token)
