"""ETag and If-Match for updates: an edit made on a stale read is refused, not lost.

A representation's version is whatever changes whenever the row does (for PostgreSQL rows,
the `xmin` of the row version); clients send it back in `If-Match`. Without `If-Match` the
update goes through, as for a client that does not care about concurrent editors.
"""

from __future__ import annotations

from fc_shared.problems import Problem


def etag(version: str) -> str:
    return f'"{version}"'


def check_if_match(if_match: str | None, version: str) -> None:
    if if_match is None:
        return
    offered = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" not in offered and etag(version) not in offered:
        raise Problem(412, "Precondition Failed",
                      "It has changed since you read it: read it again, then retry.")
