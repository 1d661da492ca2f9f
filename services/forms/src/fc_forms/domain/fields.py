"""The kinds of question a form asks, and the check of one answer against its question.

`check_field` never raises for bad input: it returns the answer normalised (so every stored
answer is written one way) and every error found, each with a stable code and the answer's
path; `field_error_text` says an error in Swedish, Finnish or English. A value of None is an
unanswered question (so is blank text). While there are errors, the value returned is the one
given: only an answer without errors is meant to be stored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from fc_forms.domain.contact_details import check_email, check_mobile_fi
from fc_forms.domain.field_errors import FieldError, FieldErrorCode, field_error_text
from fc_forms.domain.identity_codes import IdentityCode, check_identity_code

__all__ = [
    "FieldError",
    "FieldErrorCode",
    "FieldSpec",
    "FieldType",
    "check_answers",
    "check_field",
    "field_error_text",
]


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    CONSENT = "consent"
    EMAIL = "email"
    MOBILE_FI = "mobile_fi"
    IDENTITY_CODE = "identity_code"
    CHILD = "child"
    ATTACHMENT = "attachment"


# Free text is bounded even where a form sets no limit of its own.
DEFAULT_MAX_LENGTH = {FieldType.TEXT: 200, FieldType.LONG_TEXT: 4000}


@dataclass(frozen=True)
class FieldSpec:
    """One question. `options` are the stable option codes of a choice; `min_length` and
    `max_length` bound text (in characters); `minimum`, `maximum` and `integer` bound a number;
    `min_choices` and `max_choices` bound a multiple choice; `consent_text_version` names the
    consent text a consent question shows."""

    name: str
    type: FieldType
    required: bool = False
    options: tuple[str, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    min_choices: int | None = None
    max_choices: int | None = None
    consent_text_version: str | None = None


@dataclass(frozen=True)
class _Context:
    today: date
    children: frozenset[UUID]


Problem = tuple[FieldErrorCode, dict[str, str | int]]
Checked = tuple[object, list[Problem]]


def _problem(code: FieldErrorCode, **params: str | int) -> Problem:
    return (code, params)


def field_path(name: str) -> str:
    """Where an answer is, as a JSON pointer into the submission: '/answers/<name>'."""
    return "/answers/" + name.replace("~", "~0").replace("/", "~1")


def check_field(
    spec: FieldSpec, value: object, *, today: date, children: Collection[UUID] = ()
) -> tuple[object, list[FieldError]]:
    """The answer normalised, and every error in it (an empty list when it is good)."""
    context = _Context(today=today, children=frozenset(children))
    if _blank(value) and spec.type is not FieldType.CONSENT:
        if spec.required:
            return value, [FieldError(field_path(spec.name), FieldErrorCode.REQUIRED.value)]
        return None, []
    normalised, problems = _CHECKS[spec.type](spec, value, context)
    path = field_path(spec.name)
    errors = [FieldError(path, code.value, params) for code, params in problems]
    return (value if errors else normalised), errors


def check_answers(
    specs: Collection[FieldSpec],
    answers: Mapping[str, object],
    *,
    today: date,
    children: Collection[UUID] = (),
) -> tuple[dict[str, object], list[FieldError]]:
    """Every question of a form checked at once: the answered ones normalised (unanswered
    ones left out), and the errors of all, an answer to no question among them."""
    known = {spec.name for spec in specs}
    errors = [
        FieldError(field_path(name), FieldErrorCode.UNKNOWN_FIELD.value)
        for name in answers
        if name not in known
    ]
    normalised: dict[str, object] = {}
    for spec in specs:
        value, found = check_field(spec, answers.get(spec.name), today=today, children=children)
        errors.extend(found)
        if value is not None and not found:
            normalised[spec.name] = value
    return normalised, errors


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _text(spec: FieldSpec, value: object, _: _Context) -> Checked:
    if not isinstance(value, str):
        return value, [_problem(FieldErrorCode.NOT_TEXT)]
    text = value.replace("\x00", "").strip()  # PostgreSQL's jsonb refuses NUL
    problems: list[Problem] = []
    longest = spec.max_length or DEFAULT_MAX_LENGTH.get(spec.type)
    if spec.min_length is not None and len(text) < spec.min_length:
        problems.append(_problem(FieldErrorCode.TOO_SHORT, min_length=spec.min_length))
    if longest is not None and len(text) > longest:
        problems.append(_problem(FieldErrorCode.TOO_LONG, max_length=longest))
    return text, problems


def _number_param(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _number(spec: FieldSpec, value: object, _: _Context) -> Checked:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return value, [_problem(FieldErrorCode.NOT_A_NUMBER)]
    problems: list[Problem] = []
    if spec.integer and not float(value).is_integer():
        problems.append(_problem(FieldErrorCode.NOT_AN_INTEGER))
    if spec.minimum is not None and value < spec.minimum:
        problems.append(
            _problem(FieldErrorCode.NUMBER_TOO_SMALL, minimum=_number_param(spec.minimum))
        )
    if spec.maximum is not None and value > spec.maximum:
        problems.append(
            _problem(FieldErrorCode.NUMBER_TOO_LARGE, maximum=_number_param(spec.maximum))
        )
    return (int(value) if spec.integer and not problems else value), problems


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(_spec: FieldSpec, value: object, _: _Context) -> Checked:
    if not isinstance(value, str):
        return value, [_problem(FieldErrorCode.NOT_TEXT)]
    text = value.strip()
    if not _ISO_DATE.fullmatch(text):
        return value, [_problem(FieldErrorCode.DATE_FORMAT)]
    try:
        return date.fromisoformat(text).isoformat(), []
    except ValueError:
        return value, [_problem(FieldErrorCode.DATE_IMPOSSIBLE)]


def _single_choice(spec: FieldSpec, value: object, _: _Context) -> Checked:
    if not isinstance(value, str) or value not in spec.options:
        return value, [_problem(FieldErrorCode.CHOICE_UNKNOWN)]
    return value, []


def _multiple_choice(spec: FieldSpec, value: object, _: _Context) -> Checked:
    if not isinstance(value, list | tuple):
        return value, [_problem(FieldErrorCode.CHOICES_NOT_A_LIST)]
    problems: list[Problem] = []
    if any(not isinstance(choice, str) or choice not in spec.options for choice in value):
        problems.append(_problem(FieldErrorCode.CHOICE_UNKNOWN))
    chosen = [option for option in spec.options if option in value]  # options' order, once
    if spec.min_choices is not None and len(chosen) < spec.min_choices:
        problems.append(_problem(FieldErrorCode.TOO_FEW_CHOICES, min_choices=spec.min_choices))
    if spec.max_choices is not None and len(chosen) > spec.max_choices:
        problems.append(_problem(FieldErrorCode.TOO_MANY_CHOICES, max_choices=spec.max_choices))
    return chosen, problems


def _yes_no(_spec: FieldSpec, value: object, _: _Context) -> Checked:
    if not isinstance(value, bool):
        return value, [_problem(FieldErrorCode.NOT_YES_OR_NO)]
    return value, []


def _consent(spec: FieldSpec, value: object, _: _Context) -> Checked:
    """A tick (true/false), or a consent as stored: {"given": bool, "text_version": "…"},
    whose text version must be the one this question shows."""
    given: object = value
    if isinstance(value, Mapping):
        given = value.get("given")
        if value.get("text_version") != spec.consent_text_version:
            return value, [_problem(FieldErrorCode.CONSENT_TEXT_VERSION_MISMATCH)]
    if _blank(given) or given is False:
        if spec.required:
            return value, [_problem(FieldErrorCode.CONSENT_REQUIRED)]
        if given is None:
            return None, []
    if not isinstance(given, bool):
        return value, [_problem(FieldErrorCode.CONSENT_INVALID)]
    return {"given": given, "text_version": spec.consent_text_version}, []


def _email(_spec: FieldSpec, value: object, _: _Context) -> Checked:
    return _contact_detail(check_email, value)


def _mobile_fi(_spec: FieldSpec, value: object, _: _Context) -> Checked:
    return _contact_detail(check_mobile_fi, value)


def _contact_detail(check: Callable[[str], str | FieldErrorCode], value: object) -> Checked:
    if not isinstance(value, str):
        return value, [_problem(FieldErrorCode.NOT_TEXT)]
    checked = check(value)
    if isinstance(checked, FieldErrorCode):
        return value, [_problem(checked)]
    return checked, []


def _identity_code(_spec: FieldSpec, value: object, context: _Context) -> Checked:
    if not isinstance(value, str):
        return value, [_problem(FieldErrorCode.NOT_TEXT)]
    checked = check_identity_code(value, today=context.today)
    if isinstance(checked, IdentityCode):
        return checked.code, []
    return value, [_problem(FieldErrorCode(checked.value))]


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _child(_spec: FieldSpec, value: object, context: _Context) -> Checked:
    """One of the guardian's family's children, by id (the caller knows the family)."""
    child = _uuid(value)
    if child is None or child not in context.children:
        return value, [_problem(FieldErrorCode.CHILD_UNKNOWN)]
    return str(child), []


def _attachment(_spec: FieldSpec, value: object, _: _Context) -> Checked:
    """An attachment's id; whether it exists and is the family's is checked elsewhere."""
    attachment = _uuid(value)
    if attachment is None:
        return value, [_problem(FieldErrorCode.ATTACHMENT_ID_INVALID)]
    return str(attachment), []


_CHECKS: dict[FieldType, Callable[[FieldSpec, object, _Context], Checked]] = {
    FieldType.TEXT: _text,
    FieldType.LONG_TEXT: _text,
    FieldType.NUMBER: _number,
    FieldType.DATE: _date,
    FieldType.SINGLE_CHOICE: _single_choice,
    FieldType.MULTIPLE_CHOICE: _multiple_choice,
    FieldType.YES_NO: _yes_no,
    FieldType.CONSENT: _consent,
    FieldType.EMAIL: _email,
    FieldType.MOBILE_FI: _mobile_fi,
    FieldType.IDENTITY_CODE: _identity_code,
    FieldType.CHILD: _child,
    FieldType.ATTACHMENT: _attachment,
}
