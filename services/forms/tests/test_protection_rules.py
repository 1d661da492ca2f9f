"""Pure rules of protection: which answers are sealed and how, whose key, how long kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from fc_forms.domain.definitions import Definition
from fc_forms.domain.protection import (
    ENCRYPTED,
    data_subject,
    open_answers,
    protected_names,
    seal_answers,
)
from fc_forms.domain.retention import DEFAULT_RETENTION_DAYS, cutoffs, retention_days
from fc_forms.domain.submissions import ANONYMOUS


def t(sv: str) -> dict[str, str]:
    return {"sv": sv, "fi": sv, "en": sv}


FORM = Definition.model_validate(
    {
        "form_type": "f",
        "version": 1,
        "content": {
            "titles": t("F"),
            "pages": [
                {
                    "id": "p",
                    "titles": t("P"),
                    "fields": [
                        {"name": "hetu", "type": "identity_code", "label": t("H")},
                        {"name": "note", "type": "text", "sensitive": True, "label": t("N")},
                        {"name": "file", "type": "attachment", "sensitive": True, "label": t("A")},
                        {"name": "plain", "type": "text", "label": t("T")},
                    ],
                }
            ],
        },
    }
)


def test_identity_codes_and_sensitive_answers_are_protected_but_not_file_ids() -> None:
    assert protected_names(FORM) == {"hetu", "note"}


def test_a_sealed_answer_is_only_its_token_and_opens_to_the_same_json() -> None:
    answers = {"hetu": "131052-308T", "note": {"nested": [1, 2]}, "plain": "x"}
    names = protected_names(FORM)

    sealed = seal_answers(answers, names, "f", lambda field, clear: f"{field}|{clear}")

    assert sealed["hetu"] == {ENCRYPTED: 'f/hetu|"131052-308T"'}
    assert sealed["plain"] == "x"
    opened = open_answers(sealed, names, "f", lambda field, token: token.split("|", 1)[1])
    assert opened == answers


def test_a_look_alike_in_an_unprotected_field_is_left_as_it_is() -> None:
    answers = {"plain": {ENCRYPTED: "not ours"}}
    assert open_answers(answers, protected_names(FORM), "f", lambda *_: "boom") == answers


def test_an_anonymous_submission_is_its_own_data_subject() -> None:
    person, submission = uuid4(), uuid4()
    assert data_subject(person, submission) == person
    assert data_subject(ANONYMOUS, submission) == submission


def test_retention_is_the_settings_over_the_built_in_defaults() -> None:
    assert retention_days("feedback", {}) == 180
    assert retention_days("feedback", {"feedback": 30}) == 30
    assert retention_days("something-new", {}) == DEFAULT_RETENTION_DAYS
    now = datetime(2026, 11, 24, tzinfo=UTC)
    named, default = cutoffs(now, {"feedback": 30})
    assert named["feedback"] == now - timedelta(days=30)
    assert default == now - timedelta(days=DEFAULT_RETENTION_DAYS)
