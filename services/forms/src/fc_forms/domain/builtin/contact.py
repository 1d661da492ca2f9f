"""Contact request / ask for support: a family asks the family centre to contact them."""

from __future__ import annotations

from fc_forms.domain.builtin.texts import option, t
from fc_forms.domain.definitions import FormContent

FORM_TYPE = "contact-request"

TOPICS = [
    option("parenting", "Föräldraskap", "Vanhemmuus", "Parenting"),
    option("couple_relationship", "Parrelationen", "Parisuhde", "Couple relationship"),
    option("upbringing", "Fostran", "Kasvatus", "Upbringing"),
    option(
        "integration_and_language",
        "Integration och språk",
        "Kotoutuminen ja kieli",
        "Integration and language",
    ),
    option("peer_support", "Kamratstöd", "Vertaistuki", "Peer support"),
    option("substance_use", "Rusmedel", "Päihteet", "Substance use"),
    option("violence_and_bullying", "Våld och mobbning", "Väkivalta ja kiusaaminen", "Violence"),
    option("mental_wellbeing", "Psykiskt välmående", "Mielen hyvinvointi", "Mental wellbeing"),
    option("leisure", "Fritid", "Vapaa-aika", "Leisure"),
    option("other", "Annat", "Muu", "Other"),
]

QUESTION = {
    "id": "question",
    "titles": t("Vad gäller det?", "Mistä on kyse?", "What is it about?"),
    "fields": [
        {
            "name": "topic",
            "type": "single_choice",
            "required": True,
            "label": t("Ämne", "Aihe", "Topic"),
            "options": TOPICS,
        },
        {
            "name": "message",
            "type": "long_text",
            "required": True,
            "sensitive": True,  # free text a family writes: encrypted at rest
            "min_length": 1,
            "max_length": 4000,
            "label": t("Ditt meddelande", "Viestisi", "Your message"),
            "help": t(
                "Berätta kort vad du vill prata om.",
                "Kerro lyhyesti, mistä haluat puhua.",
                "Tell us briefly what you would like to talk about.",
            ),
        },
        {
            "name": "child_age_years",
            "type": "number",
            "integer": True,
            "minimum": 0,
            "maximum": 17,
            "label": t("Barnets ålder (år)", "Lapsen ikä (vuotta)", "The child's age (years)"),
        },
    ],
}

CONTACT = {
    "id": "contact",
    "titles": t("Hur vi kontaktar dig", "Miten otamme yhteyttä", "How we contact you"),
    "fields": [
        {
            "name": "preferred_contact",
            "type": "single_choice",
            "required": True,
            "label": t("Kontaktsätt", "Yhteydenottotapa", "Way of contact"),
            "options": [
                option("phone", "Telefon", "Puhelin", "Phone"),
                option("email", "E-post", "Sähköposti", "E-mail"),
                option("in_app", "I tjänsten", "Palvelussa", "In the service"),
            ],
        },
        {
            "name": "preferred_contact_time",
            "type": "single_choice",
            "label": t("Bästa tid", "Paras aika", "Best time"),
            "options": [
                option("morning", "Förmiddag", "Aamupäivä", "Morning"),
                option("afternoon", "Eftermiddag", "Iltapäivä", "Afternoon"),
                option("evening", "Kväll", "Ilta", "Evening"),
                option("any", "När som helst", "Milloin tahansa", "Any time"),
            ],
        },
        {
            "name": "preferred_language",
            "type": "single_choice",
            "label": t("Språk", "Kieli", "Language"),
            "options": [
                option("sv", "Svenska", "Ruotsi", "Swedish"),
                option("fi", "Finska", "Suomi", "Finnish"),
                option("en", "Engelska", "Englanti", "English"),
            ],
        },
        {
            "name": "interpreter_needed",
            "type": "yes_no",
            "label": t("Behöver du tolk?", "Tarvitsetko tulkin?", "Do you need an interpreter?"),
        },
        {
            "name": "interpreter_language",
            "type": "text",
            "pattern": "^[a-z]{2,3}$",
            "visible_when": {"field": "interpreter_needed", "equals": True},
            "label": t("Tolkens språk", "Tulkin kieli", "The interpreter's language"),
            "help": t(
                "Språkkoden, t.ex. ar eller so.",
                "Kielen koodi, esim. ar tai so.",
                "The language code, e.g. ar or so.",
            ),
            "errors": {
                "pattern_mismatch": t(
                    "Ange språkets kod med två eller tre små bokstäver, t.ex. ar.",
                    "Anna kielen koodi kahdella tai kolmella pienellä kirjaimella, esim. ar.",
                    "Give the language's code in two or three small letters, e.g. ar.",
                )
            },
        },
    ],
}

CONTENT = FormContent.model_validate(
    {
        "titles": t("Kontaktbegäran", "Yhteydenottopyyntö", "Contact request"),
        "help": t(
            "Be familjecentret kontakta dig. Vi svarar inom två vardagar.",
            "Pyydä perhekeskusta ottamaan yhteyttä. Vastaamme kahden arkipäivän kuluessa.",
            "Ask the family centre to contact you. We answer within two working days.",
        ),
        "pages": [QUESTION, CONTACT],
    }
)
