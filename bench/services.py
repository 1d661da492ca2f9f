"""Starting a service as its own process for a benchmark, as production runs it."""

from __future__ import annotations

import subprocess

from familjecentret.testing.processes import start_process
from fc_shared.settings import Settings


def start_service(service: str, settings: Settings, port: int) -> subprocess.Popen[bytes]:
    """`python -m fc_<service>` on `port`, on the benchmark's database and broker; quiet."""
    return start_process(
        service,
        settings,
        port,
        extra={"FC_DATABASE_POOL_SIZE": "40", "FC_LOG_LEVEL": "WARNING"},
    )
