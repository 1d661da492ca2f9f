"""A service as its own operating-system process, as production runs it: for a test that
kills it mid-work (SIGKILL leaves no `finally` to run) and for benchmarks, where the load
must not share the service's event loop."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

from pydantic import SecretStr

from fc_shared.settings import Settings


def environment_of(settings: Settings) -> dict[str, str]:
    """`settings` as the FC_* variables a service process reads them from."""
    environment = {}
    for name, value in settings.model_dump(mode="json").items():
        raw = getattr(settings, name)
        if isinstance(raw, SecretStr):
            value = raw.get_secret_value()  # the dump shows only asterisks
        if value is not None:
            text = value if isinstance(value, str) else json.dumps(value)
            environment[f"FC_{name.upper()}"] = text
    return environment


def start_process(
    service: str,
    settings: Settings,
    port: int,
    *,
    log_path: Path | None = None,
    extra: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """`python -m fc_<service>` on `port` with `settings`, and `extra` variables on top;
    its log lines go to `log_path`, or nowhere."""
    environment = {
        **os.environ,
        **environment_of(settings),
        "FC_HTTP_PORT": str(port),
        **(extra or {}),
    }
    with contextlib.ExitStack() as files:
        log = files.enter_context(log_path.open("ab")) if log_path else subprocess.DEVNULL
        # The child has its own copy of the log file once started; ours closes.
        return subprocess.Popen(
            [sys.executable, "-m", f"fc_{service}"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
