"""Consent to share information within the family's network (the professionals of its case
team): what may be shared with whom, with the consent text's version kept with the answer."""

from __future__ import annotations

from fc_forms.domain.builtin.texts import option, t
from fc_forms.domain.definitions import FormContent

FORM_TYPE = "network-consent"

CONTENT = FormContent.model_validate(
    {
        "titles": t(
            "Samtycke till att dela uppgifter i familjens nätverk",
            "Suostumus tietojen jakamiseen perheen verkostossa",
            "Consent to share information within the family's network",
        ),
        "pages": [
            {
                "id": "consent",
                "titles": t("Samtycke", "Suostumus", "Consent"),
                "fields": [
                    {
                        "name": "share_with",
                        "type": "multiple_choice",
                        "required": True,
                        "label": t("Med vem?", "Kenen kanssa?", "With whom?"),
                        "options": [
                            option("child_health_clinic", "Rådgivningen", "Neuvola", "Clinic"),
                            option(
                                "early_childhood_education",
                                "Småbarnspedagogiken",
                                "Varhaiskasvatus",
                                "Early childhood education",
                            ),
                            option("school", "Skolan", "Koulu", "School"),
                            option("social_services", "Socialvården", "Sosiaalipalvelut", "Social"),
                            option(
                                "family_counselling",
                                "Familjerådgivningen",
                                "Perheneuvola",
                                "Family counselling",
                            ),
                        ],
                    },
                    {
                        "name": "valid_until",
                        "type": "date",
                        "label": t("Gäller till", "Voimassa asti", "Valid until"),
                    },
                    {
                        "name": "consent",
                        "type": "consent",
                        "required": True,
                        "consent_text_version": "2026-11",
                        "label": t("Jag samtycker", "Annan suostumukseni", "I consent"),
                        "consent_text": t(
                            "Jag samtycker till att de valda yrkespersonerna i familjens "
                            "nätverk delar de uppgifter som behövs för stödet. Jag kan när "
                            "som helst återkalla samtycket.",
                            "Annan suostumukseni siihen, että valitut perheen verkoston "
                            "ammattilaiset jakavat tuen kannalta tarpeelliset tiedot. Voin "
                            "perua suostumukseni milloin tahansa.",
                            "I consent to the chosen professionals of the family's network "
                            "sharing the information the support needs. I may withdraw this "
                            "consent at any time.",
                        ),
                    },
                ],
            }
        ],
    }
)
