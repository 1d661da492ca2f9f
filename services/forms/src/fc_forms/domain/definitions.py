"""A form's definition: what a frontend needs to render the form, and the server to check it.

The format (docs/forms.md shows an example). A definition is one JSON document:

- `form_type` (e.g. `contact-request`) and `version` (1, 2, …; a published version never
  changes; an author's draft has no version yet);
- `titles` and `help`: texts, each an object `{"sv": …, "fi": …, "en": …}`;
- `anonymous_allowed` (may be sent without signing in: the feedback form) and
  `hold_required` (the submission carries the `hold_id` of a booking hold: registrations);
- `pages`: the sections in order, each `{id, titles, help, fields}`; a field is
  `{name, type, label, help, required, options: [{value, label}], min_length, max_length,
  minimum, maximum, integer, pattern, visible_when, consent_text, consent_text_version,
  sensitive, errors: {code: text}}` (`type` is one of fields.FieldType; `visible_when` a
  condition; `errors` the author's own texts for an error code of that field);
- `exits`: where the form ends for someone it is not for, `{id, when, text}`: when the
  condition holds the frontend shows `text` instead of going on, and the server refuses
  the submission (`not_eligible`);
- a condition is `{"field": name, "equals": value}` or `{"field": name, "in": [values]}`,
  naming a field earlier in the form; for a multiple choice, `equals` means "includes";
- the JSON Schema 2020-12 of the answers, generated from the fields (schema.py), at the
  top level of the same document: `$schema`, `type`, `additionalProperties`, `required`,
  `properties`, `allOf` (visibility as if/then/else, exits as `not`). None of the
  definition's own keys is a JSON Schema keyword, so the whole document is the answers'
  JSON Schema too: a frontend may use the schema, the pages, or both.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fc_forms.domain.fields import FieldSpec, FieldType
from fc_shared.refusals import invalid, not_found

LANGUAGES = ("sv", "fi", "en")
REQUIRED_LANGUAGES = ("sv", "fi")  # a definition is published only with these complete
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,62}$")]
Scalar = bool | int | float | str


class _Document(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False
    )


class Text(_Document):
    """One text in the three languages; a missing one is absent or empty."""

    sv: str | None = Field(default=None, max_length=10_000)
    fi: str | None = Field(default=None, max_length=10_000)
    en: str | None = Field(default=None, max_length=10_000)

    def in_language(self, language: str) -> str:
        """The text in `language`, else in Swedish, Finnish or English, whichever exists."""
        texts = {"sv": self.sv, "fi": self.fi, "en": self.en}
        for candidate in (language, *LANGUAGES):
            if texts.get(candidate):
                return texts[candidate] or ""
        return ""

    def missing(self) -> list[str]:
        return [lang for lang in REQUIRED_LANGUAGES if not (getattr(self, lang) or "").strip()]


class Condition(_Document):
    field: Name
    equals: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in", max_length=200)

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        if (self.equals is None) == (self.in_ is None):
            raise ValueError("a condition has exactly one of `equals` and `in`")
        return self

    def holds(self, answers: Mapping[str, Any]) -> bool:
        value = answers.get(self.field)
        if self.equals is not None:
            return self.equals in value if isinstance(value, list) else value == self.equals
        return value in (self.in_ or [])


class Option(_Document):
    value: Annotated[str, Field(min_length=1, max_length=100)]
    label: Text


class FormField(_Document):
    name: Name
    type: Annotated[str, Field(max_length=40)]  # checked against FieldType when authored
    label: Text
    help: Text | None = None
    required: bool = False
    options: list[Option] = Field(default_factory=list, max_length=500)
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=0)
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False  # a number with no fraction
    pattern: str | None = Field(default=None, max_length=500)  # a text's regular expression
    visible_when: Condition | None = None
    consent_text: Text | None = None
    consent_text_version: str | None = Field(default=None, max_length=50)
    sensitive: bool = False  # encrypted at rest with the identity codes
    errors: dict[str, Text] = Field(default_factory=dict)  # an error code's own text

    @property
    def field_type(self) -> FieldType:
        return FieldType(self.type)

    def spec(self) -> FieldSpec:
        return FieldSpec(
            name=self.name,
            type=self.field_type,
            required=self.required,
            options=tuple(option.value for option in self.options),
            min_length=self.min_length,
            max_length=self.max_length,
            minimum=self.minimum,
            maximum=self.maximum,
            consent_text_version=self.consent_text_version,
        )


class Page(_Document):
    id: Name
    titles: Text
    help: Text | None = None
    fields: list[FormField] = Field(min_length=1, max_length=200)


class Exit(_Document):
    id: Name
    when: Condition
    text: Text


class FormContent(_Document):
    """What an author writes: everything but the form's type and version."""

    titles: Text
    help: Text | None = None
    anonymous_allowed: bool = False
    hold_required: bool = False
    pages: list[Page] = Field(min_length=1, max_length=50)
    exits: list[Exit] = Field(default_factory=list, max_length=50)

    def fields(self) -> Iterator[FormField]:
        for page in self.pages:
            yield from page.fields

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every text with where it is, e.g. `pages/0/fields/2/options/1/label`."""
        yield "titles", self.titles
        if self.help:
            yield "help", self.help
        for p, page in enumerate(self.pages):
            yield from _page_texts(f"pages/{p}", page)
        for e, exit_ in enumerate(self.exits):
            yield f"exits/{e}/text", exit_.text


def _page_texts(at: str, page: Page) -> Iterator[tuple[str, Text]]:
    yield f"{at}/titles", page.titles
    if page.help:
        yield f"{at}/help", page.help
    for f, field in enumerate(page.fields):
        here = f"{at}/fields/{f}"
        yield f"{here}/label", field.label
        for key, text in (("help", field.help), ("consent_text", field.consent_text)):
            if text:
                yield f"{here}/{key}", text
        for o, option in enumerate(field.options):
            yield f"{here}/options/{o}/label", option.label
        for code, text in field.errors.items():
            yield f"{here}/errors/{code}", text


class Definition(_Document):
    """A form's published version (or, with `version` None, an author's draft)."""

    form_type: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,99}$")]
    version: int | None
    content: FormContent

    def field(self, name: str) -> FormField | None:
        return next((f for f in self.content.fields() if f.name == name), None)


@dataclass(frozen=True, slots=True)
class DefinitionDraft:
    """The one draft of a form type that authors edit, publish, and edit again."""

    form_type: str
    content: FormContent
    edited_by: UUID
    updated_at: datetime


def missing_translations(content: FormContent) -> list[str]:
    """Where a Swedish or Finnish text is missing, as `path/language`."""
    return [f"{path}/{lang}" for path, text in content.texts() for lang in text.missing()]


def check_translations(content: FormContent) -> None:
    """A form is published only with every Swedish and Finnish text (`translation_missing`,
    listing where)."""
    missing = missing_translations(content)
    if missing:
        raise invalid(
            "translation_missing",
            "Translation missing",
            "Every text needs Swedish and Finnish before the form is published.",
            paths=missing,
        )


def draft_found(draft: DefinitionDraft | None, form_type: str) -> DefinitionDraft:
    if draft is None:
        raise not_found("definition_draft_not_found", f"No draft of {form_type!r} exists.")
    return draft
