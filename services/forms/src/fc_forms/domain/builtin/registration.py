"""Registration for a group activity: filled in for a place held in booking; the
submission carries the hold (`hold_id`), and booking confirms the place from FormSubmitted."""

from __future__ import annotations

from fc_forms.domain.builtin.texts import t
from fc_forms.domain.definitions import FormContent

FORM_TYPE = "group-activity-registration"

CONTENT = FormContent.model_validate(
    {
        "titles": t("Anmälan till gruppverksamhet", "Ilmoittautuminen ryhmään", "Group sign-up"),
        "help": t(
            "Platsen är reserverad för dig tills du skickar anmälan.",
            "Paikka on varattu sinulle, kunnes lähetät ilmoittautumisen.",
            "The place is held for you until you send the registration.",
        ),
        "hold_required": True,
        "pages": [
            {
                "id": "participants",
                "titles": t("Deltagare", "Osallistujat", "Participants"),
                "fields": [
                    {
                        "name": "participant_count",
                        "type": "number",
                        "integer": True,
                        "required": True,
                        "minimum": 1,
                        "maximum": 10,
                        "label": t("Antal deltagare", "Osallistujien määrä", "Participants"),
                    },
                    {
                        "name": "dietary_needs",
                        "type": "yes_no",
                        "label": t("Specialkost?", "Erityisruokavalio?", "Special diet?"),
                    },
                    {
                        "name": "dietary_details",
                        "type": "long_text",
                        "max_length": 1000,
                        "sensitive": True,
                        "visible_when": {"field": "dietary_needs", "equals": True},
                        "label": t("Vilken kost?", "Mikä ruokavalio?", "Which diet?"),
                    },
                    {
                        "name": "accessibility_needs",
                        "type": "long_text",
                        "max_length": 1000,
                        "label": t(
                            "Behov av tillgänglighet",
                            "Saavutettavuustarpeet",
                            "Accessibility needs",
                        ),
                    },
                    {
                        "name": "photo_permission",
                        "type": "yes_no",
                        "required": True,
                        "label": t(
                            "Får vi fotografera under träffarna?",
                            "Saako tapaamisissa valokuvata?",
                            "May we take photos during the meetings?",
                        ),
                    },
                ],
            }
        ],
    }
)
