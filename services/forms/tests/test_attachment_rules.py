"""Attachment rules without I/O: the type from the content's magic bytes, the limits per
file and per submission, the name kept, and who may read a file when."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from fc_forms.domain.attachments import (
    Attachment,
    AttachmentLimits,
    AttachmentStatus,
    MediaType,
    accepted_type,
    check_size,
    clean_filename,
    media_type_of,
    new_attachment,
    readable_by,
    usable_in_submission,
)
from fc_shared.refusals import Refused

LIMITS = AttachmentLimits(max_file_bytes=100, max_submission_bytes=150)
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
OWNER = uuid4()


def file(size: int, status: AttachmentStatus = AttachmentStatus.CLEAN) -> Attachment:
    return new_attachment(
        uploaded_by=OWNER,
        filename="a.pdf",
        media_type=MediaType.PDF,
        content=b"%" * size,
        status=status,
        now=NOW,
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n...", MediaType.PDF),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", MediaType.JPEG),
        (b"\x89PNG\r\n\x1a\n\x00\x00", MediaType.PNG),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", MediaType.HEIC),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00", MediaType.HEIC),
        (b"\x00\x00\x00\x18ftypisom\x00\x00", None),  # an MP4 video
        (b"MZ\x90\x00", None),  # a Windows program
        (b"<html>%PDF-1.7", None),  # the magic must open the file
        (b"", None),
    ],
)
def test_the_type_is_read_from_the_content(content: bytes, expected: MediaType | None) -> None:
    assert media_type_of(content) == expected


def test_a_file_of_another_type_is_refused_with_a_stable_code() -> None:
    with pytest.raises(Refused) as refused:
        accepted_type(b"GIF89a")
    assert refused.value.code == "attachment_type_not_allowed"


@pytest.mark.parametrize(("size", "code"), [(0, "attachment_empty"), (101, "attachment_too_large")])
def test_a_file_empty_or_over_the_limit_is_refused(size: int, code: str) -> None:
    with pytest.raises(Refused) as refused:
        check_size(size, LIMITS)
    assert refused.value.code == code
    check_size(100, LIMITS)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("intyg.pdf", "intyg.pdf"),
        ("C:\\Users\\anna\\intyg.pdf", "intyg.pdf"),
        ("../../etc/passwd", "passwd"),
        ("bad\r\nname.pdf", "badname.pdf"),
        ("", "attachment"),
        (None, "attachment"),
        ("x" * 300, "x" * 200),
    ],
)
def test_only_the_files_own_name_is_kept(sent: str | None, kept: str) -> None:
    assert clean_filename(sent) == kept


def test_only_the_uploader_reads_a_clean_file() -> None:
    clean = file(5)
    assert readable_by(clean, OWNER) == clean
    with pytest.raises(Refused) as stranger:
        readable_by(clean, uuid4())
    assert (stranger.value.kind, stranger.value.code) == (404, "attachment_not_found")
    with pytest.raises(Refused) as pending:
        readable_by(replace(clean, status=AttachmentStatus.PENDING), OWNER)
    assert (pending.value.kind, pending.value.code) == (409, "attachment_not_scanned")


def test_a_submissions_files_are_the_submitters_clean_and_under_its_limit() -> None:
    two: list[Attachment | None] = [file(70), file(80)]
    assert usable_in_submission(two, OWNER, LIMITS) == two
    cases: list[tuple[list[Attachment | None], UUID, str]] = [
        ([file(70), file(81)], OWNER, "attachments_too_large"),
        ([file(10, AttachmentStatus.PENDING)], OWNER, "attachment_not_scanned"),
        ([file(10)], uuid4(), "unknown_attachment"),
        ([None], OWNER, "unknown_attachment"),
    ]
    for files, owner, code in cases:
        with pytest.raises(Refused) as refused:
            usable_in_submission(files, owner, LIMITS)
        assert refused.value.code == code
