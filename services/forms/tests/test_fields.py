"""Each kind of question checks its answer, normalises it, and names what is wrong with a
stable code at the answer's path; every code can be said in Swedish, Finnish and English."""

from __future__ import annotations

import string
from datetime import date
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fc_forms.domain.field_errors import LANGUAGES, TEXTS
from fc_forms.domain.fields import (
    FieldError,
    FieldErrorCode,
    FieldSpec,
    FieldType,
    check_answers,
    check_field,
    field_error_text,
)

TODAY = date(2026, 6, 1)
CHILD = uuid4()


def check(spec: FieldSpec, value: object) -> tuple[object, list[str]]:
    normalised, errors = check_field(spec, value, today=TODAY, children=[CHILD])
    assert all(error.path == f"/answers/{spec.name}" for error in errors)
    return normalised, [error.code for error in errors]


def spec(type_: FieldType, **rules: object) -> FieldSpec:
    return FieldSpec(name="answer", type=type_, **rules)  # type: ignore[arg-type]


def test_the_field_types_are_the_ones_forms_are_built_from() -> None:
    assert {t.value for t in FieldType} == {
        "text", "long_text", "number", "date", "single_choice", "multiple_choice", "yes_no",
        "consent", "email", "mobile_fi", "identity_code", "child", "attachment",
    }  # fmt: skip


@pytest.mark.parametrize("type_", list(FieldType))
@pytest.mark.parametrize("value", [None, "", "   "])
def test_an_unanswered_required_question_is_refused(type_: FieldType, value: object) -> None:
    codes = check(spec(type_, required=True), value)[1]
    expected = "consent_required" if type_ is FieldType.CONSENT else "required"
    assert codes == [expected]


@pytest.mark.parametrize("type_", list(FieldType))
def test_an_unanswered_optional_question_is_none(type_: FieldType) -> None:
    assert check(spec(type_), None) == (None, [])


def test_text_is_trimmed_and_bounded() -> None:
    assert check(spec(FieldType.TEXT), "  Åsa  ") == ("Åsa", [])
    assert check(spec(FieldType.TEXT, min_length=3), "Bo")[1] == ["too_short"]
    assert check(spec(FieldType.TEXT, max_length=3), "Åsa!")[1] == ["too_long"]
    assert check(spec(FieldType.TEXT), 12)[1] == ["not_text"]
    assert check(spec(FieldType.TEXT), "a\x00b") == ("ab", [])  # jsonb refuses NUL


def test_free_text_is_bounded_without_a_limit_of_the_forms_own() -> None:
    assert check(spec(FieldType.TEXT), "x" * 201)[1] == ["too_long"]
    assert check(spec(FieldType.LONG_TEXT), "x" * 4000)[1] == []
    long_text, errors = check_field(spec(FieldType.LONG_TEXT), "x" * 4001, today=TODAY)
    assert errors == [FieldError("/answers/answer", "too_long", {"max_length": 4000})]
    assert long_text == "x" * 4001  # the value given back while it has errors


def test_numbers() -> None:
    age = spec(FieldType.NUMBER, minimum=0, maximum=17, integer=True)
    assert check(age, 5) == (5, [])
    assert check(age, 5.0) == (5, [])
    assert check(age, 5.5)[1] == ["not_an_integer"]
    assert check(age, -1)[1] == ["number_too_small"]
    assert check(age, 18)[1] == ["number_too_large"]
    for not_a_number in [True, "5", float("nan"), float("inf"), [5]]:
        assert check(age, not_a_number)[1] == ["not_a_number"]
    weight = spec(FieldType.NUMBER, minimum=2.5)
    assert check_field(weight, 1, today=TODAY)[1][0].params == {"minimum": "2.5"}


def test_dates_are_iso() -> None:
    birth = spec(FieldType.DATE)
    assert check(birth, "2024-02-29") == ("2024-02-29", [])
    assert check(birth, "2023-02-29")[1] == ["date_impossible"]
    assert check(birth, "2024-13-01")[1] == ["date_impossible"]
    for other in ["29.2.2024", "20240229", "2024-2-29", "2024-W09-4"]:
        assert check(birth, other)[1] == ["date_format"]
    assert check(birth, 20240229)[1] == ["not_text"]


