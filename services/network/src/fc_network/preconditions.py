"""If-Match made mandatory for updates that can race (RFC 6585 428 Precondition Required).

fc_shared.etags lets an update without If-Match through; a handover or a meeting point's edit
made on a read someone else has since changed would silently undo their change, so network
insists. (A candidate for fc_shared.etags.)
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from fc_shared.etags import check_if_match
from fc_shared.problems import Problem

IfMatch = Annotated[str | None, Header(
    max_length=200, description="The ETag of your read; required (428 without, 412 if stale)")]


def require_if_match(if_match: str | None) -> str:
    """The If-Match header, or 428. Checked after the caller's right to change the thing, so
    someone without it hears 403, not how to ask."""
    if if_match is None or not if_match.strip():
        raise Problem(428, "Precondition Required",
                      "Send the ETag of your read in If-Match, so a change made meanwhile "
                      "is not overwritten.")
    return if_match


def check_version(if_match: str, version: str) -> None:
    """412 when the representation has changed since the read that gave `if_match`."""
    check_if_match(if_match, version)
