"""What a family or a professional is told: every kind of notification in sv, fi and en, on the
inbox, e-mail and text message, from the template files, in words a person reads (never a
code, an id or a blank), with Finland's clock times."""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, replace
from datetime import UTC, datetime
from importlib import resources
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fc_notify.domain.letters import (
    REQUIRED_VALUES,
    SENSITIVE_KINDS,
    Letters,
    LetterValues,
    short_reference,
)
from fc_notify.domain.messages import render
from fc_notify.domain.notifications import CRITICAL_KINDS, SUPPORTED_LANGUAGES
from fc_notify.domain.notifications import NotificationKind as Kind

# The codes other services send, as they name them (booking's Activity, network's referral
# reason categories, topics, decline reasons and urgencies).
ACTIVITIES = ("appointment", "parent_evening", "family_fair", "peer_group", "family_school",
              "immigrant_family_group", "professional_visit", "network_meeting")  # fmt: skip
REASON_CATEGORIES = ("parenting_support", "parenting", "couple_relationship", "upbringing",
                     "integration_and_language", "peer_support", "substance_use_prevention",
                     "violence_and_bullying_prevention", "mental_wellbeing", "leisure")  # fmt: skip
DECLINE_REASONS = ("not_our_service", "no_capacity", "family_declined", "referred_elsewhere")
URGENCIES = ("routine", "soon", "urgent")
CODES = (*ACTIVITIES, *REASON_CATEGORIES, *DECLINE_REASONS, *URGENCIES)
# A chat queue's code as chat names it (the contract's example); chat's queues are its own
# data, and a code without words in words.toml reads as "the family centre's chat".
CHAT_QUEUE = "youth-chat-sv"

UUID_PATTERN = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)
BOOKINGS = (Kind.BOOKING_CONFIRMED, Kind.WAITLIST_PROMOTED, Kind.BOOKING_RESCHEDULED,
            Kind.BOOKING_CANCELLED_BY_STAFF, Kind.BOOKING_REMINDER)  # fmt: skip
INBOX_URL = "https://familjecentret.example/inbox"
DECEMBER_MORNING = LetterValues(
    starts_at=datetime(2026, 12, 15, 7, 0, tzinfo=UTC),
    ends_at=datetime(2026, 12, 15, 8, 30, tzinfo=UTC),
)
EVERYTHING = replace(
    DECEMBER_MORNING,
    previous_starts_at=datetime(2026, 12, 8, 7, 0, tzinfo=UTC),
    activity_name="Babyrytmik",
    activity="peer_group",
    session_count=6,
    place_name="Träffpunkten Kyrkbacken",
    street_address="Storgatan 1",
    postal_code="65100",
    locality="Vasa",
    meeting_link="https://meet.example/room",
    organizer_name="Anna Ek",
    reference=short_reference(uuid4()),
    ics_url="https://familjecentret.example/calendar/booking.ics",
    receipt_number="FC-2026-000123",
    form_title="Kontaktbegäran",
    service_name="Familjerådgivningen",
    reason="not_our_service",
    reason_category="couple_relationship",
    urgency="soon",
    code="482913",
    valid_minutes=30,
    inbox_url=INBOX_URL,
    chat_queue=CHAT_QUEUE,
    answered_at=datetime(2026, 12, 15, 12, 5, tzinfo=UTC),
)


def least(kind: Kind) -> LetterValues:
    """The least a kind is sent with: a letter must read well without its optional values."""
    required = REQUIRED_VALUES.get(kind, ())
    return LetterValues(**{name: getattr(EVERYTHING, name) for name in required})


def channels(letters: Letters) -> dict[str, str]:
    inbox, email = letters.inbox, letters.email
    return {"inbox subject": inbox.subject, "inbox": inbox.text, "inbox html": inbox.html,
            "email subject": email.subject, "email": email.text, "email html": email.html,
            "sms": letters.sms}  # fmt: skip