def test_single_choice() -> None:
    topic = spec(FieldType.SINGLE_CHOICE, options=("sleep", "food"))
    assert check(topic, "food") == ("food", [])
    assert check(topic, "FOOD")[1] == ["choice_unknown"]
    assert check(topic, ["food"])[1] == ["choice_unknown"]


def test_multiple_choice_keeps_the_options_order_once() -> None:
    days = spec(FieldType.MULTIPLE_CHOICE, options=("mon", "tue", "wed"), max_choices=2)
    assert check(days, ["wed", "mon", "wed"]) == (["mon", "wed"], [])
    assert check(days, ["mon", "sun"])[1] == ["choice_unknown"]
    assert check(days, ["mon", "tue", "wed"])[1] == ["too_many_choices"]
    assert check(days, "mon")[1] == ["choices_not_a_list"]
    at_least_two = spec(FieldType.MULTIPLE_CHOICE, options=("mon", "tue"), min_choices=2)
    assert check(at_least_two, ["tue"])[1] == ["too_few_choices"]
    assert check(spec(FieldType.MULTIPLE_CHOICE, options=("mon",)), []) == (None, [])


def test_yes_no() -> None:
    assert check(spec(FieldType.YES_NO, required=True), False) == (False, [])
    assert check(spec(FieldType.YES_NO), "yes")[1] == ["not_yes_or_no"]


def test_a_consent_is_stored_with_the_version_of_its_text() -> None:
    consent = spec(FieldType.CONSENT, required=True, consent_text_version="2026-01")
    stored = {"given": True, "text_version": "2026-01"}
    assert check(consent, True) == (stored, [])
    assert check(consent, stored) == (stored, [])
    assert check(consent, False)[1] == ["consent_required"]
    assert check(consent, {"given": True, "text_version": "2025-01"})[1] == [
        "consent_text_version_mismatch"
    ]
    assert check(consent, "yes")[1] == ["consent_invalid"]
    optional = spec(FieldType.CONSENT, consent_text_version="2026-01")
    assert check(optional, False) == ({"given": False, "text_version": "2026-01"}, [])


def test_email_domain_is_lower_cased() -> None:
    email = spec(FieldType.EMAIL)
    assert check(email, " Anna.Berg@Exempel.FI ") == ("Anna.Berg@exempel.fi", [])
    for wrong in ["anna", "anna@", "@exempel.fi", "anna@exempel", "an na@exempel.fi",
                  "a@b@exempel.fi", "anna@exempel..fi", "x" * 250 + "@exempel.fi"]:  # fmt: skip
        assert check(email, wrong)[1] == ["email_invalid"], wrong


@pytest.mark.parametrize(
    "written", ["040 123 4567", "0401234567", "+358 40 123 4567", "+358401234567", "040-1234567"]
)
def test_a_finnish_mobile_number_is_written_e164(written: str) -> None:
    assert check(spec(FieldType.MOBILE_FI), written) == ("+358401234567", [])


def test_mobile_numbers_that_are_not_finnish_mobiles_are_refused() -> None:
    mobile = spec(FieldType.MOBILE_FI)
    assert check(mobile, "09 123 4567")[1] == ["mobile_not_mobile"]  # Helsinki landline
    assert check(mobile, "+46 70 123 45 67")[1] == ["mobile_not_finnish"]
    assert check(mobile, "040 12")[1] == ["mobile_invalid"]
    assert check(mobile, "not a number")[1] == ["mobile_invalid"]
    assert check(mobile, 401234567)[1] == ["not_text"]


def test_identity_codes_are_upper_cased_and_each_fault_has_its_code() -> None:
    code = spec(FieldType.IDENTITY_CODE)
    assert check(code, "131052-308t") == ("131052-308T", [])
    assert check(code, "131052-308U")[1] == ["identity_code_check_character"]
    assert check(code, "131052G308T")[1] == ["identity_code_century_sign"]
    assert check(code, "310252-308Y")[1] == ["identity_code_date"]
    assert check(code, "1310-308T")[1] == ["identity_code_format"]
    assert check(code, "010130A234R")[1] == ["identity_code_future_birth_date"]


