"""Refusals a domain rule raises: a stable `code`, an English title and detail, and what
kind of refusal it is. Pure Python, so domain modules raise them without importing the web
framework; the HTTP edge (fc_shared.problems) answers each as problem+json whose status
follows the kind and whose `code` frontends and a later translation can rely on.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class Kind(IntEnum):
    """What sort of refusal; the value is the HTTP status the edge answers with."""

    UNAUTHORIZED = 401  # a credential that proves nothing (chat's capability tokens)
    NOT_ALLOWED = 403
    NOT_FOUND = 404
    CONFLICT = 409
    GONE = 410
    PRECONDITION_FAILED = 412
    INVALID = 422
    TOO_MANY = 429  # a rate limit: try again later


class Refused(Exception):
    """A rule said no. `code` is snake_case and never changes once published."""

    def __init__(
        self, kind: Kind, code: str, title: str, detail: str | None = None, **extensions: Any
    ) -> None:
        super().__init__(detail or title)
        self.kind = kind
        self.code = code
        self.title = title
        self.detail = detail
        self.extensions = extensions


def not_allowed(code: str, detail: str, title: str = "Forbidden", **extra: Any) -> Refused:
    return Refused(Kind.NOT_ALLOWED, code, title, detail, **extra)


def not_found(code: str, detail: str, title: str = "Not Found", **extra: Any) -> Refused:
    return Refused(Kind.NOT_FOUND, code, title, detail, **extra)


def conflict(code: str, title: str, detail: str | None = None, **extra: Any) -> Refused:
    return Refused(Kind.CONFLICT, code, title, detail, **extra)


def invalid(code: str, title: str, detail: str | None = None, **extra: Any) -> Refused:
    return Refused(Kind.INVALID, code, title, detail, **extra)
