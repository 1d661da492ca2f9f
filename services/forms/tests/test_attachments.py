"""Over HTTP against the forms service and a real clamd (test signature only): a clean file
is accepted and served to its uploader alone, a file with the test signature is refused and
not stored, wrong types and oversized files are refused, and a file that waits unscanned
is never served until a scan finds it clean."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import func, select

from familjecentret.clamav import TEST_MARKER, LocalClamd
from familjecentret.devstack import free_port
from familjecentret.testing import Infra, Stack
from familjecentret.testing.attachments import ClamavMissing, forms_with, local_clamd
from fc_forms.adapters.virus_scan import ClamdScanner
from fc_forms.api.attachments import MULTIPART_OVERHEAD
from fc_forms.store.tables import attachments
from fc_forms.use_cases.attachments import rescan_pending_once
from fc_shared.db import create_engine, create_sessions

MAX_BYTES = 100_000
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
INFECTED_PDF = b"%PDF-1.4\n% " + TEST_MARKER + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="session")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalClamd]:
    try:
        with local_clamd(tmp_path_factory.mktemp("clamd")) as running:
            yield running
    except ClamavMissing as missing:
        if shutil.which("apt-get") is None:  # not Debian: nothing here can install it
            pytest.skip(str(missing))
        pytest.fail(str(missing))


@pytest_asyncio.fixture(scope="session")
async def scanned(infra: Infra, clamd: LocalClamd) -> AsyncIterator[Stack]:
    async with forms_with(
        infra, clamd_host="127.0.0.1", clamd_port=clamd.port, attachment_max_bytes=MAX_BYTES
    ) as stack:
        yield stack


@pytest_asyncio.fixture(scope="session")
async def unscanned(infra: Infra) -> AsyncIterator[Stack]:
    async with forms_with(infra, clamd_host="") as stack:
        yield stack


async def upload(
    stack: Stack, headers: dict[str, str], content: bytes, name: str = "letter.pdf"
) -> httpx.Response:
    files: dict[str, Any] = {"file": (name, content, "application/pdf")}
    return await stack.client.post(
        stack.url("forms", "/v1/attachments"), files=files, headers=headers
    )


async def read(stack: Stack, headers: dict[str, str], attachment_id: str) -> httpx.Response:
    return await stack.client.get(
        stack.url("forms", f"/v1/attachments/{attachment_id}"), headers=headers
    )


async def stored_with(stack: Stack, content: bytes) -> int:
    """How many rows hold a file with these bytes, read in the forms database itself."""
    engine = create_engine(stack.settings, "forms")
    try:
        async with create_sessions(engine)() as session:
            digest = hashlib.sha256(content).hexdigest()
            query = select(func.count()).where(attachments.c.sha256 == digest)
            return int(await session.scalar(query) or 0)
    finally:
        await engine.dispose()


async def test_a_clean_pdf_is_accepted_and_read_back_by_its_uploader(scanned: Stack) -> None:
    family = scanned.auth("guardian")

    created = await upload(scanned, family, PDF, name="../../intyg.pdf")

    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["status"], body["media_type"], body["size"]) == (
        "clean",
        "application/pdf",
        len(PDF),
    )
    assert body["filename"] == "intyg.pdf"
    served = await read(scanned, family, body["id"])
    assert served.status_code == 200, served.text
    assert served.content == PDF
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["x-content-type-options"] == "nosniff"


async def test_a_file_with_the_test_signature_is_refused_and_not_stored(scanned: Stack) -> None:
    refused = await upload(scanned, scanned.auth("guardian"), INFECTED_PDF)

    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "attachment_infected"
    assert await stored_with(scanned, INFECTED_PDF) == 0


async def test_the_type_is_judged_by_content_not_by_name_or_content_type(scanned: Stack) -> None:
    family = scanned.auth("guardian")

    text = await upload(scanned, family, b"just some text, called a PDF", name="x.pdf")
    png = await upload(scanned, family, PNG, name="photo.pdf")

    assert text.status_code == 422
    assert text.json()["code"] == "attachment_type_not_allowed"
    assert png.status_code == 201, png.text
    assert png.json()["media_type"] == "image/png"


async def test_a_file_over_the_limit_is_refused(scanned: Stack) -> None:
    family = scanned.auth("guardian")
    just_over = PDF + b"%" * (MAX_BYTES + 1 - len(PDF))

    over = await upload(scanned, family, just_over)

    assert over.status_code == 422
    assert (over.json()["code"], over.json()["limit"]) == ("attachment_too_large", MAX_BYTES)
    assert await stored_with(scanned, just_over) == 0
    exactly = await upload(scanned, family, PDF + b"%" * (MAX_BYTES - len(PDF)))
    assert exactly.status_code == 201, exactly.text


async def test_a_body_far_over_the_limit_is_refused_before_it_is_read(scanned: Stack) -> None:
    """The upload route's body limit is the file limit and room for the multipart envelope:
    a request declaring more is answered 413 before any of it is read."""
    address = urlsplit(scanned.url("forms", "/v1/attachments"))
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    head = [
        f"POST {address.path} HTTP/1.1",
        f"Host: {address.netloc}",
        f"Content-Length: {MAX_BYTES + MULTIPART_OVERHEAD + 1}",
        "Content-Type: multipart/form-data; boundary=x",
        *(f"{name}: {value}" for name, value in scanned.auth("guardian").items()),
    ]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
    try:
        status_line = await reader.readline()
    finally:
        writer.close()

    assert status_line.split()[1] == b"413"


async def test_nobody_but_the_uploader_reads_a_file(scanned: Stack) -> None:
    created = await upload(scanned, scanned.auth("guardian"), PDF)
    attachment_id = created.json()["id"]

    stranger = await read(scanned, scanned.auth("guardian"), attachment_id)
    professional = await read(scanned, scanned.auth("professional"), attachment_id)
    anonymous = await scanned.client.get(scanned.url("forms", f"/v1/attachments/{attachment_id}"))

    assert stranger.status_code == 404
    assert stranger.json()["code"] == "attachment_not_found"
    assert professional.status_code == 403
    assert anonymous.status_code == 401


async def test_without_a_scanner_an_upload_waits_and_is_never_served(unscanned: Stack) -> None:
    family = unscanned.auth("guardian")

    created = await upload(unscanned, family, PDF)

    assert created.status_code == 201, created.text
    assert created.json()["status"] == "pending"
    served = await read(unscanned, family, created.json()["id"])
    assert served.status_code == 409
    assert served.json()["code"] == "attachment_not_scanned"
    assert PDF not in served.content


async def test_a_pending_file_is_served_once_a_later_scan_finds_it_clean(
    unscanned: Stack, clamd: LocalClamd
) -> None:
    family = unscanned.auth("guardian")
    clean = (await upload(unscanned, family, PDF + b"% rescan\n")).json()["id"]
    infected = (await upload(unscanned, family, INFECTED_PDF)).json()["id"]

    engine = create_engine(unscanned.settings, "forms")
    try:
        async with create_sessions(engine)() as session, session.begin():
            await rescan_pending_once(session, ClamdScanner("127.0.0.1", clamd.port, 10))
    finally:
        await engine.dispose()

    assert (await read(unscanned, family, clean)).status_code == 200
    assert (await read(unscanned, family, infected)).status_code == 404
    assert await stored_with(unscanned, INFECTED_PDF) == 0


async def test_while_the_scanner_is_down_an_upload_waits_unscanned(infra: Infra) -> None:
    async with forms_with(infra, clamd_host="127.0.0.1", clamd_port=free_port()) as down:
        family = down.auth("guardian")
        created = await upload(down, family, PDF)

        assert created.status_code == 201, created.text
        assert created.json()["status"] == "pending"
        assert (await read(down, family, created.json()["id"])).status_code == 409