def test_a_child_is_one_of_the_familys_children() -> None:
    child = spec(FieldType.CHILD)
    assert check(child, str(CHILD).upper()) == (str(CHILD), [])
    assert check(child, str(uuid4()))[1] == ["child_unknown"]
    assert check(child, "Åsa")[1] == ["child_unknown"]
    assert check_field(child, str(CHILD), today=TODAY)[1][0].code == "child_unknown"


def test_an_attachment_is_named_by_its_id() -> None:
    attachment = uuid4()
    assert check(spec(FieldType.ATTACHMENT), str(attachment)) == (str(attachment), [])
    assert check(spec(FieldType.ATTACHMENT), "report.pdf")[1] == ["attachment_id_invalid"]


def test_check_answers_checks_every_question_and_refuses_unknown_ones() -> None:
    specs = [
        FieldSpec("first_name", FieldType.TEXT, required=True),
        FieldSpec("phone", FieldType.MOBILE_FI),
        FieldSpec("notes", FieldType.LONG_TEXT),
    ]
    answers = {"first_name": " Åsa ", "phone": "040 123 4567", "shoe/size": 31}
    normalised, errors = check_answers(specs, answers, today=TODAY)
    assert normalised == {"first_name": "Åsa", "phone": "+358401234567"}
    assert errors == [FieldError("/answers/shoe~1size", "unknown_field")]
    _, errors = check_answers(specs, {"phone": "09 123"}, today=TODAY)
    assert {(e.path, e.code) for e in errors} == {
        ("/answers/first_name", "required"),
        ("/answers/phone", "mobile_invalid"),
    }


@given(
    st.from_type(object) | st.text() | st.lists(st.text()) | st.dictionaries(st.text(), st.text())
)
def test_no_answer_makes_a_check_raise(value: object) -> None:
    for type_ in FieldType:
        rules = spec(type_, options=("a",), consent_text_version="1", min_length=1, minimum=0)
        check_field(rules, value, today=TODAY, children=[CHILD])


# --- the texts -------------------------------------------------------------------------------


def test_every_code_has_a_text_in_swedish_finnish_and_english() -> None:
    assert set(TEXTS) == {code.value for code in FieldErrorCode}
    for code, texts in TEXTS.items():
        assert len(texts) == len(LANGUAGES), code
        assert all(text.strip() for text in texts), code
        placeholders = [
            {name for _, name, _, _ in string.Formatter().parse(text) if name} for text in texts
        ]
        assert placeholders[0] == placeholders[1] == placeholders[2], code


def test_the_texts_read_as_a_public_service_writes_them() -> None:
    error = FieldError("/answers/child_identity_code", "identity_code_check_character")
    assert field_error_text(error, "sv") == "Kontrolltecknet i personbeteckningen stämmer inte."
    assert field_error_text(error, "fi") == "Henkilötunnuksen tarkistusmerkki on väärä."
    assert field_error_text(error, "en") == "The identity code's check character is wrong."
    assert field_error_text(error, "de") == field_error_text(error, "sv")


def test_params_are_formatted_into_the_text() -> None:
    [too_long] = check_field(spec(FieldType.TEXT, max_length=5), "sömnlös", today=TODAY)[1]
    assert field_error_text(too_long, "fi") == "Vastaus on liian pitkä (enintään 5 merkkiä)."
    [too_small] = check_field(spec(FieldType.NUMBER, minimum=2.5), 1, today=TODAY)[1]
    assert field_error_text(too_small, "sv") == "Talet ska vara minst 2,5."
    assert field_error_text(too_small, "en") == "The number must be at least 2.5."


def test_every_text_formats_with_the_params_the_checks_give() -> None:
    params: dict[str, str | int] = {
        "min_length": 2,
        "max_length": 9,
        "minimum": "1",
        "maximum": "5",
        "min_choices": 1,
        "max_choices": 3,
    }
    for code in FieldErrorCode:
        for language in LANGUAGES:
            text = field_error_text(FieldError("/answers/x", code.value, params), language)
            assert "{" not in text, (code, language)


def test_a_code_this_version_does_not_know_still_gets_a_text() -> None:
    assert field_error_text(FieldError("/answers/x", "newer_code"), "fi") == "Tarkista vastaus."
