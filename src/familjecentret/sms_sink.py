"""The development SMS gateway: speaks the gateway protocol (fc_notify.domain.channels),
keeps every message instead of sending it, and reports each one back as the real gateway
would, so `familjecentret up` and the tests exercise the whole round trip.

Used by `familjecentret up`, `familjecentret sms-sink` (docker compose) and the tests;
nothing here runs in production. The standard library's threading HTTP server, so the
sink needs no dependency and runs beside any event loop, like the SMTP sink.
"""

from __future__ import annotations

import contextlib
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from familjecentret.devstack import ensure_port_free
from fc_notify.domain.channels import SIGNATURE_HEADER, sign

_FIELDS = ("to", "from", "text", "reference", "status_callback")


@dataclass(frozen=True, slots=True)
class SmsMessage:
    """A message as the gateway received it."""

    id: str
    to: str
    sender: str
    text: str
    reference: str
    status_callback: str
    received_at: str


@dataclass(frozen=True, slots=True)
class SentReport:
    """A delivery report the sink sent: to which message, what it said, and the callback's
    answer (its HTTP status, or the error that kept it from answering)."""

    message_id: str
    status: str
    answer: int | str


class SmsSink:
    """A local HTTP SMS gateway keeping every message in memory and in a JSON-lines file.

    For tests it can be told to refuse: `unavailable()` answers 503 to everything,
    `refuse(number)` refuses a number as invalid, `report_failure(number)` takes the
    message and then reports it failed."""

    def __init__(
        self,
        port: int,
        *,
        host: str = "127.0.0.1",
        token: str = "",
        report_secret: str = "",
        log_path: Path | None = None,
    ) -> None:
        self.port = port
        self.host = host
        self.token = token
        self.report_secret = report_secret
        self.log_path = log_path
        self._messages: list[SmsMessage] = []
        self._reports: list[SentReport] = []
        self._by_reference: dict[str, str] = {}
        self._refused: dict[str, str] = {}
        self._failing: dict[str, tuple[str, str | None]] = {}
        self._unavailable = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        ensure_port_free(self.port)
        self._server = ThreadingHTTPServer((self.host, self.port), _Handler)
        self._server.sink = self  # type: ignore[attr-defined]
        # A short poll, so stop() returns at once rather than after half a second.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="sms-sink", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def messages(self) -> list[SmsMessage]:
        with self._lock:
            return list(self._messages)

    @property
    def reports(self) -> list[SentReport]:
        with self._lock:
            return list(self._reports)

    def refuse(self, number: str, error: str = "invalid_number") -> None:
        """Answer 400 `error` for every message to `number` (E.164)."""
        with self._lock:
            self._refused[number] = error

    def report_failure(
        self, number: str, status: str = "failed", error_code: str | None = None
    ) -> None:
        """Take messages to `number`, then report them `status` instead of delivered."""
        with self._lock:
            self._failing[number] = (status, error_code)

    @contextlib.contextmanager
    def unavailable(self) -> Iterator[None]:
        """Answer 503 to every message while inside."""
        with self._lock:
            self._unavailable += 1
        try:
            yield
        finally:
            with self._lock:
                self._unavailable -= 1

    def receive(self, authorization: str | None, body: Any) -> tuple[int, dict[str, str]]:
        """The gateway's answer to one POST /messages: status and JSON body."""
        with self._lock:
            if self._unavailable:
                return 503, {"error": "unavailable"}
            if self.token and authorization != f"Bearer {self.token}":
                return 401, {"error": "unauthorized"}
            if not isinstance(body, dict) or not all(
                isinstance(body.get(name), str) and body[name] for name in _FIELDS
            ):
                return 400, {"error": "bad_request", "detail": f"needs {', '.join(_FIELDS)}"}
            if body["to"] in self._refused:
                return 400, {"error": self._refused[body["to"]]}
            if body["reference"] in self._by_reference:
                return 200, {"id": self._by_reference[body["reference"]]}
            message = SmsMessage(
                id=f"sink-{uuid.uuid4().hex}",
                to=body["to"],
                sender=body["from"],
                text=body["text"],
                reference=body["reference"],
                status_callback=body["status_callback"],
                received_at=datetime.now(UTC).isoformat(),
            )
            self._keep(message)
            return 201, {"id": message.id}

    def _keep(self, message: SmsMessage) -> None:
        self._messages.append(message)
        self._by_reference[message.reference] = message.id
        if self.log_path is not None:
            with self.log_path.open("a", encoding="utf-8") as log:
                log.write(json.dumps(asdict(message), ensure_ascii=False) + "\n")

    def send_report(self, message_id: str) -> None:
        """Report what became of a message to its status callback, signed."""
        with self._lock:
            (message,) = [kept for kept in self._messages if kept.id == message_id]
            status, error_code = self._failing.get(message.to, ("delivered", None))
        report = {"id": message.id, "reference": message.reference, "status": status}
        if error_code is not None:
            report["error_code"] = error_code
        body = json.dumps(report).encode()
        headers = {"Content-Type": "application/json"}
        headers[SIGNATURE_HEADER] = sign(self.report_secret, body)
        answer: int | str
        try:
            answer = httpx.post(
                message.status_callback, content=body, headers=headers, timeout=10
            ).status_code
        except httpx.HTTPError as error:
            answer = type(error).__name__
        with self._lock:
            self._reports.append(SentReport(message.id, status, answer))


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def do_POST(self) -> None:
        sink: SmsSink = self.server.sink  # type: ignore[attr-defined]
        if self.path.rstrip("/") != "/messages":
            self._answer(404, {"error": "not_found"})
            return
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        status, answer = sink.receive(self.headers.get("Authorization"), body)
        self._answer(status, answer)
        if status == 201:
            # After the answer, as a gateway reports once the operator has delivered.
            sink.send_report(answer["id"])

    def _answer(self, status: int, body: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the default prints every request to stderr."""
