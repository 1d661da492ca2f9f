"""Starting a service as its own process for a benchmark, as production runs it, and the
CPU time it, the load and the benchmark's database server spent."""

from __future__ import annotations

import subprocess
from pathlib import Path

import psutil

from familjecentret.testing.processes import start_process
from fc_shared.settings import Settings


def start_service(
    service: str, settings: Settings, port: int, *, extra: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """`python -m fc_<service>` on `port`, on the benchmark's database and broker; quiet;
    `extra` variables on top (a service's own settings, e.g. a limit the bench must raise)."""
    return start_process(
        service,
        settings,
        port,
        extra={"FC_DATABASE_POOL_SIZE": "40", "FC_LOG_LEVEL": "WARNING", **(extra or {})},
    )


def cpu_seconds(service_pids: list[int], data: Path) -> dict[str, float]:
    """CPU time used so far by the service's processes, by this process (the load) and by
    the benchmark's own PostgreSQL server in `data`: its postmaster, the backends it has
    reaped and those still running. Other servers on a shared machine are not counted; an
    external one (FC_TEST_DATABASE_URL) is left out."""

    def used(process: psutil.Process, *, reaped: bool = False) -> float:
        times = process.cpu_times()
        spent = times.user + times.system
        return float(spent + (times.children_user + times.children_system if reaped else 0))

    found = {
        "service": sum(used(psutil.Process(pid)) for pid in service_pids),
        "load generator": used(psutil.Process()),
    }
    pid_file = data / "postgres" / "postmaster.pid"
    if pid_file.exists():
        postmaster = psutil.Process(int(pid_file.read_text().split()[0]))
        found["PostgreSQL"] = used(postmaster, reaped=True) + sum(
            used(backend) for backend in postmaster.children()
        )
    return found
