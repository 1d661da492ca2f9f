"""The SMS adapter against the development gateway over TCP: a message is kept by the sink
and its delivery report comes back, signed, to notify's report route; each way the gateway
can refuse becomes the error the dispatcher acts on.

The report route runs in an app of its own with the deliveries use case replaced by a
recorder (no database); the notify core's tests follow a report into the delivery row."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI

from familjecentret.devstack import free_port
from familjecentret.sms_sink import SmsSink
from familjecentret.testing import eventually, serve
from fc_notify.adapters.sms import SmsGateway
from fc_notify.api import sms_reports
from fc_notify.domain.channels import (
    ChannelUnavailable,
    RecipientRefused,
    SmsOutcome,
    TemporaryRefusal,
)
from fc_notify.settings import NotifySettings
from fc_notify.use_cases import deliveries
from fc_shared.problems import install_problem_handlers

pytestmark = pytest.mark.service  # HTTP over loopback, no database or broker

TOKEN = "gateway-token"
SECRET = "report-secret"
ANNA = "+358401234567"


@dataclass
class Receiver:
    """Notify's report route, served; what reached the use case."""

    url: str
    reports: list[dict[str, Any]] = field(default_factory=list)

    async def record(self, session: object, settings: object, **report: Any) -> None:
        self.reports.append(report)


@dataclass
class FakeContext:
    settings: NotifySettings

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[object]:
        yield "session"


@pytest.fixture
def sink(tmp_path: Path) -> Iterator[SmsSink]:
    sink = SmsSink(free_port(), token=TOKEN, report_secret=SECRET, log_path=tmp_path / "sms.jsonl")
    sink.start()
    yield sink
    sink.stop()


@pytest_asyncio.fixture
async def receiver(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Receiver]:
    port = free_port()
    receiver = Receiver(f"http://127.0.0.1:{port}")
    monkeypatch.setattr(deliveries, "record_sms_report", receiver.record)
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(sms_reports.router)
    app.state.context = FakeContext(NotifySettings(sms_report_secret=SECRET))
    server, task = await serve(app, port)
    yield receiver
    server.should_exit = True
    await task


@pytest_asyncio.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def gateway(
    client: httpx.AsyncClient, url: str, *, token: str = TOKEN, callback: str = "", **extra: Any
) -> SmsGateway:
    settings = NotifySettings(
        sms_gateway_url=url,
        sms_gateway_token=token,
        sms_sender="Familjecntr",
        notify_public_url=callback or "http://127.0.0.1:9",
    )
    return SmsGateway(settings, client, **extra)


async def test_a_message_is_kept_and_its_delivery_is_reported_back_signed(
    sink: SmsSink, receiver: Receiver, client: httpx.AsyncClient
) -> None:
    reference = uuid4()

    message_id = await gateway(client, sink.url, callback=receiver.url).send(
        ANNA, "Din tid är bokad.", str(reference)
    )

    (kept,) = sink.messages
    assert (kept.id, kept.to, kept.sender, kept.text) == (
        message_id,
        ANNA,
        "Familjecntr",
        "Din tid är bokad.",
    )
    assert kept.reference == str(reference)
    assert kept.status_callback == f"{receiver.url}/v1/sms/delivery-reports"
    assert sink.log_path is not None
    (line,) = sink.log_path.read_text(encoding="utf-8").splitlines()
    assert json.loads(line) == {**asdict(kept)}
    reports = await eventually(lambda: _reports(receiver, reference), timeout=10, what="the report")
    assert reports == [
        {
            "provider_id": message_id,
            "reference": reference,
            "status": SmsOutcome.DELIVERED,
            "error_code": None,
        }
    ]
    assert [report.answer for report in sink.reports] == [204]


async def test_sending_a_reference_again_sends_the_message_once(
    sink: SmsSink, client: httpx.AsyncClient
) -> None:
    sms = gateway(client, sink.url)
    reference = str(uuid4())

    first = await sms.send(ANNA, "Hej", reference)
    again = await sms.send(ANNA, "Hej", reference)

    assert again == first
    assert len(sink.messages) == 1


@pytest.mark.parametrize(
    ("status", "error_code", "outcome"),
    [
        ("failed", None, SmsOutcome.FAILED_PERMANENTLY),
        ("failed", "absent_subscriber", SmsOutcome.FAILED_TEMPORARILY),
        ("expired", None, SmsOutcome.FAILED_TEMPORARILY),
    ],
)
async def test_a_failed_delivery_is_reported_back_as_failed(
    sink: SmsSink,
    receiver: Receiver,
    client: httpx.AsyncClient,
    status: str,
    error_code: str | None,
    outcome: SmsOutcome,
) -> None:
    sink.report_failure(ANNA, status, error_code)
    reference = uuid4()

    await gateway(client, sink.url, callback=receiver.url).send(ANNA, "Hej", str(reference))

    (report,) = await eventually(
        lambda: _reports(receiver, reference), timeout=10, what="the report"
    )
    assert (report["status"], report["error_code"]) == (outcome, error_code)


async def test_an_unavailable_gateway_pauses_the_channel(
    sink: SmsSink, client: httpx.AsyncClient
) -> None:
    with sink.unavailable(), pytest.raises(ChannelUnavailable) as refusal:
        await gateway(client, sink.url).send(ANNA, "Hej", str(uuid4()))

    assert refusal.value.reason == "gateway answered 503 unavailable"
    assert sink.messages == []


async def test_a_number_the_gateway_refuses_is_refused_for_good(
    sink: SmsSink, client: httpx.AsyncClient
) -> None:
    sink.refuse(ANNA)

    with pytest.raises(RecipientRefused) as refusal:
        await gateway(client, sink.url).send(ANNA, "Hej", str(uuid4()))

    assert refusal.value.reason == "gateway answered 400 invalid_number"
    assert ANNA not in str(refusal.value)


async def test_another_refusal_of_one_message_is_tried_again_later(
    sink: SmsSink, client: httpx.AsyncClient
) -> None:
    sink.refuse(ANNA, error="duplicate_text")

    with pytest.raises(TemporaryRefusal):
        await gateway(client, sink.url).send(ANNA, "Hej", str(uuid4()))


async def test_a_token_the_gateway_refuses_pauses_the_channel(
    sink: SmsSink, client: httpx.AsyncClient
) -> None:
    with pytest.raises(ChannelUnavailable) as refusal:
        await gateway(client, sink.url, token="wrong").send(ANNA, "Hej", str(uuid4()))

    assert refusal.value.reason == "gateway answered 401 unauthorized"
    assert sink.messages == []


async def test_a_gateway_nobody_listens_on_pauses_the_channel(client: httpx.AsyncClient) -> None:
    with pytest.raises(ChannelUnavailable) as refusal:
        await gateway(client, f"http://127.0.0.1:{free_port()}").send(ANNA, "Hej", "r")

    assert refusal.value.reason == "gateway unreachable: ConnectError"


async def test_a_gateway_that_never_answers_pauses_the_channel(client: httpx.AsyncClient) -> None:
    with socket.socket() as silent:  # listens, never accepts: the request waits
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"

        with pytest.raises(ChannelUnavailable) as refusal:
            await gateway(client, url, timeout=0.2).send(ANNA, "Hej", "r")

    assert refusal.value.reason == "gateway timed out: ReadTimeout"


async def _reports(receiver: Receiver, reference: UUID) -> list[dict[str, Any]]:
    # The route is patched in the whole process: a report meant for another test's notify
    # (the session's, still running) may reach this receiver too. Only this message's count.
    return [report for report in receiver.reports if report["reference"] == reference]
