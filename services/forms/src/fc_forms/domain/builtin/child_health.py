"""The child-health clinic's questionnaire before a visit (rådgivningen / neuvola)."""

from __future__ import annotations

from fc_forms.domain.builtin.texts import YES_NO_UNSURE, option, t
from fc_forms.domain.definitions import FormContent

FORM_TYPE = "child-health-questionnaire"

HOW = [
    option("well", "Bra", "Hyvin", "Well"),
    option("sometimes_difficult", "Ibland svårt", "Joskus vaikeaa", "Sometimes difficult"),
    option("often_difficult", "Ofta svårt", "Usein vaikeaa", "Often difficult"),
]

CONCERNS = [
    option("sleep", "Sömn", "Uni", "Sleep"),
    option("eating", "Mat", "Syöminen", "Eating"),
    option("speech", "Tal", "Puhe", "Speech"),
    option("motor_skills", "Motorik", "Motoriikka", "Motor skills"),
    option("behaviour", "Beteende", "Käytös", "Behaviour"),
    option("family_wellbeing", "Familjens ork", "Perheen jaksaminen", "Family wellbeing"),
    option("other", "Annat", "Muu", "Other"),
]

CONTENT = FormContent.model_validate(
    {
        "titles": t(
            "Rådgivningen: frågor före besöket",
            "Neuvola: kysymyksiä ennen käyntiä",
            "Child-health clinic: before the visit",
        ),
        "pages": [
            {
                "id": "appointment",
                "titles": t("Besöket", "Käynti", "The visit"),
                "fields": [
                    {
                        "name": "has_appointment",
                        "type": "yes_no",
                        "required": True,
                        "label": t(
                            "Har ni en bokad tid på rådgivningen?",
                            "Onko teillä varattu aika neuvolaan?",
                            "Do you have an appointment at the clinic?",
                        ),
                    }
                ],
            },
            {
                "id": "child",
                "titles": t("Barnet", "Lapsi", "The child"),
                "fields": [
                    {
                        "name": "child_age_months",
                        "type": "number",
                        "integer": True,
                        "required": True,
                        "minimum": 0,
                        "maximum": 84,
                        "label": t("Ålder i månader", "Ikä kuukausina", "Age in months"),
                    },
                    {
                        "name": "sleep",
                        "type": "single_choice",
                        "required": True,
                        "options": HOW,
                        "label": t("Hur sover barnet?", "Miten lapsi nukkuu?", "How is sleep?"),
                    },
                    {
                        "name": "eating",
                        "type": "single_choice",
                        "required": True,
                        "options": HOW,
                        "label": t("Hur äter barnet?", "Miten lapsi syö?", "How is eating?"),
                    },
                    {
                        "name": "vaccinations_up_to_date",
                        "type": "single_choice",
                        "options": YES_NO_UNSURE,
                        "label": t(
                            "Har barnet fått vaccinationerna?",
                            "Onko lapsi saanut rokotukset?",
                            "Are the vaccinations up to date?",
                        ),
                    },
                    {
                        "name": "concerns",
                        "type": "multiple_choice",
                        "options": CONCERNS,
                        "label": t(
                            "Vill du prata om något av detta?",
                            "Haluatko puhua jostakin näistä?",
                            "Would you like to talk about any of these?",
                        ),
                    },
                    {
                        "name": "concerns_details",
                        "type": "long_text",
                        "max_length": 2000,
                        "sensitive": True,
                        "visible_when": {"field": "concerns", "equals": "other"},
                        "label": t("Berätta mer", "Kerro lisää", "Tell us more"),
                    },
                ],
            },
        ],
        "exits": [
            {
                "id": "no_appointment",
                "when": {"field": "has_appointment", "equals": False},
                "text": t(
                    "Boka först en tid på rådgivningen; frågorna fylls i före besöket.",
                    "Varaa ensin aika neuvolaan; kysymyksiin vastataan ennen käyntiä.",
                    "Book an appointment first; the questions are answered before the visit.",
                ),
            }
        ],
    }
)
