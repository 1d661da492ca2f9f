"""Request-body limits: small by default, larger only on the routes that need it.

Without a limit any caller can make a service read, parse and store a body of any size (a
10 MB JSON booking was accepted). The check runs before the route: a declared
`Content-Length` over the limit is refused at once, and a body sent without one (chunked) is
counted as it arrives and refused as soon as it passes the limit, so no route ever sees it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fc_shared.problems import PROBLEM_JSON, Problem

DEFAULT_BODY_LIMIT = 64 * 1024  # bytes: every JSON request of the platform fits with room


class BodyTooLarge(HTTPException):
    """Raised inside `receive` when a body without a length passes the limit.

    An HTTPException, because FastAPI turns any other error while reading a body into
    "400 There was an error parsing the body"; this one it passes on as the 413 it is.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(
            413, f"The request body is larger than this route accepts ({limit} bytes)."
        )


def _problem(limit: int, path: str) -> tuple[int, bytes]:
    problem = Problem(
        413,
        "Content Too Large",
        f"The request body is larger than this route accepts ({limit} bytes).",
        limit=limit,
    )
    return 413, json.dumps(problem.body(path)).encode()


class BodyLimitMiddleware:
    """Refuses request bodies over a per-route limit with 413 problem+json.

    `limits` maps a path prefix to its limit; the longest matching prefix wins, and paths
    matching none get `default`.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        default: int = DEFAULT_BODY_LIMIT,
        limits: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self.default = default
        # Longest prefix first, so "/v1/forms/attachments" beats "/v1/forms".
        self.limits = sorted((limits or {}).items(), key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.limits:
            if path.startswith(prefix):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.limit_for(path)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit, path)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send, limit, path)


def _content_length(scope: Scope) -> int | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for name, value in headers:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: int, path: str) -> None:
    status, body = _problem(limit, path)
    headers: list[Any] = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
