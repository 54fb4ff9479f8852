"""`/healthz`: is the app up, and can it reach its database?"""

from litestar import get
from litestar.response import Response

from db.schema import ping
from web.guards import PUBLIC


@get("/healthz", opt=PUBLIC)
async def healthz() -> Response:
    ok = await ping()
    return Response(
        {"status": "ok" if ok else "degraded", "database": "ok" if ok else "unreachable"},
        status_code=200 if ok else 503,
        headers={"Cache-Control": "no-store"},
    )


routes = [healthz]
