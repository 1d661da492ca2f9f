"""Starting a service as its own process for a benchmark, as production runs it."""

from __future__ import annotations

import os
import subprocess
import sys

from fc_shared.settings import Settings


def start_service(service: str, settings: Settings, port: int) -> subprocess.Popen[bytes]:
    """`python -m fc_<service>` on `port`, on the benchmark's database and broker; quiet."""
    env = {
        **os.environ,
        "FC_DATABASE_URL": settings.database_url,
        "FC_DATABASE_NAME_PREFIX": settings.database_name_prefix,
        "FC_KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
        "FC_DATA_DIR": str(settings.data_dir),
        "FC_HTTP_PORT": str(port),
        "FC_DATABASE_POOL_SIZE": "40",
        "FC_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", f"fc_{service}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
