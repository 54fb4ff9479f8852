"""Structured request logging: one JSON line per request."""

from __future__ import annotations

import json
import logging
import time
import uuid

from litestar.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("lotside.request")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
        }
        entry.update(getattr(record, "fields", {}) or {"message": record.getMessage()})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("lotside")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def request_log_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}
        request_id = uuid.uuid4().hex[:16]

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await app(scope, receive, send_and_note)
        finally:
            user = scope.get("user")
            client = scope.get("client") or ("", 0)
            log.info(
                "request",
                extra={
                    "fields": {
                        "id": request_id,
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status["code"],
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                        "user": user.id if user else None,
                        "ip": client[0],
                        "htmx": any(k == b"hx-request" for k, _ in scope["headers"]),
                    }
                },
            )

    return middleware
