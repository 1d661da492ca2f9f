"""How long submissions are kept, per form type, and what erasing one takes with it.

The retention period is per form type, in the settings (FC_FORM_RETENTION_DAYS, a JSON
map `{"form-type": days}`) over the defaults here, not in the definitions: how long the
family centre may keep what a form collects is the register keeper's decision, by law
and its own data description, not a form author's; it must hold for every version of a
form type alike (a published version never changes, so a period inside it could not be
shortened for what was sent on it), and it can change without publishing a new version.
A form type without a period of its own keeps DEFAULT_RETENTION_DAYS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from fc_forms.domain.definitions import Definition
from fc_forms.domain.fields import FieldType
from fc_forms.domain.submissions import ANONYMOUS

# Who erases what has outlived its retention: the job, no person (a reserved subject that
# no token may carry: fc_shared.principals.RESERVED_SUBJECTS).
RETENTION_JOB = UUID(int=(1 << 128) - 1)

DEFAULT_RETENTION_DAYS = 2 * 365

# The built-in forms' periods (days), to be confirmed by the register keeper.
BUILT_IN_RETENTION_DAYS: Mapping[str, int] = {
    "contact-request": 2 * 365,  # a contact request leads to a case; the case keeps its own
    "group-activity-registration": 365,  # the activity's season and its follow-up
    "child-health-questionnaire": 5 * 365,  # health information: kept the longest
    "network-consent": 5 * 365,  # a consent is evidence for as long as it may be relied on
    "feedback": 180,  # anonymous feedback: read, summed up, gone
}


@dataclass(frozen=True, slots=True)
class Erasable:
    """A submission to erase: what erasing it needs, no answer beyond the file ids."""

    id: UUID
    form_type: str
    form_version: int
    submitted_by: UUID
    answers: dict[str, Any]


def retention_days(form_type: str, overrides: Mapping[str, int]) -> int:
    if form_type in overrides:
        return overrides[form_type]
    return BUILT_IN_RETENTION_DAYS.get(form_type, DEFAULT_RETENTION_DAYS)


def cutoffs(now: datetime, overrides: Mapping[str, int]) -> tuple[dict[str, datetime], datetime]:
    """Per form type with a period of its own, and for every other: a submission made
    before it is past its retention."""
    named = {**BUILT_IN_RETENTION_DAYS, **overrides}
    return (
        {form_type: now - timedelta(days=days) for form_type, days in named.items()},
        now - timedelta(days=DEFAULT_RETENTION_DAYS),
    )


def attachment_ids(definition: Definition, answers: Mapping[str, Any]) -> list[UUID]:
    """The files a submission's answers attach (attachment fields are never encrypted)."""
    found: list[UUID] = []
    for field in definition.content.fields():
        value = answers.get(field.name)
        if field.type == FieldType.ATTACHMENT and isinstance(value, str):
            try:
                found.append(UUID(value))
            except ValueError:
                continue
    return found


def person_of(submission: Erasable) -> UUID | None:
    """Whose access log an erasure is in: the submitter's; an anonymous one is nobody's."""
    return None if submission.submitted_by == ANONYMOUS else submission.submitted_by


def distinct_versions(submissions: Iterable[Erasable]) -> set[tuple[str, int]]:
    return {(each.form_type, each.form_version) for each in submissions}
