"""Requests an attacker would send, over HTTP to the running services: each refused whole."""

from __future__ import annotations

import asyncio
import contextlib
import json
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import pytest

from familjecentret.services import SERVICES
from familjecentret.testing import Stack, future_slot, managed_room
from fc_shared.limits import DEFAULT_BODY_LIMIT

NIL = UUID(int=0)


async def send_while_reading(
    url: str, headers: dict[str, str], body: bytes
) -> tuple[int, dict[str, str], bytes]:
    """POST `body` on a raw connection, reading the answer while still sending.

    A server that refuses a body early answers and closes before the upload ends; an HTTP
    client that reads only after sending everything then sees a reset instead of the answer
    (browsers read as they send)."""
    address = urlsplit(url)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    head = [
        f"POST {address.path} HTTP/1.1",
        f"Host: {address.netloc}",
        f"Content-Length: {len(body)}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode())

    async def upload() -> None:
        with contextlib.suppress(ConnectionError):
            for start in range(0, len(body), 1 << 20):
                writer.write(body[start : start + (1 << 20)])
                await writer.drain()

    sending = asyncio.create_task(upload())
    try:
        status_line, *header_lines = (await reader.readuntil(b"\r\n\r\n")).decode().split("\r\n")
        answer = dict(line.lower().split(": ", 1) for line in header_lines if line)
        content = await reader.readexactly(int(answer["content-length"]))
    finally:
        sending.cancel()
        writer.close()
    return int(status_line.split()[1]), answer, content


async def test_a_ten_megabyte_booking_is_refused_with_413(stack: Stack) -> None:
    body = json.dumps({"slot_id": str(uuid4()), "note": "x" * 10_000_000}).encode()

    status, headers, content = await send_while_reading(
        stack.url("booking", "/v1/bookings"),
        {
            **stack.auth("guardian"),
            "content-type": "application/json",
            "Idempotency-Key": str(uuid4()),
        },
        body,
    )

    assert status == 413
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(content)["limit"] == DEFAULT_BODY_LIMIT


@pytest.mark.parametrize("service", [spec.name for spec in SERVICES])
async def test_every_service_limits_bodies(stack: Stack, service: str) -> None:
    status, _, _ = await send_while_reading(
        stack.url(service, "/v1/anything"),
        {**stack.auth("admin"), "content-type": "application/json"},
        b"[" + b"0," * DEFAULT_BODY_LIMIT + b"0]",
    )

    assert status == 413


async def test_the_nil_subject_edits_no_seeded_meeting_point(stack: Stack) -> None:
    points = (await stack.client.get(stack.url("network", "/v1/meeting-points"))).json()
    seeded = points[0]
    nil_token = stack.auth("coordinator", "admin", subject=NIL)

    edit = await stack.client.patch(
        stack.url("network", f"/v1/meeting-points/{seeded['id']}"),
        headers={**nil_token, "If-Match": '"0"'},
        json={"name": "Taken over"},
    )
    opened = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        headers=nil_token,
        json={"municipality_code": "905", "name": "Nobody's", "address": "Storgatan 1"},
    )

    assert (edit.status_code, opened.status_code) == (401, 401)
    assert "reserved" in edit.json()["detail"]
    after = (await stack.client.get(stack.url("network", "/v1/meeting-points"))).json()
    assert next(p for p in after if p["id"] == seeded["id"])["name"] == seeded["name"]


async def test_a_racing_update_must_name_the_version_it_changes_not_any(stack: Stack) -> None:
    room, coordinator = await managed_room(stack)
    slot = await future_slot(stack, room["id"], capacity=2, headers=coordinator)
    url = stack.url("booking", f"/v1/slots/{slot['id']}/capacity")

    any_version = await stack.client.put(
        url, json={"capacity": 3}, headers={**coordinator, "If-Match": "*"}
    )
    read = await stack.client.get(stack.url("booking", f"/v1/slots/{slot['id']}"))
    this_version = await stack.client.put(
        url, json={"capacity": 3}, headers={**coordinator, "If-Match": read.headers["ETag"]}
    )

    assert any_version.status_code == 428
    assert this_version.status_code == 200, this_version.text


async def test_a_route_that_needs_a_larger_body_takes_what_its_model_allows(stack: Stack) -> None:
    # The longest advice article the model allows, every ä escaped as a client may send it.
    body = "ä" * 20_000
    article = {
        "topic": "parenting",
        "age_min": 0,
        "age_max": 17,
        "texts": {language: {"title": "Råd", "body": body} for language in ("sv", "fi", "en")},
    }
    encoded = json.dumps(article, ensure_ascii=True).encode()
    assert len(encoded) > 5 * DEFAULT_BODY_LIMIT

    written = await stack.client.post(
        stack.url("network", "/v1/advice"),
        content=encoded,
        headers={**stack.auth("admin"), "content-type": "application/json"},
    )

    assert written.status_code == 201, written.text
