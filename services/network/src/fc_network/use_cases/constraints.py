"""Refusals the database makes: the constraint is the rule (one child record per youth
login, one register entry per professional); this only says which rule it was."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy.exc import IntegrityError

from fc_shared.db import sqlstate
from fc_shared.problems import UNIQUE_VIOLATION
from fc_shared.refusals import Refused


@contextlib.contextmanager
def unique_or(refusal: Refused) -> Iterator[None]:
    """A unique violation inside the block is answered as `refusal`; any other database
    error passes on. Flush inside the block: the statement must run before it ends."""
    try:
        yield
    except IntegrityError as error:
        if sqlstate(error) == UNIQUE_VIOLATION:
            raise refusal from error
        raise
