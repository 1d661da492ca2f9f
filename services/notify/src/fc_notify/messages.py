"""What each notification says, in Swedish, Finnish and English (Jinja2 templates)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, StrictUndefined

HELSINKI = ZoneInfo("Europe/Helsinki")
LANGUAGES = ("sv", "fi", "en")

_env = Environment(undefined=StrictUndefined, autoescape=False)
_env.filters["local"] = lambda moment: moment.astimezone(HELSINKI).strftime("%d.%m.%Y %H:%M")

# kind -> language -> (subject, body)
TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "booking_confirmed": {
        "sv": ("Din bokning är bekräftad",
               "Din tid {{ starts_at | local }}–{{ ends_at | local }} är bokad.\n"
               "Bokningsnummer: {{ booking_id }}"),
        "fi": ("Varauksesi on vahvistettu",
               "Aikasi {{ starts_at | local }}–{{ ends_at | local }} on varattu.\n"
               "Varausnumero: {{ booking_id }}"),
        "en": ("Your booking is confirmed",
               "Your time {{ starts_at | local }}–{{ ends_at | local }} is booked.\n"
               "Booking number: {{ booking_id }}"),
    },
    "form_receipt": {
        "sv": ("Vi har tagit emot din blankett",
               "Tack! Din blankett ({{ form_type }}) har kommit fram. "
               "Ärendenummer: {{ submission_id }}"),
        "fi": ("Lomakkeesi on vastaanotettu",
               "Kiitos! Lomakkeesi ({{ form_type }}) on vastaanotettu. "
               "Asianumero: {{ submission_id }}"),
        "en": ("We have received your form",
               "Thank you! Your form ({{ form_type }}) has arrived. "
               "Reference: {{ submission_id }}"),
    },
    "referral_received": {
        "sv": ("Ny remiss till dig",
               "Du har fått en remiss ({{ reason_category }}, brådska: {{ urgency }}). "
               "Remiss: {{ referral_id }}"),
        "fi": ("Uusi lähete sinulle",
               "Olet saanut lähetteen ({{ reason_category }}, kiireellisyys: {{ urgency }}). "
               "Lähete: {{ referral_id }}"),
        "en": ("A new referral for you",
               "You have received a referral ({{ reason_category }}, urgency: {{ urgency }}). "
               "Referral: {{ referral_id }}"),
    },
}


@dataclass(frozen=True, slots=True)
class Message:
    subject: str
    body: str


def render(kind: str, language: str, values: dict[str, Any]) -> Message:
    """The message in the recipient's language, falling back to Swedish."""
    subject, body = TEMPLATES[kind].get(language, TEMPLATES[kind]["sv"])
    return Message(_env.from_string(subject).render(values), _env.from_string(body).render(values))
