"""What can be wrong with one answer, as a stable code, and how to say it to a family in
Swedish, Finnish or English. The codes never change once published: frontends and the API's
422 problem rely on them; the texts may be polished freely."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

LANGUAGES = ("sv", "fi", "en")
FALLBACK_LANGUAGE = "sv"


@dataclass(frozen=True)
class FieldError:
    path: str  # JSON-pointer-like, e.g. "/answers/child_birth_date"
    code: str  # a FieldErrorCode
    params: Mapping[str, str | int] = field(default_factory=dict)


class FieldErrorCode(StrEnum):
    REQUIRED = "required"
    UNKNOWN_FIELD = "unknown_field"
    NOT_TEXT = "not_text"
    TOO_SHORT = "too_short"  # {min_length}
    TOO_LONG = "too_long"  # {max_length}
    NOT_A_NUMBER = "not_a_number"
    NOT_AN_INTEGER = "not_an_integer"
    NUMBER_TOO_SMALL = "number_too_small"  # {minimum}
    NUMBER_TOO_LARGE = "number_too_large"  # {maximum}
    DATE_FORMAT = "date_format"
    DATE_IMPOSSIBLE = "date_impossible"
    CHOICE_UNKNOWN = "choice_unknown"
    CHOICES_NOT_A_LIST = "choices_not_a_list"
    TOO_FEW_CHOICES = "too_few_choices"  # {min_choices}
    TOO_MANY_CHOICES = "too_many_choices"  # {max_choices}
    NOT_YES_OR_NO = "not_yes_or_no"
    CONSENT_REQUIRED = "consent_required"
    CONSENT_INVALID = "consent_invalid"
    CONSENT_TEXT_VERSION_MISMATCH = "consent_text_version_mismatch"
    EMAIL_INVALID = "email_invalid"
    MOBILE_INVALID = "mobile_invalid"
    MOBILE_NOT_MOBILE = "mobile_not_mobile"
    MOBILE_NOT_FINNISH = "mobile_not_finnish"
    IDENTITY_CODE_FORMAT = "identity_code_format"
    IDENTITY_CODE_CENTURY_SIGN = "identity_code_century_sign"
    IDENTITY_CODE_DATE = "identity_code_date"
    IDENTITY_CODE_INDIVIDUAL_NUMBER = "identity_code_individual_number"
    IDENTITY_CODE_CHECK_CHARACTER = "identity_code_check_character"
    IDENTITY_CODE_FUTURE_BIRTH_DATE = "identity_code_future_birth_date"
    CHILD_UNKNOWN = "child_unknown"
    ATTACHMENT_ID_INVALID = "attachment_id_invalid"


_C = FieldErrorCode
_SIGNS = "+ - U V W X Y A B C D E F"

# code → (sv, fi, en)
TEXTS: dict[str, tuple[str, str, str]] = {
    _C.REQUIRED: (
        "Obligatorisk uppgift saknas.",
        "Pakollinen tieto puuttuu.",
        "This information is required.",
    ),
    _C.UNKNOWN_FIELD: (
        "Blanketten har inget sådant fält.",
        "Lomakkeella ei ole tällaista kenttää.",
        "The form has no such field.",
    ),
    _C.NOT_TEXT: (
        "Svaret ska vara text.",
        "Vastauksen on oltava tekstiä.",
        "The answer must be text.",
    ),
    _C.TOO_SHORT: (
        "Svaret är för kort (minst {min_length} tecken).",
        "Vastaus on liian lyhyt (vähintään {min_length} merkkiä).",
        "The answer is too short (at least {min_length} characters).",
    ),
    _C.TOO_LONG: (
        "Svaret är för långt (högst {max_length} tecken).",
        "Vastaus on liian pitkä (enintään {max_length} merkkiä).",
        "The answer is too long (at most {max_length} characters).",
    ),
    _C.NOT_A_NUMBER: ("Ange ett tal.", "Anna luku.", "Enter a number."),
    _C.NOT_AN_INTEGER: ("Ange ett heltal.", "Anna kokonaisluku.", "Enter a whole number."),
    _C.NUMBER_TOO_SMALL: (
        "Talet ska vara minst {minimum}.",
        "Luvun on oltava vähintään {minimum}.",
        "The number must be at least {minimum}.",
    ),
    _C.NUMBER_TOO_LARGE: (
        "Talet får vara högst {maximum}.",
        "Luku saa olla enintään {maximum}.",
        "The number must be at most {maximum}.",
    ),
    _C.DATE_FORMAT: (
        "Ange datumet i formen åååå-mm-dd.",
        "Anna päivämäärä muodossa vvvv-kk-pp.",
        "Enter the date as yyyy-mm-dd.",
    ),
    _C.DATE_IMPOSSIBLE: (
        "Det finns inget sådant datum.",
        "Päivämäärää ei ole olemassa.",
        "There is no such date.",
    ),
    _C.CHOICE_UNKNOWN: (
        "Välj ett av alternativen.",
        "Valitse jokin vaihtoehdoista.",
        "Choose one of the options.",
    ),
    _C.CHOICES_NOT_A_LIST: (
        "Svaret ska vara en lista över de valda alternativen.",
        "Vastauksen on oltava luettelo valituista vaihtoehdoista.",
        "The answer must be a list of the chosen options.",
    ),
    _C.TOO_FEW_CHOICES: (
        "Välj fler alternativ (minst {min_choices}).",
        "Valitse useampi vaihtoehto (vähintään {min_choices}).",
        "Choose more options (at least {min_choices}).",
    ),
    _C.TOO_MANY_CHOICES: (
        "Välj färre alternativ (högst {max_choices}).",
        "Valitse vähemmän vaihtoehtoja (enintään {max_choices}).",
        "Choose fewer options (at most {max_choices}).",
    ),
    _C.NOT_YES_OR_NO: ("Svara ja eller nej.", "Vastaa kyllä tai ei.", "Answer yes or no."),
    _C.CONSENT_REQUIRED: (
        "Du behöver ge ditt samtycke för att kunna skicka blanketten.",
        "Sinun on annettava suostumuksesi, jotta voit lähettää lomakkeen.",
        "You need to give your consent to send the form.",
    ),
    _C.CONSENT_INVALID: (
        "Svara ja eller nej på frågan om samtycke.",
        "Vastaa suostumukseen kyllä tai ei.",
        "Answer yes or no to the consent.",
    ),
    _C.CONSENT_TEXT_VERSION_MISMATCH: (
        "Samtyckestexten har ändrats. Läs den nya texten och ge ditt samtycke på nytt.",
        "Suostumuksen teksti on muuttunut. Lue uusi teksti ja anna suostumuksesi uudelleen.",
        "The consent text has changed. Read the new text and give your consent again.",
    ),
    _C.EMAIL_INVALID: (
        "E-postadressen är inte giltig.",
        "Sähköpostiosoite ei ole kelvollinen.",
        "The e-mail address is not valid.",
    ),
    _C.MOBILE_INVALID: (
        "Telefonnumret är inte giltigt.",
        "Puhelinnumero ei ole kelvollinen.",
        "The phone number is not valid.",
    ),
    _C.MOBILE_NOT_MOBILE: (
        "Ange ett mobiltelefonnummer.",
        "Anna matkapuhelinnumero.",
        "Enter a mobile phone number.",
    ),
    _C.MOBILE_NOT_FINNISH: (
        "Ange ett finländskt mobiltelefonnummer.",
        "Anna suomalainen matkapuhelinnumero.",
        "Enter a Finnish mobile phone number.",
    ),
    _C.IDENTITY_CODE_FORMAT: (
        "Personbeteckningen har fel format (till exempel 131052-308T).",
        "Henkilötunnus on väärässä muodossa (esimerkiksi 131052-308T).",
        "The identity code is in the wrong format (for example 131052-308T).",
    ),
    _C.IDENTITY_CODE_CENTURY_SIGN: (
        f"Skiljetecknet i personbeteckningen är okänt. Tillåtna tecken är {_SIGNS}.",
        f"Henkilötunnuksen välimerkki on tuntematon. Sallitut merkit ovat {_SIGNS}.",
        f"The identity code's century sign is unknown. The signs are {_SIGNS}.",
    ),
    _C.IDENTITY_CODE_DATE: (
        "Födelsedatumet i personbeteckningen finns inte.",
        "Henkilötunnuksen syntymäaika on virheellinen.",
        "The birth date in the identity code does not exist.",
    ),
    _C.IDENTITY_CODE_INDIVIDUAL_NUMBER: (
        "Individnumret i personbeteckningen ska vara mellan 002 och 899.",
        "Henkilötunnuksen yksilönumeron on oltava välillä 002–899.",
        "The individual number in the identity code must be between 002 and 899.",
    ),
    _C.IDENTITY_CODE_CHECK_CHARACTER: (
        "Kontrolltecknet i personbeteckningen stämmer inte.",
        "Henkilötunnuksen tarkistusmerkki on väärä.",
        "The identity code's check character is wrong.",
    ),
    _C.IDENTITY_CODE_FUTURE_BIRTH_DATE: (
        "Födelsedatumet i personbeteckningen ligger i framtiden.",
        "Henkilötunnuksen syntymäaika on tulevaisuudessa.",
        "The birth date in the identity code is in the future.",
    ),
    _C.CHILD_UNKNOWN: (
        "Välj ett av barnen i din familj.",
        "Valitse jokin perheesi lapsista.",
        "Choose one of the children in your family.",
    ),
    _C.ATTACHMENT_ID_INVALID: (
        "Bilagan kunde inte identifieras. Lägg till den på nytt.",
        "Liitettä ei tunnistettu. Lisää liite uudelleen.",
        "The attachment could not be identified. Add it again.",
    ),
}

# For a code this version does not know (a newer peer's): still something true to show.
GENERIC = ("Kontrollera svaret.", "Tarkista vastaus.", "Check the answer.")
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def field_error_text(error: FieldError, language: str) -> str:
    """The error said in "sv", "fi" or "en" (any other language gets Swedish), with its
    params filled in; decimals get a comma in Swedish and Finnish."""
    language = language if language in LANGUAGES else FALLBACK_LANGUAGE
    texts = TEXTS.get(error.code, GENERIC)
    params = _Params()
    for name, value in error.params.items():
        text = str(value)
        if language != "en" and _DECIMAL.fullmatch(text):
            text = text.replace(".", ",")
        params[name] = text
    return texts[LANGUAGES.index(language)].format_map(params)
