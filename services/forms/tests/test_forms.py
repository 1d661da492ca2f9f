"""Answers to an e-form are checked on the server against the form's JSON Schema."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from fc_forms.domain.forms import CONTACT_REQUEST, DEFINITIONS, definition_of, validate_answers
from fc_shared.refusals import Refused

TOPICS: list[str] = CONTACT_REQUEST["properties"]["topic"]["enum"]


def contact_request(**answers: Any) -> dict[str, Any]:
    return {
        "topic": "parenting",
        "preferred_contact": "phone",
        "message": "Vi skulle vilja prata om sömnen.",
        **answers,
    }


def invalid_fields(answers: dict[str, Any], form_type: str = "contact-request") -> list[list[Any]]:
    """Where the answers go wrong, as the locations the 422 problem lists."""
    with pytest.raises(Refused) as caught:
        validate_answers(form_type, answers)
    assert (caught.value.kind, caught.value.title) == (422, "Invalid answers")
    assert caught.value.code == "invalid_answers"
    return [error["loc"] for error in caught.value.extensions["errors"]]


def test_every_form_definition_is_a_valid_json_schema() -> None:
    for definition in DEFINITIONS.values():
        Draft202012Validator.check_schema(definition)


def test_a_complete_contact_request_is_accepted() -> None:
    validate_answers(
        "contact-request", contact_request(child_age_years=4, interpreter_language="ar")
    )


@pytest.mark.parametrize("topic", TOPICS)
def test_a_family_can_ask_about_every_topic(topic: str) -> None:
    validate_answers("contact-request", contact_request(topic=topic))


def test_an_unknown_form_is_refused_as_invalid_input() -> None:
    with pytest.raises(Refused) as caught:
        validate_answers("no-such-form", contact_request())

    assert caught.value.kind == 422
    assert caught.value.code == "unknown_form"


@pytest.mark.parametrize("required", ["topic", "preferred_contact", "message"])
def test_a_required_answer_may_not_be_left_out(required: str) -> None:
    answers = contact_request()
    del answers[required]

    assert invalid_fields(answers) == [[]]  # reported at the form itself: a property is missing


def test_every_wrong_answer_is_listed_with_where_it_is() -> None:
    answers = contact_request(topic="weather", preferred_contact="fax", message="")

    assert sorted(invalid_fields(answers)) == [["message"], ["preferred_contact"], ["topic"]]


def test_an_answer_the_form_does_not_ask_for_is_rejected() -> None:
    # A family's data is kept only for what the form asked: nothing rides along unseen.
    assert invalid_fields(contact_request(identity_code="010190-123A")) == [[]]


def test_a_message_longer_than_4000_characters_is_rejected() -> None:
    validate_answers("contact-request", contact_request(message="a" * 4000))

    assert invalid_fields(contact_request(message="a" * 4001)) == [["message"]]


@given(age=st.integers(-1000, 1000))
def test_a_child_is_aged_0_to_17(age: int) -> None:
    if 0 <= age <= 17:
        validate_answers("contact-request", contact_request(child_age_years=age))
    else:
        assert invalid_fields(contact_request(child_age_years=age)) == [["child_age_years"]]


@pytest.mark.parametrize("language", ["Arabic", "a", "AR", "ar-SY", "arab"])
def test_an_interpreter_language_is_a_two_or_three_letter_code(language: str) -> None:
    assert invalid_fields(contact_request(interpreter_language=language)) == [
        ["interpreter_language"]
    ]


def test_an_unknown_form_has_no_definition_to_read() -> None:
    with pytest.raises(Refused) as caught:
        definition_of("no-such-form")

    assert (caught.value.kind, caught.value.code, caught.value.title) == (
        404,
        "unknown_form",
        "Unknown form",
    )