@pytest.mark.parametrize("values", [EVERYTHING, None], ids=["every value", "the least"])
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("kind", list(Kind))
def test_every_letter_reads_as_words(
    kind: Kind, language: str, values: LetterValues | None
) -> None:
    for channel, text in channels(render(kind, language, values or least(kind))).items():
        assert text.strip(), channel
        assert not UUID_PATTERN.search(text), channel
        assert "None" not in text, channel
        assert "{{" not in text, channel
        assert "{%" not in text, channel
        assert CHAT_QUEUE not in text, channel
        # A one-word code (urgent, leisure) is also an English word: only the others' letters.
        raw = {code for code in CODES if "_" in code or language != "en"}
        assert not set(re.findall(r"[a-z_]+", text)) & raw, channel


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("kind", BOOKINGS)
def test_a_booking_letter_says_when_and_where(kind: Kind, language: str) -> None:
    letters = render(kind, language, EVERYTHING)
    clock = {"sv": "09:00", "fi": "9.00", "en": "09:00"}[language]

    for text in (letters.inbox.text, letters.email.text, letters.email.html, letters.sms):
        assert clock in text
        assert "Träffpunkten Kyrkbacken" in text
    assert "Storgatan 1, 65100 Vasa" in letters.email.text
    assert "Babyrytmik" in letters.email.text


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("kind", sorted(SENSITIVE_KINDS))
def test_a_sensitive_letter_keeps_its_content_to_the_inbox(kind: Kind, language: str) -> None:
    letters = render(kind, language, EVERYTHING)
    content = [value for name, value in asdict(EVERYTHING).items()
               if isinstance(value, str) and name != "inbox_url"]  # fmt: skip
    content += [letters.inbox.subject]

    travelling = {k: v for k, v in channels(letters).items() if not k.startswith("inbox")}
    for channel, text in travelling.items():
        assert not [value for value in content if value in text], channel
    assert INBOX_URL in letters.email.text
    assert INBOX_URL in letters.sms
    # Every sensitive kind travels as the same letter: not even the kind shows.
    assert letters.email == render(Kind.FORM_RECEIPT, language, EVERYTHING).email


@pytest.mark.parametrize(
    ("kind", "inbox_says"),
    [
        (Kind.FORM_RECEIPT, "FC-2026-000123"),
        (Kind.FORM_WAITING, "Kontaktbegäran"),
        (Kind.REFERRAL_DECLINED, "Tjänsten är inte rätt ställe"),
        (Kind.REFERRAL_RECEIVED, "parrelationen"),
        (Kind.REFERRAL_ACCEPTED, "Familjerådgivningen"),
        (Kind.CHAT_ANSWER_WAITING, "tisdag 15 december 2026 kl. 14:05"),
    ],
)
def test_the_inbox_has_the_full_letter_of_a_sensitive_kind(kind: Kind, inbox_says: str) -> None:
    assert inbox_says in render(kind, "sv", EVERYTHING).inbox.text


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_a_confirmation_code_goes_to_the_new_address_never_to_the_inbox(language: str) -> None:
    letters = render(Kind.CONTACT_POINT_CODE, language, EVERYTHING)

    assert "482913" in letters.email.text
    assert "482913" in letters.email.html
    assert "482913" in letters.sms
    assert not [text for text in (letters.inbox.text, letters.inbox.html) if "482913" in text]


@pytest.mark.parametrize(
    ("language", "chat", "answered"),
    [
        ("sv", "Chatt: Ungdomschatten", "Svarat: tisdag 15 december 2026 kl. 14:05"),
        ("fi", "Chat: Nuorten chat (ruotsiksi)", "Vastattu: tiistai 15. joulukuuta 2026 klo 14.05"),
        ("en", "Chat: The youth chat (in Swedish)", "Answered: Tuesday, 15 December 2026, 14:05"),
    ],
)
def test_an_answer_waiting_in_the_chat_says_where_and_when_never_what(
    language: str, chat: str, answered: str
) -> None:
    letters = render(Kind.CHAT_ANSWER_WAITING, language, EVERYTHING)

    assert chat in letters.inbox.text
    assert answered in letters.inbox.text
    assert INBOX_URL in letters.inbox.text
    assert f'<a href="{INBOX_URL}">' in letters.inbox.html
    # What travels is every sensitive kind's "a message waits", with the portal's link.
    assert letters.email == render(Kind.FORM_RECEIPT, language, EVERYTHING).email
    assert letters.sms == render(Kind.FORM_RECEIPT, language, EVERYTHING).sms
    assert INBOX_URL in letters.email.text


