"""`familjecentret up`: the embedded stack and the four services as child processes."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from familjecentret.clamav import LocalClamd, missing_programs
from familjecentret.devstack import (
    EmbeddedPostgres,
    SmtpSink,
    Tansu,
    ensure_port_free,
    wait_for_port,
)
from familjecentret.operations import migrate_all, seed_reference_data
from familjecentret.services import SERVICES
from familjecentret.settings import StackSettings
from familjecentret.sms_sink import SmsSink
from fc_shared.devkeys import ensure_dev_keys

EMBEDDED_DATABASE_PORT = 55432
EMBEDDED_KAFKA_PORT = 19092
EMBEDDED_CLAMD_PORT = 13310
UNSCANNED = "attachments wait unscanned and are not served"


@dataclass
class Stack:
    settings: StackSettings
    embedded_database: bool
    embedded_kafka: bool
    embedded_smtp: bool
    embedded_sms: bool = False
    started: list[object] = field(default_factory=list)
    children: list[subprocess.Popen[bytes]] = field(default_factory=list)
    environment: dict[str, str] = field(default_factory=dict)  # for the services
    scanner: str = "none"
    clamd_port: int = EMBEDDED_CLAMD_PORT

    def check_ports(self) -> None:
        """Fail before touching anything when another `up` (or anything else) holds a port."""
        ports = [spec.default_port for spec in SERVICES]
        if self.embedded_kafka:
            ports.append(EMBEDDED_KAFKA_PORT)
        if self.embedded_smtp:
            ports.append(self.settings.smtp_port)
        if self.embedded_sms:
            ports.append(sms_sink_port(self.settings))
        for port in ports:
            ensure_port_free(port)

    def start_infrastructure(self) -> None:
        self.check_ports()
        data = self.settings.data_dir.resolve()
        data.mkdir(parents=True, exist_ok=True)
        if self.embedded_database:
            database = EmbeddedPostgres(data / "postgres", EMBEDDED_DATABASE_PORT)
            database.start()
            self.started.append(database)
        if self.embedded_kafka:
            broker = Tansu(EMBEDDED_KAFKA_PORT, log_path=data / "tansu.log")
            broker.start()
            self.started.append(broker)
        if self.embedded_smtp:
            sink = SmtpSink(self.settings.smtp_port, maildir=data / "mail")
            sink.start()
            self.started.append(sink)
        if self.embedded_sms:
            self.start_sms_sink()
        ensure_dev_keys(self.settings.dev_keys_dir)
        self.start_scanner()

    def start_sms_sink(self) -> None:
        """The local SMS gateway, with a token and a report secret for this run unless
        FC_SMS_GATEWAY_TOKEN and FC_SMS_REPORT_SECRET name them; notify gets the same."""
        settings = self.settings
        token = settings.sms_gateway_token.get_secret_value() or secrets.token_hex(16)
        secret = settings.sms_report_secret.get_secret_value() or secrets.token_hex(16)
        self.environment.update(FC_SMS_GATEWAY_TOKEN=token, FC_SMS_REPORT_SECRET=secret)
        sink = SmsSink(
            sms_sink_port(settings),
            token=token,
            report_secret=secret,
            log_path=settings.data_dir.resolve() / "sms.jsonl",
        )
        sink.start()
        self.started.append(sink)

    def start_scanner(self) -> None:
        """The virus scanner for the forms service's attachments: FC_CLAMD_HOST's when set,
        else a local clamd with only the test signature where ClamAV is installed, else none;
        says which at once."""
        settings = self.settings
        if settings.clamd_host:
            self.scanner = f"clamd at {settings.clamd_host}:{settings.clamd_port} (FC_CLAMD_HOST)"
        elif missing := missing_programs():
            self.scanner = f"none ({', '.join(missing)} not installed): {UNSCANNED}"
        else:
            clamd = LocalClamd(self.settings.data_dir.resolve() / "clamd", self.clamd_port)
            try:
                ensure_port_free(clamd.port)
                clamd.start()
            except RuntimeError as error:
                self.scanner = f"none (local clamd did not start: {error}): {UNSCANNED}"
            else:
                self.started.append(clamd)
                self.environment.update(FC_CLAMD_HOST="127.0.0.1", FC_CLAMD_PORT=str(clamd.port))
                self.scanner = clamd.description
        print(f"Virus scan: {self.scanner}", flush=True)

    def start_services(self) -> None:
        for spec in SERVICES:
            env = {**os.environ, **self.environment, "FC_HTTP_PORT": str(spec.default_port)}
            self.children.append(subprocess.Popen([sys.executable, "-m", spec.module], env=env))
        for spec in SERVICES:
            wait_for_port(spec.default_port, timeout=60)

    def stop(self) -> None:
        # A second Ctrl-C must not cut the shutdown short and leave servers behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for child in self.children:
            child.send_signal(signal.SIGTERM)  # uvicorn shuts down gracefully on SIGTERM
        for child in self.children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for part in reversed(self.started):
            part.stop()  # type: ignore[attr-defined]


def sms_gateway_is_local(settings: StackSettings) -> bool:
    """Whether FC_SMS_GATEWAY_URL is this machine's, so `up` runs the SMS sink there."""
    return urlsplit(settings.sms_gateway_url).hostname in ("127.0.0.1", "localhost")


