"""The delivery-report route takes only reports signed with the shared secret, and hands the
outcome of each to the deliveries use case.

The route alone in an app of its own (no database): the use case is replaced by a recorder
here; the notify core's tests follow a report into the delivery row."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI

from fc_notify.api import sms_reports
from fc_notify.domain.channels import sign
from fc_notify.domain.deliveries import DeliveryStatus
from fc_notify.settings import NotifySettings
from fc_notify.use_cases import deliveries
from fc_shared.problems import install_problem_handlers

SECRET = "report-secret"
PATH = "/v1/sms/delivery-reports"


@dataclass
class FakeContext:
    """What the route uses of the service context: settings and a transaction."""

    settings: NotifySettings
    transactions: int = 0

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[object]:
        self.transactions += 1
        yield "session"


@dataclass
class Recorded:
    calls: list[dict[str, Any]] = field(default_factory=list)

    async def __call__(self, session: object, settings: object, **report: Any) -> None:
        self.calls.append({"session": session, **report})


def app_with_route(settings: NotifySettings) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(sms_reports.router)
    app.state.context = FakeContext(settings)
    return app


def build(*, secret: str = SECRET) -> FastAPI:
    return app_with_route(NotifySettings(sms_report_secret=secret))


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Recorded:
    recorder = Recorded()
    monkeypatch.setattr(deliveries, "record_sms_report", recorder)
    return recorder


async def post(app: FastAPI, body: bytes, signature: str | None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Signature"] = signature
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://notify") as client:
        return await client.post(PATH, content=body, headers=headers)


def report(reference: UUID, status: str = "delivered", **extra: str) -> bytes:
    return json.dumps(
        {"id": "gw-1", "reference": str(reference), "status": status, **extra}
    ).encode()


async def test_a_signed_report_is_recorded_with_its_outcome(recorded: Recorded) -> None:
    reference = uuid4()
    body = report(reference, "failed", error_code="absent_subscriber")

    response = await post(build(), body, sign(SECRET, body))

    assert response.status_code == 204
    assert recorded.calls == [
        {
            "session": "session",
            "provider_id": "gw-1",
            "reference": reference,
            "status": DeliveryStatus.FAILED_TEMPORARILY,
            "error_code": "absent_subscriber",
        }
    ]


@pytest.mark.parametrize(
    "signature", [None, "", "00" * 32, sign("another-secret", report(UUID(int=1)))]
)
async def test_a_report_without_the_gateways_signature_is_refused(
    recorded: Recorded, signature: str | None
) -> None:
    response = await post(build(), report(UUID(int=1)), signature)

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "invalid_signature"
    assert recorded.calls == []


async def test_without_a_secret_configured_every_report_is_refused(recorded: Recorded) -> None:
    body = report(uuid4())

    response = await post(build(secret=""), body, sign("", body))

    assert response.status_code == 401
    assert recorded.calls == []


async def test_the_signature_is_checked_before_the_body_is_read(recorded: Recorded) -> None:
    response = await post(build(), b"not json", "00")

    assert response.status_code == 401


async def test_a_signed_body_that_is_no_report_is_invalid(recorded: Recorded) -> None:
    body = json.dumps({"id": "gw-1", "reference": "not-a-uuid", "status": "delivered"}).encode()

    response = await post(build(), body, sign(SECRET, body))

    assert response.status_code == 422
    assert recorded.calls == []


async def test_a_report_of_a_message_on_its_way_changes_nothing(recorded: Recorded) -> None:
    app = build()
    body = report(uuid4(), "queued")

    response = await post(app, body, sign(SECRET, body))

    assert response.status_code == 204
    assert recorded.calls == []
    assert app.state.context.transactions == 0
