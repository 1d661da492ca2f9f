"""A family member's unfinished answers to a form, saved to resume later. A draft keeps the
version of the form it was started on: publishing a newer version leaves it on its own, and
submitting it checks the answers against that version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from fc_shared.refusals import not_found


@dataclass(frozen=True, slots=True)
class AnswerDraft:
    subject: UUID
    form_type: str
    form_version: int
    answers: dict[str, Any]  # partial, unchecked: checked when submitted
    updated_at: datetime


def draft_found(draft: AnswerDraft | None, form_type: str) -> AnswerDraft:
    if draft is None:
        raise not_found("draft_not_found", f"You have no draft of {form_type!r}.")
    return draft
