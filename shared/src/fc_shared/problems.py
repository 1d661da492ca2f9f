"""RFC 9457 problem details: every error a client sees is `application/problem+json`.

This is the HTTP edge. Domain rules raise `fc_shared.refusals.Refused` (no web framework);
the handler installed here answers it, like a `Problem`, with a stable `code` beside the
English title so that frontends can rely on the code and translate the text.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException as StarletteHTTPException

from fc_shared.db import is_database_unavailable, is_invalid_value, sqlstate
from fc_shared.refusals import Refused

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger(__name__)


def code_of(title: str) -> str:
    """The default code for a title: `Child too old` → `child_too_old`."""
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_") or "problem"


class Problem(Exception):
    """Raise from a route or a domain rule to answer with a problem+json document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        type_: str = "about:blank",
        code: str | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type_
        self.code = code or code_of(title)
        self.extensions = extensions

    @classmethod
    def of(cls, refusal: Refused) -> Problem:
        return cls(
            int(refusal.kind),
            refusal.title,
            refusal.detail,
            code=refusal.code,
            **refusal.extensions,
        )

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "code": self.code,
        }
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        body.update(self.extensions)
        return body


class LoggedRefusal(Problem):
    """A refusal that belongs in an access log. Raise it anywhere in a request; the app's
    handler (fc_shared.service) calls `record` in a transaction of its own once the request's
    transaction has rolled back and given its connection back, then answers the problem. So
    the rollback cannot take the entry with it, and a refused request never holds one pooled
    connection while waiting for a second: enough of them at once would drain the pool.
    Each service says in `record` how its access log is written."""

    async def record(self, session: AsyncSession) -> None:
        raise NotImplementedError


# SQLSTATEs of the constraints that enforce a rule, not of faults.
UNIQUE_VIOLATION = "23505"
EXCLUSION_VIOLATION = "23P01"


@contextlib.contextmanager
def refused_by_constraint(
    sqlstate_code: str, status: int, title: str, detail: str
) -> Iterator[None]:
    """Word a refusal the database made: the constraint is the rule (no double booking,
    one of a kind), this only tells the caller which rule it was. Put it around the whole
    transaction, as deferred checks fire at commit; any other database error passes on."""
    try:
        yield
    except IntegrityError as error:
        if sqlstate(error) == sqlstate_code:
            raise Problem(status, title, detail) from error
        raise


def problem_response(problem: Problem, request: Request) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if problem.status == 401 else None
    return JSONResponse(
        problem.body(request.url.path),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(exc, request)


async def _on_refused(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refused)
    return problem_response(Problem.of(exc), request)


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    title = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
    return problem_response(Problem(exc.status_code, title, detail), request)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "loc": list(error.get("loc", ())),
            "msg": error.get("msg", ""),
            "type": error.get("type"),
        }
        for error in exc.errors()
    ]
    problem = Problem(
        422, "Invalid request", "The request does not match the schema.", errors=errors
    )
    return problem_response(problem, request)


async def _on_database_down(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable", path=request.url.path, error=repr(exc)[:200])
    response = problem_response(
        Problem(503, "Service Unavailable", "The database is not reachable; try again soon."),
        request,
    )
    response.headers["Retry-After"] = "5"
    return response


async def _on_database_error(request: Request, exc: Exception) -> JSONResponse:
    if is_database_unavailable(exc):
        return await _on_database_down(request, exc)
    if is_invalid_value(exc):
        return problem_response(
            Problem(422, "Invalid value", "A value in the request cannot be stored."),
            request,
        )
    return await _on_unexpected(request, exc)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", path=request.url.path)
    return problem_response(Problem(500, "Internal Server Error"), request)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(Refused, _on_refused)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(DBAPIError, _on_database_error)
    app.add_exception_handler(SQLAlchemyTimeoutError, _on_database_down)  # pool exhausted
    app.add_exception_handler(OSError, _on_database_down)  # refused, reset, timed out
    app.add_exception_handler(Exception, _on_unexpected)
