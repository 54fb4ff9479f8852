"""The app as served, plus a minimal route to measure the stack's own floor against."""

from litestar import get

from app import create_app
from web.guards import PUBLIC


@get("/hello", opt=PUBLIC, media_type="text/plain", include_in_schema=False)
async def hello() -> str:
    return "hello"


app = create_app()
app.register(hello)
