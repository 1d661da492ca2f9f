"""Attachments: which files are accepted (by what they contain, never by what the client
says they are), how large they may be, what the virus scan decided, and who may read one."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

from fc_shared.refusals import Refused, conflict, invalid, not_found


class MediaType(StrEnum):
    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
    HEIC = "image/heic"


class AttachmentStatus(StrEnum):
    """`pending`: not yet scanned (no scanner, or it could not be reached), never served;
    `clean`: scanned and found clean, served to its reader. A file found infected is never
    kept, so there is no status for it."""

    PENDING = "pending"
    CLEAN = "clean"


class Verdict(StrEnum):
    """What the virus scanner said of one file."""

    CLEAN = "clean"
    INFECTED = "infected"


# The brands of an ISO base media file (`ftyp` box) that are HEIF/HEIC still images.
HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})


@dataclass(frozen=True, slots=True)
class Attachment:
    """One uploaded file's record; its bytes are kept beside it by the attachment store."""

    id: UUID
    uploaded_by: UUID
    filename: str  # the name it was sent with; personal data, kept in this service only
    media_type: MediaType
    size: int
    sha256: str
    status: AttachmentStatus
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AttachmentLimits:
    max_file_bytes: int
    max_submission_bytes: int


def media_type_of(content: bytes) -> MediaType | None:
    """The file's type from its first bytes (its magic number), or None when it is none of
    the accepted types. The client's Content-Type and the file name count for nothing."""
    if content.startswith(b"%PDF-"):
        return MediaType.PDF
    if content.startswith(b"\xff\xd8\xff"):
        return MediaType.JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return MediaType.PNG
    if content[4:8] == b"ftyp" and content[8:12] in HEIC_BRANDS:
        return MediaType.HEIC
    return None


def accepted_type(content: bytes) -> MediaType:
    """The file's type if it is one of the accepted ones; any other file is refused."""
    media_type = media_type_of(content)
    if media_type is None:
        raise invalid(
            "attachment_type_not_allowed",
            "Attachment type not allowed",
            "Only PDF, JPEG, PNG and HEIC files are accepted; the file's content is none of them.",
            allowed=[str(allowed) for allowed in MediaType],
        )
    return media_type


def check_size(size: int, limits: AttachmentLimits) -> None:
    if size == 0:
        raise invalid("attachment_empty", "Empty attachment", "The file has no content.")
    if size > limits.max_file_bytes:
        raise invalid(
            "attachment_too_large",
            "Attachment too large",
            f"A file may hold at most {limits.max_file_bytes} bytes.",
            limit=limits.max_file_bytes,
        )


def check_submission_total(attachments: Iterable[Attachment], limits: AttachmentLimits) -> None:
    """All the files of one submission together stay under the submission's limit."""
    total = sum(attachment.size for attachment in attachments)
    if total > limits.max_submission_bytes:
        raise invalid(
            "attachments_too_large",
            "Attachments too large",
            f"One submission's files may hold at most {limits.max_submission_bytes} bytes.",
            limit=limits.max_submission_bytes,
        )


def infected() -> Refused:
    """The refusal of a file the scanner found infected; nothing of it is kept. Which
    signature matched is not said: it helps nobody who is not testing the scanner."""
    return invalid(
        "attachment_infected",
        "Attachment refused by the virus scan",
        "The virus scan found malware in the file; it was not stored.",
    )


def clean_filename(filename: str | None) -> str:
    """The name to keep: its last path part, without control characters, at most 200
    characters; a file sent without a name is called `attachment`."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    return name[:200] or "attachment"


def new_attachment(
    *,
    uploaded_by: UUID,
    filename: str | None,
    media_type: MediaType,
    content: bytes,
    status: AttachmentStatus,
    now: datetime,
) -> Attachment:
    return Attachment(
        id=uuid4(),
        uploaded_by=uploaded_by,
        filename=clean_filename(filename),
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        status=status,
        created_at=now,
    )


def no_such_attachment() -> Refused:
    return not_found("attachment_not_found", "No such attachment.")


def readable_by(
    attachment: Attachment | None, reader: UUID, *, handlers: Collection[UUID] = ()
) -> Attachment:
    """Only its uploader reads a file, and the `handlers` of a submission that attaches it
    (the caller passes them only for such a submission); to anyone else it does not exist.
    An unscanned file is never served, not even to them."""
    if attachment is None or (attachment.uploaded_by != reader and reader not in handlers):
        raise no_such_attachment()
    if attachment.status is not AttachmentStatus.CLEAN:
        raise conflict(
            "attachment_not_scanned",
            "Attachment not yet scanned",
            "The file waits for its virus scan and is served only once it is found clean.",
        )
    return attachment


def usable_in_submission(
    attachments: list[Attachment | None], owner: UUID, limits: AttachmentLimits
) -> list[Attachment]:
    """The files a submission refers to: each the submitter's own and scanned clean, and
    together under the submission's limit."""
    found: list[Attachment] = []
    for attachment in attachments:
        if attachment is None or attachment.uploaded_by != owner:
            raise invalid("unknown_attachment", "Unknown attachment", "No such attachment.")
        if attachment.status is not AttachmentStatus.CLEAN:
            raise invalid(
                "attachment_not_scanned",
                "Attachment not yet scanned",
                "A file is attached to a submission only once its virus scan found it clean.",
            )
        found.append(attachment)
    check_submission_total(found, limits)
    return found
