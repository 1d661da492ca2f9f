"""Which answers are encrypted at rest, and how an encrypted answer looks in the JSON.

Every `identity_code` field's answer, and the answer of every field a definition marks
`sensitive`, is kept as `{"$encrypted": "<token>"}` in place of its value: the token is
fc_shared.field_crypto's, of the value's JSON, for the data subject (the submitter; for
an anonymous submission the submission itself) and the field `<form_type>/<name>`. An
attachment field is never encrypted: its answer is only the file's id (the file is what
is personal, and erasure must find it). The encryption itself is done by the caller
(use_cases/protection.py); these rules are pure.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from fc_forms.domain.definitions import Definition
from fc_forms.domain.fields import FieldType
from fc_forms.domain.submissions import ANONYMOUS
from fc_shared.refusals import Kind, Refused

ENCRYPTED = "$encrypted"

# (field, clear text) -> token, and (field, token) -> clear text.
Encrypt = Callable[[str, str], str]
Decrypt = Callable[[str, str], str]


def protected_names(definition: Definition) -> frozenset[str]:
    """The fields whose answers are kept encrypted."""
    return frozenset(
        field.name
        for field in definition.content.fields()
        if field.type != FieldType.ATTACHMENT
        and (field.sensitive or field.type == FieldType.IDENTITY_CODE)
    )


def data_subject(submitted_by: UUID, submission_id: UUID) -> UUID:
    """Whose data key encrypts a submission: its submitter's, and an anonymous one's own
    (so that erasing one anonymous submission's key touches no other)."""
    return submission_id if submitted_by == ANONYMOUS else submitted_by


def crypto_field(form_type: str, name: str) -> str:
    return f"{form_type}/{name}"


def is_sealed(value: object) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {ENCRYPTED}
        and isinstance(value.get(ENCRYPTED), str)
    )


def seal_answers(
    answers: Mapping[str, Any], names: frozenset[str], form_type: str, encrypt: Encrypt
) -> dict[str, Any]:
    """The answers with each protected one replaced by its sealed form."""
    return {
        name: (
            {ENCRYPTED: encrypt(crypto_field(form_type, name), json.dumps(value))}
            if name in names
            else value
        )
        for name, value in answers.items()
    }


def open_answers(
    answers: Mapping[str, Any], names: frozenset[str], form_type: str, decrypt: Decrypt
) -> dict[str, Any]:
    """The answers with each sealed protected one back in clear (anything else as is)."""
    return {
        name: (
            json.loads(decrypt(crypto_field(form_type, name), value[ENCRYPTED]))
            if name in names and is_sealed(value)
            else value
        )
        for name, value in answers.items()
    }


def any_sealed(answers: Mapping[str, Any]) -> bool:
    return any(is_sealed(value) for value in answers.values())


def answers_erased() -> Refused:
    """What a read of answers whose key was destroyed gets: they are gone for good."""
    return Refused(
        Kind.GONE,
        "answers_erased",
        "Answers erased",
        "The protected answers of this submission were erased and cannot be read.",
    )
