"""For the attachment tests: a local clamd with only the test signature, and the forms
service alone with settings of its own (a scanner or none, small limits)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from familjecentret.clamav import LocalClamd, ensure_clamav
from familjecentret.testing.stack import Infra, Stack, make_settings, prepare_databases, start_stack


class ClamavMissing(RuntimeError):
    """ClamAV is not installed and could not be installed here."""


@contextlib.contextmanager
def local_clamd(directory: Path) -> Iterator[LocalClamd]:
    """clamd on a free port with only the test signature; installed with apt-get first
    when it is missing and this runs as root (CI's machines start without it)."""
    missing = ensure_clamav()
    if missing:
        how = "apt-get install -y clamav clamav-daemon"
        if shutil.which("apt-get") is None:
            raise ClamavMissing(f"{', '.join(missing)} missing and no apt-get: install {how}")
        raise ClamavMissing(f"{', '.join(missing)} missing: run `{how}` as root")
    clamd = LocalClamd(directory)
    clamd.start()
    try:
        yield clamd
    finally:
        clamd.stop()


@contextlib.asynccontextmanager
async def forms_with(infra: Infra, **settings: Any) -> AsyncIterator[Stack]:
    """The forms service by itself, with databases and topics of its own and `settings`
    (e.g. clamd_host, attachment_max_bytes) over the test defaults."""
    own = make_settings(infra).model_copy(update=settings)
    await prepare_databases(own, ["forms"])
    async with start_stack(own, infra.smtp, ["forms"]) as stack:
        yield stack
