"""Over HTTP against the forms service and a real clamd (test signature only): a form's
attachment question takes the id of the family's own clean upload, which the submission
then attaches; someone else's file or one not yet scanned is refused; a handler of the
submission's queue reads the file (in the family's access log), nobody else does."""

from __future__ import annotations

import io
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import jwt
import pytest
import pytest_asyncio
from pypdf import PdfReader
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from familjecentret.clamav import LocalClamd
from familjecentret.testing import Infra, Stack
from familjecentret.testing.attachments import ClamavMissing, forms_with, local_clamd
from fc_forms.domain.attachments import Attachment, AttachmentStatus, MediaType, readable_by
from fc_forms.store.tables import attachments
from fc_shared.access_log import entries_about
from fc_shared.db import create_engine
from fc_shared.refusals import Refused

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MUNICIPALITY = "905"


def t(sv: str) -> dict[str, str]:
    return {"sv": sv, "fi": sv + " (fi)", "en": sv + " (en)"}


FORM = {
    "titles": t("Intyg"),
    "pages": [
        {
            "id": "main",
            "titles": t("Sidan"),
            "fields": [
                {"name": "certificate", "type": "attachment", "required": True, "label": t("Intyg")}
            ],
        }
    ],
}


@pytest.fixture(scope="module")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalClamd]:
    try:
        with local_clamd(tmp_path_factory.mktemp("clamd_submissions")) as running:
            yield running
    except ClamavMissing as missing:
        if shutil.which("apt-get") is None:
            pytest.skip(str(missing))
        pytest.fail(str(missing))


@pytest_asyncio.fixture(scope="module")
async def scanned(infra: Infra, clamd: LocalClamd) -> AsyncIterator[Stack]:
    async with forms_with(infra, clamd_host="127.0.0.1", clamd_port=clamd.port) as stack:
        yield stack


async def published_form(stack: Stack) -> tuple[str, dict[str, str]]:
    """A new form with an attachment question, and a handler of its queue."""
    form_type = f"certificate-{uuid4().hex[:8]}"
    author = stack.auth("admin")
    path = f"/v1/form-definitions/{form_type}"
    saved = await stack.client.put(stack.url("forms", f"{path}/draft"), json=FORM, headers=author)
    assert saved.status_code == 200, saved.text
    published = await stack.client.post(stack.url("forms", f"{path}/publish"), headers=author)
    assert published.status_code == 201, published.text
    queue = await stack.client.post(
        stack.url("forms", "/v1/queues"),
        json={"form_type": form_type, "municipality_code": MUNICIPALITY},
        headers=author,
    )
    assert queue.status_code == 201, queue.text
    handler = uuid4()
    assigned = await stack.client.put(
        stack.url("forms", f"/v1/queues/{queue.json()['id']}/handlers/{handler}"),
        headers=author,
    )
    assert assigned.status_code == 200, assigned.text
    return form_type, stack.auth("professional", subject=handler)


async def upload(stack: Stack, headers: dict[str, str], content: bytes = PDF) -> str:
    files: dict[str, Any] = {"file": ("läkarintyg.pdf", content, "application/pdf")}
    created = await stack.client.post(
        stack.url("forms", "/v1/attachments"), files=files, headers=headers
    )
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "clean"
    attachment_id: str = created.json()["id"]
    return attachment_id


async def submit(stack: Stack, headers: dict[str, str], form_type: str, attachment: str) -> Any:
    return await stack.client.post(
        stack.url("forms", "/v1/submissions"),
        json={
            "form_type": form_type,
            "municipality_code": MUNICIPALITY,
            "answers": {"certificate": attachment},
        },
        headers=headers,
    )


async def read(stack: Stack, headers: dict[str, str], submission: str, attachment: str) -> Any:
    path = f"/v1/handling/{submission}/attachments/{attachment}"
    return await stack.client.get(stack.url("forms", path), headers=headers)


def subject_of(headers: dict[str, str]) -> UUID:
    token = headers["Authorization"].removeprefix("Bearer ")
    return UUID(jwt.decode(token, options={"verify_signature": False})["sub"])


