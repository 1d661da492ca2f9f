"""Answers to an e-form are checked on the server against one version of the form: every
error at once, each at its field, with a stable code and a text in the caller's language."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from fc_forms.domain.answers import caller_language, check_answers, hold_errors
from fc_forms.domain.builtin import BUILT_IN
from fc_forms.domain.definitions import Definition, missing_translations
from fc_forms.domain.forms import built_in, form_types
from fc_forms.domain.schema import document, json_schema, problems
from fc_shared.refusals import Refused

CONTACT = built_in("contact-request")
TOPICS = [option.value for option in CONTACT.content.pages[0].fields[0].options]
TODAY = date(2026, 11, 24)


def contact_request(**answers: Any) -> dict[str, Any]:
    return {
        "topic": "parenting",
        "preferred_contact": "phone",
        "message": "Vi skulle vilja prata om sömnen.",
        **answers,
    }


def validate(answers: dict[str, Any], form: Definition = CONTACT, language: str = "sv") -> Any:
    return check_answers(form, answers, language=language, today=TODAY)


def errors_of(answers: dict[str, Any], form: Definition = CONTACT, language: str = "sv") -> Any:
    with pytest.raises(Refused) as caught:
        validate(answers, form, language)
    assert (caught.value.kind, caught.value.code) == (422, "invalid_answers")
    return caught.value.extensions["errors"]


def invalid_fields(answers: dict[str, Any], form: Definition = CONTACT) -> list[tuple[str, str]]:
    """Where the answers go wrong and why, as the 422 problem lists them."""
    return [(error["path"], error["code"]) for error in errors_of(answers, form)]


@pytest.mark.parametrize("form_type", sorted(BUILT_IN))
def test_every_built_in_form_is_valid_complete_and_its_own_json_schema(form_type: str) -> None:
    content = BUILT_IN[form_type]
    assert problems(content) == []
    assert missing_translations(content) == []
    Draft202012Validator.check_schema(json_schema(content))
    # The whole document is a JSON Schema: its own keys are no JSON Schema keywords.
    Draft202012Validator.check_schema(document(built_in(form_type)))


def test_the_built_in_forms_are_the_five_of_the_reference_data() -> None:
    assert form_types() == [
        "child-health-questionnaire",
        "contact-request",
        "feedback",
        "group-activity-registration",
        "network-consent",
    ]


def test_a_complete_contact_request_is_accepted() -> None:
    answers = contact_request(child_age_years=4, interpreter_needed=True, interpreter_language="ar")
    assert validate(answers) == answers
    assert Draft202012Validator(json_schema(CONTACT.content)).is_valid(answers)


@pytest.mark.parametrize("topic", TOPICS)
def test_a_family_can_ask_about_every_topic(topic: str) -> None:
    validate(contact_request(topic=topic))


@pytest.mark.parametrize("required", ["topic", "preferred_contact", "message"])
def test_a_required_answer_may_not_be_left_out(required: str) -> None:
    answers = contact_request()
    del answers[required]

    assert invalid_fields(answers) == [(required, "required")]


def test_every_wrong_answer_is_listed_with_where_it_is() -> None:
    answers = contact_request(topic="weather", preferred_contact="fax", message="")

    assert sorted(path for path, _ in invalid_fields(answers)) == [
        "message",
        "preferred_contact",
        "topic",
    ]


def test_an_answer_the_form_does_not_ask_for_is_rejected() -> None:
    # A family's data is kept only for what the form asked: nothing rides along unseen.
    answers = contact_request(identity_code="010190-123A")
    assert invalid_fields(answers) == [("identity_code", "unknown_field")]
    assert not Draft202012Validator(json_schema(CONTACT.content)).is_valid(answers)


def test_an_answer_to_a_hidden_question_is_refused_with_its_own_error() -> None:
    for hidden in ({}, {"interpreter_needed": False}):
        answers = contact_request(**hidden, interpreter_language="ar")
        assert invalid_fields(answers) == [("interpreter_language", "hidden_field")]
        assert not Draft202012Validator(json_schema(CONTACT.content)).is_valid(answers)


def test_a_message_longer_than_4000_characters_is_rejected() -> None:
    validate(contact_request(message="a" * 4000))

    assert [path for path, _ in invalid_fields(contact_request(message="a" * 4001))] == ["message"]


@given(age=st.integers(-1000, 1000))
def test_a_child_is_aged_0_to_17(age: int) -> None:
    if 0 <= age <= 17:
        validate(contact_request(child_age_years=age))
    else:
        assert [path for path, _ in invalid_fields(contact_request(child_age_years=age))] == [
            "child_age_years"
        ]


def test_a_childs_age_is_a_whole_number() -> None:
    assert invalid_fields(contact_request(child_age_years=4.5)) == [
        ("child_age_years", "not_integer")
    ]


@pytest.mark.parametrize("language", ["Arabic", "a", "AR", "ar-SY", "arab"])
def test_an_interpreter_language_is_a_two_or_three_letter_code(language: str) -> None:
    answers = contact_request(interpreter_needed=True, interpreter_language=language)
    (error,) = errors_of(answers, language="fi")
    assert (error["path"], error["code"]) == ("interpreter_language", "pattern_mismatch")
    assert error["message"].startswith("Anna kielen koodi")  # the form's own text for it


def test_five_errors_come_at_once_each_in_the_callers_language() -> None:
    answers = {
        "topic": "weather",
        "message": "",
        "child_age_years": 30,
        "interpreter_language": "ar",
    }
    swedish = errors_of(answers, language="sv")
    finnish = errors_of(answers, language="fi")

    expected = ["topic", "message", "child_age_years", "preferred_contact", "interpreter_language"]
    assert [e["path"] for e in swedish] == [e["path"] for e in finnish] == expected
    # The codes of a type's own checks are fields.py's; these two are the form's.
    assert [e["code"] for e in swedish][3:] == ["required", "hidden_field"]
    assert swedish[3]["message"] == "Svaret behövs."
    assert finnish[3]["message"] == "Vastaus tarvitaan."
    assert all(s["message"] != f["message"] for s, f in zip(swedish, finnish, strict=True))


def test_an_exit_rules_out_who_the_form_is_not_for() -> None:
    questionnaire = built_in("child-health-questionnaire")
    with pytest.raises(Refused) as caught:
        validate({"has_appointment": False}, questionnaire, "fi")

    assert (caught.value.code, caught.value.extensions["exit"]) == (
        "not_eligible",
        "no_appointment",
    )
    assert caught.value.detail is not None
    assert caught.value.detail.startswith("Varaa ensin")


def test_a_registration_carries_a_hold_and_no_other_form_does() -> None:
    registration = built_in("group-activity-registration")
    assert [e.code for e in hold_errors(registration, None)] == ["hold_required"]
    assert hold_errors(registration, uuid4()) == []
    assert [e.code for e in hold_errors(CONTACT, uuid4())] == ["hold_not_expected"]


def test_a_consent_is_kept_with_the_version_of_its_text() -> None:
    consent = built_in("network-consent")
    answers = validate({"share_with": ["school"], "consent": True}, consent)
    assert answers["consent"] == {"given": True, "text_version": "2026-11"}


@pytest.mark.parametrize(
    ("token", "header", "language"),
    [
        ("fi", "sv", "fi"),
        (None, "fi-FI,fi;q=0.9,en;q=0.8", "fi"),
        (None, "de, en;q=0.5, fi;q=0.7", "fi"),
        (None, "de", "sv"),
        (None, None, "sv"),
        ("de", "en", "en"),
    ],
)
def test_the_callers_language_is_the_tokens_else_accept_language_else_swedish(
    token: str | None, header: str | None, language: str
) -> None:
    assert caller_language(token, header) == language