def test_the_sets_of_kinds_are_kinds() -> None:
    assert set(Kind) >= SENSITIVE_KINDS
    assert Kind.CHAT_ANSWER_WAITING in SENSITIVE_KINDS
    assert {Kind.CONTACT_POINT_CODE, Kind.BOOKING_CANCELLED_BY_STAFF} == CRITICAL_KINDS
    assert not SENSITIVE_KINDS & set(BOOKINGS)
    assert SUPPORTED_LANGUAGES == ("sv", "fi", "en")


@pytest.mark.parametrize(
    ("language", "when"),
    [
        ("sv", "tisdag 15 december 2026 kl. 09:00–10:30"),  # 07:00Z is 09:00 EET
        ("fi", "tiistai 15. joulukuuta 2026 klo 9.00–10.30"),
        ("en", "Tuesday, 15 December 2026, 09:00–10:30"),
    ],
)
def test_times_are_shown_in_helsinki_winter_time(language: str, when: str) -> None:
    assert when in render(Kind.BOOKING_CONFIRMED, language, DECEMBER_MORNING).inbox.text


def test_times_are_shown_in_helsinki_summer_time() -> None:
    summer = LetterValues(
        starts_at=datetime(2026, 7, 1, 7, 0, tzinfo=UTC),
        ends_at=datetime(2026, 7, 1, 8, 0, tzinfo=UTC),
    )

    letter = render(Kind.BOOKING_REMINDER, "fi", summer).inbox

    assert "1. heinäkuuta 2026 klo 10.00–11.00" in letter.text


def test_a_time_just_before_midnight_utc_is_the_next_day_in_finland() -> None:
    late = LetterValues(
        starts_at=datetime(2026, 12, 31, 22, 30, tzinfo=UTC),
        ends_at=datetime(2026, 12, 31, 23, 0, tzinfo=UTC),
    )
    letters = render(Kind.BOOKING_CONFIRMED, "sv", late)

    assert "fredag 1 januari 2027 kl. 00:30–01:00" in letters.inbox.text
    assert "fre 1.1 kl. 00:30" in letters.sms


def test_a_time_past_midnight_names_both_days() -> None:
    night = LetterValues(
        starts_at=datetime(2026, 12, 15, 20, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 15, 23, 0, tzinfo=UTC),
    )

    assert (
        "15 December 2026, 22:00 – Wednesday, 16 December 2026, 01:00"
        in render(Kind.BOOKING_CONFIRMED, "en", night).inbox.text
    )


@pytest.mark.parametrize(
    ("language", "series"),
    [("sv", "6 träffar"), ("fi", "6 tapaamista"), ("en", "6 sessions")],
)
def test_a_series_confirmation_says_how_many_sessions_it_covers(language: str, series: str) -> None:
    single = render(Kind.BOOKING_CONFIRMED, language, replace(DECEMBER_MORNING, session_count=1))
    six = render(Kind.BOOKING_CONFIRMED, language, replace(DECEMBER_MORNING, session_count=6))

    assert series in six.inbox.text
    assert series.split()[1] not in single.inbox.text


@pytest.mark.parametrize(("minutes", "words"), [(1, "1 minut."), (30, "30 minuter.")])
def test_the_codes_validity_is_counted_in_the_right_form(minutes: int, words: str) -> None:
    values = LetterValues(code="482913", valid_minutes=minutes)

    assert words in render(Kind.CONTACT_POINT_CODE, "sv", values).sms


@given(language=st.text(max_size=8).filter(lambda text: text not in SUPPORTED_LANGUAGES))
def test_an_unknown_language_falls_back_to_swedish(language: str) -> None:
    assert render(Kind.BOOKING_CONFIRMED, language, EVERYTHING) == render(
        Kind.BOOKING_CONFIRMED, "sv", EVERYTHING
    )


