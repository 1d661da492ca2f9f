"""What the benchmarks share: pgbench run against a service's own database (this machine's
limit, the measure each benchmark is a ratio of) and percentiles of latency samples."""

from __future__ import annotations

import subprocess
from pathlib import Path

from familjecentret.devstack import EmbeddedPostgres
from fc_shared.settings import Settings


def percentile(samples: list[float], share: float) -> float:
    return sorted(samples)[min(len(samples) - 1, int(len(samples) * share))]


def run_pgbench(settings: Settings, service: str, data: Path, script: Path, *options: str) -> str:
    """pgbench's report of `script` run against the service's database, with `options`
    (clients, threads, duration)."""
    url = settings.service_database_url(service)
    pgbench = EmbeddedPostgres(data / "unused", 0).pgbench_path()
    done = subprocess.run(
        [
            str(pgbench),
            "-n",
            *options,
            "-f",
            str(script),
            "-h",
            url.host or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            url.username or "postgres",
            url.database or service,
        ],
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:  # say why: pgbench's own message, e.g. a script error
        raise RuntimeError(f"pgbench failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def reported(output: str, prefix: str) -> float:
    """The number on the line of pgbench's report that starts with `prefix`."""
    line = next(line for line in output.splitlines() if line.startswith(prefix))
    return float(line.split("=")[1].split()[0])
