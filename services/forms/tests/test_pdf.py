"""The family's PDF copy of what they sent: a real PDF whose text (read back with pypdf)
holds every question and answer, å, ä and ö included, in the family's language."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from fc_forms.domain.pdf import render_copy

SENT = datetime(2026, 3, 15, 12, 5, tzinfo=UTC)  # 14.05 in Helsinki
ROWS = [
    ("Barnets förnamn", "Åsa"),
    ("Vårdnadshavarens efternamn", "Öhman-Järvinen"),
    ("Mitä toivotte tapaamiselta?", "Hyvää yötä ja äidin jaksamista. Šakki ja Žanna!"),
]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def copy(language: str = "sv", rows: list[tuple[str, str]] = ROWS) -> bytes:
    return render_copy(
        title="Anmälan till familjeträffen",
        receipt_number="FC-2026-000123",
        submitted_at=SENT,
        rows=rows,
        language=language,
    )


def test_the_copy_is_a_pdf_with_every_answer_and_the_nordic_letters() -> None:
    pdf = copy()
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    for question, answer in ROWS:
        assert question in text
        assert answer in text
    assert "Anmälan till familjeträffen" in text
    assert "Kvittonummer: FC-2026-000123" in text
    assert "Skickad: 15.3.2026 kl. 14.05" in text


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ["Dina svar", "Kvittonummer", "kl. 14.05"]),
        ("fi", ["Vastauksesi", "Kuittinumero", "Lähetetty: 15.3.2026 klo 14.05"]),
        ("en", ["Your answers", "Receipt number", "Submitted: 15.3.2026 at 14:05"]),
        ("ru", ["Dina svar", "Kvittonummer"]),
    ],
)
def test_the_copys_own_words_are_in_the_familys_language(language: str, words: list[str]) -> None:
    text = text_of(copy(language))
    for word in words:
        assert word in text


def test_the_same_submission_gives_the_same_bytes_dated_when_it_was_sent() -> None:
    pdf = copy()
    assert pdf == copy()
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None
    assert metadata.creation_date == SENT
    # The form's title and nothing of the family's in the document's metadata.
    assert metadata.title == "Anmälan till familjeträffen"
    assert metadata.author is None


def test_a_long_copy_runs_over_pages_and_keeps_every_answer() -> None:
    rows = [(f"Fråga {n}", f"Svar nummer {n}: " + "ärlig öppen åsikt " * 20) for n in range(40)]
    pdf = copy(rows=rows)
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 1
    text = " ".join(text_of(pdf).split())
    for n in range(40):
        assert f"Svar nummer {n}: ärlig öppen åsikt" in text


def test_a_character_the_font_lacks_is_replaced_and_never_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG):
        pdf = copy(rows=[("Namn", "Mei 美 Åström\x07")])
    assert "美" not in caplog.text
    assert "Mei \ufffd Åström" in text_of(pdf)


def test_an_empty_answer_shows_a_dash() -> None:
    assert "Tom\n–" in text_of(copy(rows=[("Tom", "  ")]))


def test_the_time_of_sending_must_be_zoned() -> None:
    with pytest.raises(ValueError, match="zoned"):
        render_copy(
            title="t",
            receipt_number="r",
            submitted_at=SENT.replace(tzinfo=None),
            rows=[],
            language="sv",
        )
