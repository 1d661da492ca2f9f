"""What each notification says, in Swedish, Finnish and English: Jinja2 templates, one file per
kind and language in fc_notify/templates/<language>/<kind>.j2 (templates/README.md tells a
translator where everything is), with dates, times and plurals by Babel in Finland's time.

The same template is rendered twice: as plain text (nothing escaped) and as HTML (every value
escaped, links made anchors), so a translator writes each text once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, replace
from datetime import datetime
from functools import cache, partial
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from fc_notify.domain.letters import (
    SENSITIVE_KINDS,
    Letter,
    Letters,
    LetterValues,
    check_values,
)
from fc_notify.domain.notifications import (
    CRITICAL_KINDS,
    DEFAULT_LANGUAGE,
    SUPPORTED_LANGUAGES,
    NotificationKind,
)

__all__ = [
    "CRITICAL_KINDS",
    "SENSITIVE_KINDS",
    "SUPPORTED_LANGUAGES",
    "Letter",
    "LetterValues",
    "Letters",
    "render",
]

HELSINKI = ZoneInfo("Europe/Helsinki")
# Finland's own conventions for sv and fi; British English is the nearest for English (24-hour
# clock, day before month).
LOCALES = {"sv": "sv_FI", "fi": "fi_FI", "en": "en_GB"}
WAITING = "message_waiting"  # what a sensitive kind's e-mail and text message say instead
_LOADER = PackageLoader("fc_notify", "templates")
# Characters a template or Babel may give that a GSM-7 text message cannot carry.
_SMS_PLAIN = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2009": " ", "\u202f": " ",
                            "\xa0": " ", "\u201d": '"', "\u201c": '"', "\u2019": "'"})  # fmt: skip


def render(kind: NotificationKind, language: str, values: LetterValues) -> Letters:
    """The notification's letters in `language`, or in Swedish for a language we have no texts
    in (the API refuses those before they are stored). Raises ValueError for values the kind
    cannot be written without (letters.check_values)."""
    check_values(kind, values)
    language = language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE
    # The code proves that its reader holds the new address: the inbox, which anyone logged in
    # as the family reads, never shows it.
    inbox = _letter(kind, language, replace(values, code=None), part="inbox", footer=False)
    if kind in SENSITIVE_KINDS:
        # Rendered from the inbox address alone, so no value can leak into what travels.
        only_where = LetterValues(inbox_url=values.inbox_url)
        email = _letter(WAITING, language, only_where, part="text", footer=True)
        sms = _sms(WAITING, language, only_where)
    else:
        email = _letter(kind, language, values, part="text", footer=True)
        sms = _sms(kind, language, values)
    return Letters(inbox=inbox, email=email, sms=sms)


def _letter(name: str, language: str, values: LetterValues, *, part: str, footer: bool) -> Letter:
    subject = _tidy(_part(name, language, values, "subject", html=False)).replace("\n", " ")
    text = _tidy(_part(name, language, values, part, html=False))
    body = _paragraphs(_part(name, language, values, part, html=True))
    notes: list[Markup] = []
    if footer:
        text += "\n\n" + _tidy(_part(name, language, values, "footer", html=False))
        notes = _paragraphs(_part(name, language, values, "footer", html=True))
    frame = _environment(language, html=True).get_template("letter.html")
    html = frame.render(language=language, subject=subject, paragraphs=body, footer=notes)
    return Letter(subject=subject, text=text, html=html)


def _sms(name: str, language: str, values: LetterValues) -> str:
    text = _part(name, language, values, "sms", html=False).translate(_SMS_PLAIN)
    return " ".join(text.split())


def _part(name: str, language: str, values: LetterValues, part: str, *, html: bool) -> str:
    template = _environment(language, html=html).get_template(f"{language}/{name}.j2")
    return template.render(_context(values), part=part)


def _context(values: LetterValues) -> dict[str, Any]:
    """The values, and the place as one line ("Träffpunkten, Storgatan 1, 65100 Vasa")."""
    town = " ".join(part for part in (values.postal_code, values.locality) if part)
    parts = (values.place_name, values.street_address, town)
    return {**asdict(values), "place": ", ".join(part for part in parts if part) or None}


def _tidy(text: str) -> str:
    """The rendered text without the blank lines and spaces template tags leave behind."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _paragraphs(html: str) -> list[Markup]:
    """Escaped text (the HTML rendering) as paragraphs: a blank line parts them, a line break
    stays one."""
    return [
        Markup("<br>\n").join(Markup(line) for line in paragraph.split("\n"))
        for paragraph in _tidy(html).split("\n\n")
        if paragraph
    ]


@cache
def _environment(language: str, *, html: bool) -> Environment:
    """The templates' environment for one language: its Babel filters, its words for codes,
    and links as anchors (HTML) or as "label: address" (text)."""
    environment = Environment(
        loader=_LOADER,
        autoescape=html,
        undefined=StrictUndefined,  # a misspelt name in a template fails, never prints blank
        trim_blocks=True,
        lstrip_blocks=True,
    )
    locale = Locale.parse(LOCALES[language])
    environment.filters.update(
        day=partial(_day, locale=locale),
        short_day=partial(_short_day, locale=locale),
        time=partial(_time, locale=locale),
        plural=partial(_plural, locale=locale),
    )
    environment.globals.update(
        words=partial(_words, language), link=_html_link if html else _text_link
    )
    return environment


def _day(moment: datetime, *, locale: Locale) -> str:
    """The local day in words: "tisdag 15 december 2026"."""
    return format_date(moment.astimezone(HELSINKI).date(), "full", locale=locale)


def _short_day(moment: datetime, *, locale: Locale) -> str:
    """The local day, short, for a text message: "tis 15.12"."""
    return format_skeleton("MEd", moment, tzinfo=HELSINKI, locale=locale)


def _time(moment: datetime, *, locale: Locale) -> str:
    """The Helsinki clock time: "09:00" (sv, en), "9.00" (fi)."""
    return format_time(moment, "short", tzinfo=HELSINKI, locale=locale)


def _plural(count: int, one: str, other: str, *, locale: Locale) -> str:
    """`count` and the word's form for it by the language's plural rule: "6 träffar"."""
    word = one if locale.plural_form(count) == "one" else other
    return f"{format_decimal(count, locale=locale)} {word}"


def _words(language: str, group: str, code: str | None) -> str:
    """A code (activity, reason, reason_category, urgency) in the language's words, from
    templates/<language>/words.toml; a code without words there reads as the group's neutral
    phrase, never as the code."""
    catalogue = _catalogue(language)
    return str(catalogue[group].get(code or "", catalogue["fallback"][group]))


@cache
def _catalogue(language: str) -> dict[str, Any]:
    source = _LOADER.get_source(_environment(language, html=False), f"{language}/words.toml")
    return tomllib.loads(source[0])


def _text_link(address: str | None, label: str) -> str:
    return f"{label}: {_address(address)}"


def _html_link(address: str | None, label: str) -> Markup:
    address = _address(address)
    if not address.startswith(("https://", "http://")):
        # Not a web address (javascript:, a typo): shown as text, never made a link.
        return Markup("{}: {}").format(label, address)
    return Markup('<a href="{}">{}</a>').format(address, label)


def _address(address: str | None) -> str:
    if not address:
        raise ValueError("a link without an address: the template should ask {% if %} first")
    return address