@given(code=st.from_regex(r"zz_[a-z_]{4,12}", fullmatch=True))
def test_a_code_without_words_reads_as_a_neutral_phrase(code: str) -> None:
    unknown = replace(EVERYTHING, activity_name=None, activity=code, reason=code,
                      reason_category=code, urgency=code, chat_queue=code)  # fmt: skip
    for kind in (Kind.BOOKING_CONFIRMED, Kind.REFERRAL_DECLINED, Kind.REFERRAL_RECEIVED,
                 Kind.CHAT_ANSWER_WAITING):  # fmt: skip
        assert code not in render(kind, "fi", unknown).inbox.text
    assert "Vad: Bokad tid" in render(Kind.BOOKING_REMINDER, "sv", unknown).inbox.text
    chat = render(Kind.CHAT_ANSWER_WAITING, "sv", unknown).inbox.text
    assert "Chatt: Familjecentrets chatt" in chat


def test_the_html_letter_escapes_values_and_the_text_letter_does_not() -> None:
    values = replace(EVERYTHING, organizer_name="Ek & <Söner>", meeting_link="javascript:alert(1)")
    letter = render(Kind.BOOKING_CONFIRMED, "sv", values).email

    assert "Ek &amp; &lt;Söner&gt;" in letter.html
    assert "<Söner>" not in letter.html
    assert "Ordnas av: Ek & <Söner>" in letter.text
    assert '<a href="https://familjecentret.example/calendar/booking.ics">' in letter.html
    assert 'href="javascript:' not in letter.html  # not a web address: shown, never a link


@pytest.mark.parametrize("kind", [kind for kind in Kind if kind in REQUIRED_VALUES])
def test_a_letter_missing_what_it_needs_is_refused_not_sent_with_a_blank(kind: Kind) -> None:
    with pytest.raises(ValueError, match="needs"):
        render(kind, "sv", LetterValues())


def test_a_time_without_a_zone_is_refused() -> None:
    floating = LetterValues(
        starts_at=datetime(2026, 12, 15, 9),  # noqa: DTZ001 - the mistake under test
        ends_at=datetime(2026, 12, 15, 10),  # noqa: DTZ001
    )

    with pytest.raises(ValueError, match="time zone"):
        render(Kind.BOOKING_CONFIRMED, "sv", floating)


def test_an_id_in_a_letters_words_is_refused() -> None:
    with pytest.raises(ValueError, match="reference"):
        render(Kind.BOOKING_CONFIRMED, "sv", replace(EVERYTHING, reference=str(uuid4())))


def test_a_short_reference_is_eight_characters_of_the_id() -> None:
    booking = uuid4()

    assert short_reference(booking) == booking.hex[:8].upper()


def catalogue(language: str) -> dict[str, dict[str, str]]:
    path = resources.files("fc_notify") / "templates" / language / "words.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_code_other_services_send_has_words_in_every_language(language: str) -> None:
    words = catalogue(language)

    assert {group: set(codes) for group, codes in words.items()} == {
        "activity": set(ACTIVITIES),
        "reason": {*DECLINE_REASONS, "other"},
        "reason_category": set(REASON_CATEGORIES),
        "urgency": set(URGENCIES),
        # Chat's reference queues (fc_chat/domain/reference.py; tests/test_chat_words.py
        # checks the two agree); a queue an admin adds later reads as the fallback.
        "chat_queue": {
            f"{queue}-{language}"
            for queue in ("family-counselling", "child-health", "youth-chat")
            for language in ("sv", "fi")
        },
        "fallback": {"activity", "reason", "reason_category", "urgency", "chat_queue"},
    }


# GSM 03.38's alphabet and its extension: a text message in these alone is sent as 7-bit
# characters, 160 to a message (one character outside it makes it 70).
GSM = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
          "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€")  # fmt: skip


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("kind", list(Kind))
def test_a_text_message_fits_one_sms(kind: Kind, language: str) -> None:
    sms = render(kind, language, EVERYTHING).sms

    assert set(sms) <= GSM
    assert len(sms) <= 160