def sms_sink_port(settings: StackSettings) -> int:
    return urlsplit(settings.sms_gateway_url).port or 80


def ready_report() -> dict[str, str]:
    report = {}
    for spec in SERVICES:
        url = f"http://127.0.0.1:{spec.default_port}/health/ready"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                report[spec.name] = "ready" if response.status == 200 else "not ready"
        except OSError:
            report[spec.name] = "not ready"
    return report


def run_stack(settings: StackSettings) -> None:
    """Start everything, print where it is, and stop it all on Ctrl-C."""
    default = StackSettings.model_fields
    stack = Stack(
        settings,
        embedded_database=settings.database_url == default["database_url"].default,
        embedded_kafka=(
            settings.kafka_bootstrap_servers == default["kafka_bootstrap_servers"].default
        ),
        embedded_smtp=settings.smtp_host in ("127.0.0.1", "localhost"),
        embedded_sms=sms_gateway_is_local(settings),
    )
    began = time.monotonic()
    try:
        stack.start_infrastructure()
        asyncio.run(migrate_all(settings))
        asyncio.run(seed_reference_data(settings))
        stack.start_services()
        deadline = time.monotonic() + 60
        report = ready_report()
        while set(report.values()) != {"ready"} and time.monotonic() < deadline:
            time.sleep(0.5)
            report = ready_report()
        _print_urls(settings, report, time.monotonic() - began, stack.scanner)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nStopping Familjecentret ...", flush=True)
        stack.stop()


def _print_urls(
    settings: StackSettings, report: dict[str, str], seconds: float, scanner: str
) -> None:
    database = urlsplit(settings.database_url)
    lines = [f"Familjecentret is up in {seconds:.1f} s. Ctrl-C stops everything.", ""]
    for spec in SERVICES:
        base = f"http://127.0.0.1:{spec.default_port}"
        lines.append(f"  {spec.name:<8} {base}/docs  {base}/asyncapi  ({report[spec.name]})")
    lines += [
        "",
        f"  PostgreSQL  {database.hostname}:{database.port}"
        f"  (databases {', '.join(spec.name for spec in SERVICES)})",
        f"  Kafka       {settings.kafka_bootstrap_servers}",
        f"  SMTP sink   {settings.smtp_host}:{settings.smtp_port}"
        f"  (mail kept in {settings.data_dir / 'mail'})",
        sms_banner_line(settings),
        f"  Virus scan  {scanner}",
        f"  Data        {settings.data_dir.resolve()}",
        "",
        "  Mint a token: .venv/bin/familjecentret token --role guardian",
    ]
    print("\n".join(lines), flush=True)


def sms_banner_line(settings: StackSettings) -> str:
    url = settings.sms_gateway_url
    if sms_gateway_is_local(settings):
        return f"  SMS sink    {url}  (messages kept in {settings.data_dir / 'sms.jsonl'})"
    return f"  SMS gateway {url}"
