"""The family's own copy of a submission as a PDF: the form's title, the receipt number, when
it was sent (Helsinki time) and each question with its answer, in the family's language.

fpdf2 has no font for anything beyond Latin-1, so DejaVu Sans travels with the service
(fonts/, with its licence): the copy renders the same everywhere and needs no network. A
character the font lacks is drawn as U+FFFD rather than left to fpdf2, which would name the
missing characters (the family's own writing) in a log line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

HELSINKI = ZoneInfo("Europe/Helsinki")
FONTS = Path(__file__).parent / "fonts"
FONT = "dejavu"
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class _Words:
    intro: str
    receipt_number: str
    submitted: str
    at: str
    answers: str


WORDS: Mapping[str, _Words] = {
    "sv": _Words(
        intro="Det här är en kopia av de uppgifter du skickade till familjecentret.",
        receipt_number="Kvittonummer",
        submitted="Skickad",
        at="kl.",
        answers="Dina svar",
    ),
    "fi": _Words(
        intro="Tämä on kopio tiedoista, jotka lähetit perhekeskukseen.",
        receipt_number="Kuittinumero",
        submitted="Lähetetty",
        at="klo",
        answers="Vastauksesi",
    ),
    "en": _Words(
        intro="This is a copy of the information you sent to the family centre.",
        receipt_number="Receipt number",
        submitted="Submitted",
        at="at",
        answers="Your answers",
    ),
}


def render_copy(
    *,
    title: str,
    receipt_number: str,
    submitted_at: datetime,
    rows: Sequence[tuple[str, str]],
    language: str,
) -> bytes:
    """The copy as PDF bytes. `rows` are (question, answer) as the family should read them;
    the language ("sv", "fi" or "en", else Swedish) sets the copy's own words. The same
    input gives the same bytes (the document's date is the submission's)."""
    if submitted_at.tzinfo is None:
        raise ValueError("submitted_at must be zoned")
    words = WORDS.get(language, WORDS["sv"])
    pdf = _document(title=title, language=language if language in WORDS else "sv")
    pdf.set_creation_date(submitted_at)
    clean = _Cleaner(pdf)
    pdf.set_font(FONT, "B", 16)
    _paragraph(pdf, clean(title), 8)
    pdf.set_font(FONT, "", 10)
    _paragraph(pdf, words.intro, 5)
    _paragraph(pdf, f"{words.receipt_number}: {clean(receipt_number)}", 5)
    _paragraph(pdf, f"{words.submitted}: {_when(submitted_at, words)}", 5)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 12)
    _paragraph(pdf, words.answers, 7)
    for question, answer in rows:
        pdf.set_font(FONT, "B", 10)
        _paragraph(pdf, clean(question), 5)
        pdf.set_font(FONT, "", 11)
        _paragraph(pdf, clean(answer) or "–", 6)
        pdf.ln(2)
    return bytes(pdf.output())


def _document(*, title: str, language: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_lang(language)
    pdf.set_title(title)  # the form's title: no personal data in the metadata
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    return pdf


def _paragraph(pdf: FPDF, text: str, height: float) -> None:
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _when(moment: datetime, words: _Words) -> str:
    local = moment.astimezone(HELSINKI)
    clock = f"{local:%H}:{local:%M}" if words.at == "at" else f"{local:%H}.{local:%M}"
    return f"{local.day}.{local.month}.{local.year} {words.at} {clock}"


class _Cleaner:
    """Text the font can draw: a character it lacks becomes U+FFFD, a control character
    other than a line break a space. Both faces are DejaVu Sans, with the same characters."""

    def __init__(self, pdf: FPDF) -> None:
        font = pdf.fonts[FONT]
        assert isinstance(font, TTFFont)
        self._known = frozenset(font.cmap)

    def __call__(self, text: str) -> str:
        return "".join(self._character(character) for character in text.strip())

    def _character(self, character: str) -> str:
        if character == "\n":
            return character
        if not character.isprintable():
            return " "
        return character if ord(character) in self._known else REPLACEMENT
