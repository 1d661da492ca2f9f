"""STAND-IN for the field types (another branch writes the real module with this exact
interface: identity codes, Finnish mobile numbers, children, attachments and the error
texts). This one checks the plain types only, so definitions and submissions can be built
and tested against the interface meanwhile.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    required: bool = False
    options: tuple[str, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    consent_text_version: str | None = None


@dataclass(frozen=True)
class FieldError:
    path: str
    code: str
    params: Mapping[str, str | int] = field(default_factory=dict)


def _text(spec: FieldSpec, value: object) -> list[FieldError]:
    if not isinstance(value, str):
        return [FieldError(spec.name, "not_text")]
    if spec.min_length is not None and len(value) < spec.min_length:
        return [FieldError(spec.name, "too_short", {"min": spec.min_length})]
    if spec.max_length is not None and len(value) > spec.max_length:
        return [FieldError(spec.name, "too_long", {"max": spec.max_length})]
    return []


def _number(spec: FieldSpec, value: object) -> list[FieldError]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [FieldError(spec.name, "not_a_number")]
    if spec.minimum is not None and value < spec.minimum:
        return [FieldError(spec.name, "too_small", {"min": int(spec.minimum)})]
    if spec.maximum is not None and value > spec.maximum:
        return [FieldError(spec.name, "too_large", {"max": int(spec.maximum)})]
    return []


def _date(spec: FieldSpec, value: object) -> list[FieldError]:
    try:
        date.fromisoformat(value if isinstance(value, str) else "")
    except ValueError:
        return [FieldError(spec.name, "not_a_date")]
    return []


def _choice(spec: FieldSpec, value: object) -> list[FieldError]:
    if spec.type is FieldType.MULTIPLE_CHOICE:
        if not isinstance(value, list):
            return [FieldError(spec.name, "not_a_list")]
        return [
            FieldError(f"{spec.name}/{index}", "unknown_option")
            for index, item in enumerate(value)
            if item not in spec.options
        ]
    return [] if value in spec.options else [FieldError(spec.name, "unknown_option")]


def _yes_no(spec: FieldSpec, value: object) -> list[FieldError]:
    return [] if isinstance(value, bool) else [FieldError(spec.name, "not_yes_no")]


def _email(spec: FieldSpec, value: object) -> list[FieldError]:
    ok = isinstance(value, str) and EMAIL.match(value) is not None
    return [] if ok else [FieldError(spec.name, "not_an_email")]


def _consent(spec: FieldSpec, value: object) -> list[FieldError]:
    return [] if value is True else [FieldError(spec.name, "consent_required")]


CHECKS = {
    FieldType.TEXT: _text,
    FieldType.LONG_TEXT: _text,
    FieldType.NUMBER: _number,
    FieldType.DATE: _date,
    FieldType.SINGLE_CHOICE: _choice,
    FieldType.MULTIPLE_CHOICE: _choice,
    FieldType.YES_NO: _yes_no,
    FieldType.CONSENT: _consent,
    FieldType.EMAIL: _email,
}


def check_field(
    spec: FieldSpec, value: object, *, today: date, children: Collection[UUID] = ()
) -> tuple[object, list[FieldError]]:
    """The answer normalised, and what is wrong with it (nothing: an empty list)."""
    del today, children
    check = CHECKS.get(spec.type)
    errors = check(spec, value) if check else []
    if spec.type is FieldType.CONSENT and not errors:
        return {"given": True, "text_version": spec.consent_text_version}, []
    return value, errors


TEXTS: dict[str, tuple[str, str, str]] = {
    "not_text": ("Skriv text.", "Kirjoita tekstiä.", "Enter text."),
    "too_short": ("Svaret är för kort.", "Vastaus on liian lyhyt.", "The answer is too short."),
    "too_long": (
        "Svaret är för långt (högst {max} tecken).",
        "Vastaus on liian pitkä (enintään {max} merkkiä).",
        "The answer is too long (at most {max} characters).",
    ),
    "not_a_number": ("Ange ett tal.", "Anna luku.", "Enter a number."),
    "too_small": ("Talet är för litet.", "Luku on liian pieni.", "The number is too small."),
    "too_large": ("Talet är för stort.", "Luku on liian suuri.", "The number is too large."),
    "not_a_date": ("Ange ett datum.", "Anna päivämäärä.", "Enter a date."),
    "not_a_list": ("Välj bland alternativen.", "Valitse vaihtoehdoista.", "Choose options."),
    "unknown_option": (
        "Välj ett av alternativen.",
        "Valitse jokin vaihtoehdoista.",
        "Choose one of the options.",
    ),
    "not_yes_no": ("Svara ja eller nej.", "Vastaa kyllä tai ei.", "Answer yes or no."),
    "consent_required": (
        "Samtycket behövs.",
        "Suostumus tarvitaan.",
        "Consent is needed.",
    ),
    "not_an_email": (
        "Ange en e-postadress.",
        "Anna sähköpostiosoite.",
        "Enter an e-mail address.",
    ),
}


def field_error_text(error: FieldError, language: str) -> str:
    """The error's text in sv, fi or en (sv for any other language)."""
    sv, fi, en = TEXTS.get(error.code, ("Ogiltigt svar.", "Virheellinen vastaus.", "Invalid."))
    text = {"fi": fi, "en": en}.get(language, sv)
    return text.format(**error.params) if error.params else text
