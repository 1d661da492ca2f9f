"""Request parameters several of network's routes take."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query

from fc_network.domain.guardianship import GuardianConfirmation, guardian_confirmation

Purpose = Annotated[
    str,
    Query(min_length=1, max_length=200, description="Why the data is read; kept in the access log"),
]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
# Who vouches that a named person is a guardian: override `guardian_confirmation`
# (app.dependency_overrides) to trust another source.
Confirmation = Annotated[GuardianConfirmation, Depends(guardian_confirmation)]
