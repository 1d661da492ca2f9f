"""ETag and If-Match for updates: an edit made on a stale read is refused, not lost.

A representation's version is whatever changes whenever the row does (for PostgreSQL rows,
the `xmin` of the row version); clients send it back in `If-Match`. `check_if_match` lets an
update without `If-Match` through; `require_if_match` is for the updates staff can make at the
same time (a slot's capacity, a meeting point, a case's handover): there a change made on a
stale read would silently undo someone else's, so the header is required (428 without it).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from fc_shared.problems import Problem

IfMatch = Annotated[
    str | None,
    Header(
        max_length=200,
        description="The ETag of your read (428 without it where required, 412 if it is stale)",
    ),
]


def etag(version: str) -> str:
    return f'"{version}"'


def check_if_match(if_match: str | None, version: str) -> None:
    if if_match is None:
        return
    offered = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" not in offered and etag(version) not in offered:
        raise Problem(
            412,
            "Precondition Failed",
            "It has changed since you read it: read it again, then retry.",
        )


def require_if_match(if_match: str | None, version: str) -> None:
    """As `check_if_match`, but an update must say which version it changes: without
    If-Match, or with `*` anywhere in it (which matches any version, so it would overwrite a
    change made meanwhile just the same), it is refused with 428. The comparison is strong
    (RFC 9110 13.1.1): a weak tag says "equivalent", not "this very version", so it never
    matches. Call it after checking the caller's right to change the thing, so someone
    without the right hears 403, not how to ask."""
    offered = [tag.strip() for tag in (if_match or "").split(",") if tag.strip()]
    if not offered or any(tag.removeprefix("W/") == "*" for tag in offered):
        raise Problem(
            428,
            "Precondition Required",
            "Send If-Match with the ETag of your last read (GET it first), not "
            "'*': a change made on a stale read would undo someone else's.",
        )
    if etag(version) not in offered:
        raise Problem(
            412,
            "Precondition Failed",
            "It has changed since you read it: read it again, then retry.",
        )
