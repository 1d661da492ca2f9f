"""The rows of a family's copy of its submission: each question it was shown, in the
submission's language, with the answer as a person reads it (choice labels rather than
codes, yes/no and consent in words, dates as d.m.yyyy, attached files by name).

Pure: the definition is the version the submission was checked against, and the files'
names are looked up by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from fc_forms.domain.answers import visible
from fc_forms.domain.definitions import Definition, FormField
from fc_forms.domain.fields import FieldType


@dataclass(frozen=True)
class _Words:
    yes: str
    no: str
    given: str
    not_given: str
    text_version: str
    file_gone: str


WORDS: Mapping[str, _Words] = {
    "sv": _Words("Ja", "Nej", "Givet", "Inte givet", "textversion", "filen finns inte längre"),
    "fi": _Words("Kyllä", "Ei", "Annettu", "Ei annettu", "tekstin versio", "tiedostoa ei enää ole"),
    "en": _Words("Yes", "No", "Given", "Not given", "text version", "the file is gone"),
}


def copy_rows(
    definition: Definition,
    answers: Mapping[str, Any],
    *,
    language: str,
    file_names: Mapping[str, str],
) -> list[tuple[str, str]]:
    """(question, answer) for each question the answers showed, in the form's order; an
    unanswered one has an empty answer. `file_names` are attachment ids' file names."""
    words = WORDS.get(language, WORDS["sv"])
    return [
        (
            field.label.in_language(language),
            display(field, answers.get(field.name), language, words, file_names),
        )
        for field in _shown(definition, answers)
    ]


def attachment_ids(definition: Definition, answers: Mapping[str, Any]) -> list[str]:
    """The attachment ids the answers hold, in the form's order."""
    return [
        str(answers[field.name])
        for field in definition.content.fields()
        if field.field_type is FieldType.ATTACHMENT and answers.get(field.name) is not None
    ]


def _shown(definition: Definition, answers: Mapping[str, Any]) -> Iterator[FormField]:
    return (f for f in definition.content.fields() if visible(f, definition, answers))


@dataclass(frozen=True)
class _Answer:
    field: FormField
    value: Any
    language: str
    words: _Words
    file_names: Mapping[str, str]

    def label(self, code: object) -> str:
        for option in self.field.options:
            if option.value == code:
                return option.label.in_language(self.language)
        return str(code)


def display(
    field: FormField,
    value: Any,
    language: str,
    words: _Words,
    file_names: Mapping[str, str],
) -> str:
    """One answer as text: an unanswered question's is empty."""
    if value is None:
        return ""
    shown = _SHOWN.get(field.field_type)
    answer = _Answer(field, value, language, words, file_names)
    return shown(answer) if shown else str(value)


def _consent(answer: _Answer) -> str:
    """Given or not, with the version of the text consented to, and the text itself."""
    value, words = answer.value, answer.words
    given = value.get("given") if isinstance(value, Mapping) else value
    version = value.get("text_version") if isinstance(value, Mapping) else None
    text = words.given if given is True else words.not_given
    if version:
        text += f" ({words.text_version} {version})"
    if answer.field.consent_text:
        text += "\n" + answer.field.consent_text.in_language(answer.language)
    return text


def _date(answer: _Answer) -> str:
    try:
        day = date.fromisoformat(str(answer.value))
    except ValueError:
        return str(answer.value)
    return f"{day.day}.{day.month}.{day.year}"


def _number(answer: _Answer) -> str:
    value = answer.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text.replace(".", ",") if answer.language in ("sv", "fi") else text


_SHOWN: dict[FieldType, Callable[[_Answer], str]] = {
    FieldType.SINGLE_CHOICE: lambda answer: answer.label(answer.value),
    FieldType.MULTIPLE_CHOICE: lambda answer: ", ".join(map(answer.label, answer.value)),
    FieldType.YES_NO: lambda answer: answer.words.yes if answer.value is True else answer.words.no,
    FieldType.CONSENT: _consent,
    FieldType.DATE: _date,
    FieldType.NUMBER: _number,
    FieldType.ATTACHMENT: lambda answer: answer.file_names.get(
        str(answer.value), f"({answer.words.file_gone})"
    ),
}
