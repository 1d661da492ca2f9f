"""The family's PDF copy of its own submission: each question it was shown, in the
submission's language, with the answer as a person reads it; nobody else gets it."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from familjecentret.testing import Stack
from fc_forms.domain.copies import copy_rows
from fc_forms.domain.definitions import Definition


def t(sv: str, fi: str = "", en: str = "") -> dict[str, str]:
    return {"sv": sv, "fi": fi or sv + " (fi)", "en": en or sv + " (en)"}


FORM = Definition.model_validate(
    {
        "form_type": "every-kind",
        "version": 3,
        "content": {
            "titles": t("Allt"),
            "pages": [
                {
                    "id": "main",
                    "titles": t("Sidan"),
                    "fields": [
                        {
                            "name": "color",
                            "type": "single_choice",
                            "label": t("Färg", "Väri"),
                            "options": [{"value": "red", "label": t("Röd", "Punainen")}],
                        },
                        {
                            "name": "days",
                            "type": "multiple_choice",
                            "label": t("Dagar"),
                            "options": [
                                {"value": "mon", "label": t("Måndag")},
                                {"value": "tue", "label": t("Tisdag")},
                            ],
                        },
                        {"name": "pet", "type": "yes_no", "label": t("Djur?")},
                        {
                            "name": "pet_name",
                            "type": "text",
                            "label": t("Djurets namn"),
                            "visible_when": {"field": "pet", "equals": True},
                        },
                        {"name": "born", "type": "date", "label": t("Född")},
                        {"name": "weight", "type": "number", "label": t("Vikt")},
                        {
                            "name": "ok",
                            "type": "consent",
                            "label": t("Samtycke"),
                            "consent_text": t("Jag samtycker till allt."),
                            "consent_text_version": "2026-11",
                        },
                        {"name": "file", "type": "attachment", "label": t("Intyg")},
                        {"name": "note", "type": "text", "label": t("Annat")},
                    ],
                }
            ],
        },
    }
)
ANSWERS: dict[str, Any] = {
    "color": "red",
    "days": ["mon", "tue"],
    "pet": False,
    "born": "2024-03-05",
    "weight": 3.5,
    "ok": {"given": True, "text_version": "2026-11"},
    "file": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
}


def test_each_shown_question_is_answered_as_a_person_reads_it() -> None:
    rows = copy_rows(
        FORM,
        ANSWERS,
        language="sv",
        file_names={"1b4e28ba-2fa1-11d2-883f-0016d3cca427": "intyg.pdf"},
    )

    assert rows == [
        ("Färg", "Röd"),
        ("Dagar", "Måndag, Tisdag"),
        ("Djur?", "Nej"),  # the pet's name was not shown: no row
        ("Född", "5.3.2024"),
        ("Vikt", "3,5"),
        ("Samtycke", "Givet (textversion 2026-11)\nJag samtycker till allt."),
        ("Intyg", "intyg.pdf"),
        ("Annat", ""),
    ]


def test_the_rows_are_in_the_submissions_language() -> None:
    answers = {**ANSWERS, "pet": True, "pet_name": "Misse", "ok": {"given": False}}

    rows = dict(copy_rows(FORM, answers, language="fi", file_names={}))

    assert rows["Väri"] == "Punainen"
    assert rows["Djur? (fi)"] == "Kyllä"
    assert rows["Djurets namn (fi)"] == "Misse"
    assert rows["Samtycke (fi)"].startswith("Ei annettu")
    assert rows["Intyg (fi)"] == "(tiedostoa ei enää ole)"


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_the_submitter_gets_a_pdf_copy_and_nobody_else_does(stack: Stack) -> None:
    family = stack.auth("guardian")
    answers = {"topic": "leisure", "preferred_contact": "in_app", "message": "Hjälp med sömnen"}
    sent = await stack.client.post(
        stack.url("forms", "/v1/submissions"),
        json={"form_type": "contact-request", "municipality_code": "905", "answers": answers},
        headers=family,
    )
    assert sent.status_code == 201, sent.text
    path = f"/v1/submissions/{sent.json()['id']}/copy.pdf"

    own = await stack.client.get(stack.url("forms", path), headers=family)
    stranger = await stack.client.get(stack.url("forms", path), headers=stack.auth("guardian"))

    assert own.status_code == 200, own.text
    assert own.headers["content-type"] == "application/pdf"
    text = text_of(own.content)
    assert "Ämne" in text  # the Swedish label
    assert "Fritid" in text  # the option's label, not its code
    assert "leisure" not in text
    assert "Ditt meddelande" in text
    assert "Hjälp med sömnen" in text
    assert sent.json()["receipt_number"] in text
    assert (stranger.status_code, stranger.json()["code"]) == (404, "submission_not_found")
