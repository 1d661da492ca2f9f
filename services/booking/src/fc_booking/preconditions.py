"""If-Match required on updates that can race (DESIGN.md: updates use ETag / If-Match).

fc_shared.etags lets an update without If-Match through, for clients that do not care about
concurrent editors; booking's staff updates can race (two coordinators changing one slot's
capacity, two staff recording one attendance), so here the header is required: 428 without
it, 412 when it is stale. Candidate for fc_shared.etags as `require_if_match`.
"""

from __future__ import annotations

from fc_shared.etags import check_if_match
from fc_shared.problems import Problem


def require_if_match(if_match: str | None, version: str) -> None:
    if if_match is None:
        raise Problem(428, "Precondition Required",
                      "Send If-Match with the ETag of your last read (GET it first): a change "
                      "made on a stale read would undo someone else's.")
    check_if_match(if_match, version)