async def test_a_submitted_file_is_read_by_the_queues_handler_alone(scanned: Stack) -> None:
    form_type, handler = await published_form(scanned)
    family = scanned.auth("guardian")
    attachment = await upload(scanned, family)

    sent = await submit(scanned, family, form_type, attachment)

    assert sent.status_code == 201, sent.text
    submission = sent.json()["id"]
    served = await read(scanned, handler, submission, attachment)
    assert served.status_code == 200, served.text
    assert served.content == PDF
    assert served.headers["content-type"] == "application/pdf"
    stranger = scanned.auth("professional")
    other = await read(scanned, stranger, submission, attachment)
    assert (other.status_code, other.json()["code"]) == (403, "not_a_handler")
    assert (await read(scanned, family, submission, attachment)).status_code == 403
    logged = await logged_about(scanned, UUID(attachment))
    assert sorted((e.allowed, e.actor, e.person, e.subject_kind, e.action) for e in logged) == [
        (False, subject_of(stranger), subject_of(family), "attachment", "read"),
        (True, subject_of(handler), subject_of(family), "attachment", "read"),
    ]


async def test_a_file_the_submission_does_not_attach_is_not_found(scanned: Stack) -> None:
    form_type, handler = await published_form(scanned)
    family = scanned.auth("guardian")
    sent = await submit(scanned, family, form_type, await upload(scanned, family))
    assert sent.status_code == 201, sent.text
    unattached = await upload(scanned, family, PDF + b"% another\n")

    response = await read(scanned, handler, sent.json()["id"], unattached)

    assert (response.status_code, response.json()["code"]) == (404, "attachment_not_found")


async def test_someone_elses_file_is_refused(scanned: Stack) -> None:
    form_type, _ = await published_form(scanned)
    someone_else = await upload(scanned, scanned.auth("guardian"))

    sent = await submit(scanned, scanned.auth("guardian"), form_type, someone_else)

    assert (sent.status_code, sent.json()["code"]) == (422, "unknown_attachment")


async def test_a_file_not_yet_scanned_clean_is_refused(scanned: Stack) -> None:
    form_type, _ = await published_form(scanned)
    family = scanned.auth("guardian")
    attachment = await upload(scanned, family, PDF + b"% pending\n")
    await mark_pending(scanned, UUID(attachment))

    sent = await submit(scanned, family, form_type, attachment)

    assert (sent.status_code, sent.json()["code"]) == (422, "attachment_not_scanned")


async def test_the_pdf_copy_names_the_attached_file(scanned: Stack) -> None:
    form_type, _ = await published_form(scanned)
    family = scanned.auth("guardian")
    sent = await submit(scanned, family, form_type, await upload(scanned, family))
    assert sent.status_code == 201, sent.text

    copy = await scanned.client.get(
        scanned.url("forms", f"/v1/submissions/{sent.json()['id']}/copy.pdf"), headers=family
    )

    assert copy.status_code == 200, copy.text
    assert "läkarintyg.pdf" in text_of(copy.content)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


async def mark_pending(stack: Stack, attachment_id: UUID) -> None:
    """As if the scanner had been down at upload: the file waits for its scan."""
    engine = create_engine(stack.settings, "forms")
    try:
        async with AsyncSession(engine) as session, session.begin():
            query = update(attachments).where(attachments.c.id == attachment_id)
            await session.execute(query.values(status="pending"))
    finally:
        await engine.dispose()


async def logged_about(stack: Stack, attachment_id: UUID) -> list[Any]:
    engine = create_engine(stack.settings, "forms")
    try:
        async with AsyncSession(engine) as session:
            return list(await entries_about(session, subject_ids=[attachment_id]))
    finally:
        await engine.dispose()


def test_a_file_is_read_by_its_uploader_and_the_handlers_given_nobody_else() -> None:
    uploader, handler, stranger = uuid4(), uuid4(), uuid4()
    file = Attachment(
        id=uuid4(),
        uploaded_by=uploader,
        filename="intyg.pdf",
        media_type=MediaType.PDF,
        size=len(PDF),
        sha256="0" * 64,
        status=AttachmentStatus.CLEAN,
        created_at=datetime.now(UTC),
    )

    assert readable_by(file, uploader) is file
    assert readable_by(file, handler, handlers=[handler]) is file
    with pytest.raises(Refused) as refused:
        readable_by(file, stranger, handlers=[handler])
    assert refused.value.code == "attachment_not_found"
