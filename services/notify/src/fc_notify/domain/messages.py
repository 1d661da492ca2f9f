"""What each notification says, in Swedish, Finnish and English (Jinja2 templates)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, StrictUndefined

from fc_notify.domain.notifications import DEFAULT_LANGUAGE, NotificationKind

HELSINKI = ZoneInfo("Europe/Helsinki")
LANGUAGES = ("sv", "fi", "en")

_env = Environment(undefined=StrictUndefined, autoescape=False)
_env.filters["local"] = lambda moment: moment.astimezone(HELSINKI).strftime("%d.%m.%Y %H:%M")

# kind -> language -> (subject, body); a kind's plain string finds the same texts, since a
# NotificationKind is a str.
TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    NotificationKind.BOOKING_CONFIRMED: {
        "sv": (
            "Din bokning är bekräftad",
            "Din tid {{ starts_at | local }}–{{ ends_at | local }} är bokad"
            "{% if session_count | default(1) > 1 %}, med alla {{ session_count }} "
            "träffar i serien"
            "{% endif %}.\nBokningsnummer: {{ booking_id }}",
        ),
        "fi": (
            "Varauksesi on vahvistettu",
            "Aikasi {{ starts_at | local }}–{{ ends_at | local }} on varattu"
            "{% if session_count | default(1) > 1 %}, kaikki sarjan {{ session_count }} kertaa"
            "{% endif %}.\nVarausnumero: {{ booking_id }}",
        ),
        "en": (
            "Your booking is confirmed",
            "Your time {{ starts_at | local }}–{{ ends_at | local }} is booked"
            "{% if session_count | default(1) > 1 %}, with all {{ session_count }} "
            "sessions of the series"
            "{% endif %}.\nBooking number: {{ booking_id }}",
        ),
    },
    NotificationKind.WAITLIST_PROMOTED: {
        "sv": (
            "Du har fått en plats",
            "En plats blev ledig och är nu din: {{ starts_at | local }}–{{ ends_at | local }}.\n"
            "Bokningsnummer: {{ booking_id }}",
        ),
        "fi": (
            "Sait paikan",
            "Paikka vapautui ja on nyt sinun: {{ starts_at | local }}–{{ ends_at | local }}.\n"
            "Varausnumero: {{ booking_id }}",
        ),
        "en": (
            "You have a place",
            "A place became free and is now yours: {{ starts_at | local }}–"
            "{{ ends_at | local }}.\nBooking number: {{ booking_id }}",
        ),
    },
    NotificationKind.BOOKING_RESCHEDULED: {
        "sv": (
            "Din bokning har flyttats",
            "Din tid är nu {{ starts_at | local }}–{{ ends_at | local }} "
            "(tidigare {{ previous_starts_at | local }}).\nBokningsnummer: {{ booking_id }}",
        ),
        "fi": (
            "Varauksesi on siirretty",
            "Aikasi on nyt {{ starts_at | local }}–{{ ends_at | local }} "
            "(aiemmin {{ previous_starts_at | local }}).\nVarausnumero: {{ booking_id }}",
        ),
        "en": (
            "Your booking has moved",
            "Your time is now {{ starts_at | local }}–{{ ends_at | local }} "
            "(was {{ previous_starts_at | local }}).\nBooking number: {{ booking_id }}",
        ),
    },
    NotificationKind.BOOKING_CANCELLED_BY_STAFF: {
        "sv": (
            "Din bokning har ställts in",
            "Tyvärr har din tid {{ starts_at | local }} ställts in. "
            "Bokningsnummer: {{ booking_id }}",
        ),
        "fi": (
            "Varauksesi on peruttu",
            "Valitettavasti aikasi {{ starts_at | local }} on peruttu. "
            "Varausnumero: {{ booking_id }}",
        ),
        "en": (
            "Your booking has been cancelled",
            "We are sorry: your time {{ starts_at | local }} has been cancelled. "
            "Booking number: {{ booking_id }}",
        ),
    },
    NotificationKind.FORM_RECEIPT: {
        "sv": (
            "Vi har tagit emot din blankett",
            "Tack! Din blankett ({{ form_type }}) har kommit fram. "
            "Kvittonummer: {{ receipt_number or submission_id }}",
        ),
        "fi": (
            "Lomakkeesi on vastaanotettu",
            "Kiitos! Lomakkeesi ({{ form_type }}) on vastaanotettu. "
            "Kuittinumero: {{ receipt_number or submission_id }}",
        ),
        "en": (
            "We have received your form",
            "Thank you! Your form ({{ form_type }}) has arrived. "
            "Receipt number: {{ receipt_number or submission_id }}",
        ),
    },
    NotificationKind.REFERRAL_RECEIVED: {
        "sv": (
            "Ny remiss till dig",
            "Du har fått en remiss ({{ reason_category }}, brådska: {{ urgency }}). "
            "Remiss: {{ referral_id }}",
        ),
        "fi": (
            "Uusi lähete sinulle",
            "Olet saanut lähetteen ({{ reason_category }}, kiireellisyys: {{ urgency }}). "
            "Lähete: {{ referral_id }}",
        ),
        "en": (
            "A new referral for you",
            "You have received a referral ({{ reason_category }}, urgency: {{ urgency }}). "
            "Referral: {{ referral_id }}",
        ),
    },
}


@dataclass(frozen=True, slots=True)
class Message:
    subject: str
    body: str


def render(kind: str, language: str, values: Mapping[str, Any]) -> Message:
    """The message (a NotificationKind's) in the recipient's language, falling back to
    Swedish. A value the template needs and `values` lacks raises: never a blank."""
    subject, body = TEMPLATES[kind].get(language, TEMPLATES[kind][DEFAULT_LANGUAGE])
    return Message(_env.from_string(subject).render(values), _env.from_string(body).render(values))
