"""A local ClamAV daemon that knows one test signature, for `familjecentret up` and the tests.

ClamAV's signature database cannot be downloaded here, so this clamd loads only a body
signature (`.ndb`, made by `sigtool --hex-dump`) for TEST_MARKER: any file that contains
the marker is "infected", every other file is clean. Production runs the `clamav`
container with its signature updates instead (docker-compose.yml).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from familjecentret.devstack import free_port

TEST_MARKER = b"FAMILJECENTRET-CLAMAV-TEST-SIGNATURE-7f3a9c"
SIGNATURE_NAME = "Familjecentret.Test.Marker"
PROGRAMS = ("clamd", "sigtool")
INSTALL = ["apt-get", "install", "-y", "--no-install-recommends", "clamav", "clamav-daemon"]


def missing_programs() -> list[str]:
    """The ClamAV programs this machine lacks (Debian: packages clamav, clamav-daemon)."""
    return [program for program in PROGRAMS if _program(program) is None]


def _program(name: str) -> str | None:
    # clamd lives in /usr/sbin, which is not on every user's PATH.
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")


def ensure_clamav() -> list[str]:
    """Install ClamAV with apt-get when it is missing and this is root on Debian; what is
    still missing afterwards (nothing when it worked)."""
    if not missing_programs() or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return missing_programs()
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(INSTALL, env=env, capture_output=True, check=False).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, check=False)
        subprocess.run(INSTALL, env=env, capture_output=True, check=False)
    return missing_programs()


class LocalClamd:
    """clamd in the foreground on 127.0.0.1:`port`, its database only the test signature."""

    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.directory = directory
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def description(self) -> str:
        return f"clamd 127.0.0.1:{self.port} (test signature {SIGNATURE_NAME} only)"

    def start(self, timeout: float = 60) -> None:
        clamd = _program("clamd")
        if clamd is None:
            raise RuntimeError("clamd is missing: apt-get install -y clamav clamav-daemon")
        config = self._write_files()
        log = (self.directory / "clamd.out").open("ab")
        self.process = subprocess.Popen(
            [clamd, "--foreground", f"--config-file={config}"], stdout=log, stderr=log
        )
        log.close()
        deadline = time.monotonic() + timeout
        while not self.answers_ping():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                output = (self.directory / "clamd.out").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"clamd did not start on port {self.port}:\n{output}")
            time.sleep(0.1)

    def _write_files(self) -> Path:
        database = self.directory / "database"
        database.mkdir(parents=True, exist_ok=True)
        (database / "familjecentret-test.ndb").write_text(f"{test_signature()}\n")
        config = self.directory / "clamd.conf"
        config.write_text(
            "\n".join(
                [
                    "Foreground yes",
                    f"DatabaseDirectory {database}",
                    "TCPAddr 127.0.0.1",
                    f"TCPSocket {self.port}",
                    f"LogFile {self.directory / 'clamd.log'}",
                    "StreamMaxLength 64M",
                    "MaxThreads 4",
                    "",
                ]
            )
        )
        return config

    def answers_ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"nPING\n")
                return connection.recv(16).strip() == b"PONG"
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def test_signature() -> str:
    """The `.ndb` line for TEST_MARKER anywhere in any file, its hex made by sigtool."""
    sigtool = _program("sigtool")
    if sigtool is None:
        raise RuntimeError("sigtool is missing: apt-get install -y clamav")
    hex_dump = (
        subprocess.run([sigtool, "--hex-dump"], input=TEST_MARKER, capture_output=True, check=True)
        .stdout.decode()
        .strip()
    )
    return f"{SIGNATURE_NAME}:0:*:{hex_dump}"
