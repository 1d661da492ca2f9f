"""`familjecentret up` says at start which virus scanner forms' attachments get: a local
clamd with only the test signature where ClamAV is installed, one named by FC_CLAMD_HOST,
or none."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from familjecentret.clamav import TEST_MARKER, ensure_clamav
from familjecentret.devstack import free_port
from familjecentret.settings import StackSettings
from familjecentret.stack import Stack
from fc_forms.adapters.virus_scan import ClamdScanner
from fc_forms.domain.attachments import Verdict

pytestmark = pytest.mark.service  # starts clamd


def stack_for(tmp_path: Path, **settings: object) -> Stack:
    own = StackSettings(data_dir=tmp_path, **settings)  # type: ignore[arg-type]
    return Stack(own, False, False, False, clamd_port=free_port())


def test_up_starts_a_local_clamd_with_the_test_signature_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ensure_clamav() == [], "apt-get install -y clamav clamav-daemon"
    stack = stack_for(tmp_path, clamd_host="")
    try:
        stack.start_scanner()
        scanner = ClamdScanner("127.0.0.1", int(stack.environment["FC_CLAMD_PORT"]), 10)
        verdicts = [
            asyncio.run(scanner.scan(content)) for content in (b"%PDF-1.4", b"x" + TEST_MARKER)
        ]
    finally:
        stack.stop()

    line = capsys.readouterr().out.splitlines()[0]
    assert line == f"Virus scan: clamd 127.0.0.1:{stack.clamd_port} (test signature " + (
        "Familjecentret.Test.Marker only)"
    )
    assert stack.environment["FC_CLAMD_HOST"] == "127.0.0.1"
    assert verdicts == [Verdict.CLEAN, Verdict.INFECTED]


def test_up_uses_the_clamd_fc_clamd_host_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stack = stack_for(tmp_path, clamd_host="clamav.example", clamd_port=3310)

    stack.start_scanner()

    assert capsys.readouterr().out.strip() == (
        "Virus scan: clamd at clamav.example:3310 (FC_CLAMD_HOST)"
    )
    assert stack.environment == {}
    assert stack.started == []


def test_without_clamav_up_says_uploads_wait_unscanned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("familjecentret.stack.missing_programs", lambda: ["clamd"])
    stack = stack_for(tmp_path, clamd_host="")

    stack.start_scanner()

    assert capsys.readouterr().out.strip() == (
        "Virus scan: none (clamd not installed): attachments wait unscanned and are not served"
    )
    assert stack.environment == {}
