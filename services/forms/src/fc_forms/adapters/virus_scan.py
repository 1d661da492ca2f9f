"""The virus scanner: ClamAV's daemon (clamd), spoken to over TCP by aioclamd.

Every attachment is streamed to clamd (INSTREAM) before it is accepted. Without a scanner
(FC_CLAMD_HOST empty), or while clamd cannot be reached, an upload waits unscanned: it is
kept as pending and never served until a later scan finds it clean.
"""

from __future__ import annotations

import io
from typing import Protocol

import structlog
from aioclamd import ClamdAsyncClient, ClamdError  # type: ignore[import-untyped]

from fc_forms.domain.attachments import Verdict
from fc_forms.settings import FormsSettings

log = structlog.get_logger(__name__)


class ScannerUnavailable(Exception):
    """The scanner could not give a verdict (down, timed out, the file over its limit)."""


class VirusScanner(Protocol):
    description: str  # for the logs and `familjecentret up`: which scanner this is

    async def scan(self, content: bytes) -> Verdict:
        """The verdict on one file; ScannerUnavailable when there is none."""


class ClamdScanner:
    """clamd at host:port; each scan is its own connection (clamd's INSTREAM protocol)."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.client = ClamdAsyncClient(host, port, timeout=timeout)
        self.description = f"clamd at {host}:{port}"

    async def scan(self, content: bytes) -> Verdict:
        try:
            result = await self.client.instream(io.BytesIO(content))
        except (ClamdError, OSError) as error:
            log.warning("virus scan failed", scanner=self.description, error=type(error).__name__)
            raise ScannerUnavailable(self.description) from error
        status, signature = next(iter(result.values()))
        if status == "FOUND":
            # The signature's name says which test or malware matched; no personal data.
            log.warning("attachment infected", signature=signature)
            return Verdict.INFECTED
        if status == "OK":
            return Verdict.CLEAN
        raise ScannerUnavailable(f"{self.description} answered {status}")

    async def ping(self) -> bool:
        try:
            return bool(await self.client.ping() == "PONG")
        except (ClamdError, OSError):
            return False


def scanner_for(settings: FormsSettings) -> ClamdScanner | None:
    """The scanner the settings name, or None when they name none (FC_CLAMD_HOST empty)."""
    if not settings.clamd_host:
        return None
    return ClamdScanner(settings.clamd_host, settings.clamd_port, settings.clamd_timeout_seconds)
