"""Feedback on the family centre: anyone may send it, signed in or not (families take part
in developing the centre); an anonymous one goes to POST /v1/submissions/anonymous."""

from __future__ import annotations

from fc_forms.domain.builtin.texts import option, t
from fc_forms.domain.definitions import FormContent

FORM_TYPE = "feedback"

CONTENT = FormContent.model_validate(
    {
        "titles": t("Respons på familjecentret", "Palaute perhekeskukselle", "Feedback"),
        "help": t(
            "Du kan svara anonymt.",
            "Voit vastata nimettömästi.",
            "You may answer anonymously.",
        ),
        "anonymous_allowed": True,
        "pages": [
            {
                "id": "feedback",
                "titles": t("Din respons", "Palautteesi", "Your feedback"),
                "fields": [
                    {
                        "name": "used",
                        "type": "multiple_choice",
                        "label": t("Vad använde du?", "Mitä käytit?", "What did you use?"),
                        "options": [
                            option("meeting_point", "Träffpunkten", "Kohtaamispaikka", "Meeting"),
                            option("digital", "Digitala tjänster", "Digipalvelut", "Digital"),
                            option("group_activity", "Grupp", "Ryhmä", "Group activity"),
                            option("individual_support", "Eget stöd", "Oma tuki", "Support"),
                        ],
                    },
                    {
                        "name": "rating",
                        "type": "number",
                        "integer": True,
                        "required": True,
                        "minimum": 1,
                        "maximum": 5,
                        "label": t(
                            "Hur nöjd är du (1–5)?",
                            "Kuinka tyytyväinen olet (1–5)?",
                            "How satisfied are you (1–5)?",
                        ),
                    },
                    {
                        "name": "went_well",
                        "type": "long_text",
                        "max_length": 2000,
                        "label": t("Vad var bra?", "Mikä oli hyvää?", "What went well?"),
                    },
                    {
                        "name": "to_improve",
                        "type": "long_text",
                        "max_length": 2000,
                        "label": t("Vad kan bli bättre?", "Mitä voisi parantaa?", "To improve?"),
                    },
                ],
            }
        ],
    }
)
