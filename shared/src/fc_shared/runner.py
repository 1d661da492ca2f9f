"""Running one service as a process: `python -m fc_<service>`."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from fc_shared.settings import Settings


def run_service(create_app: Callable[[Settings], FastAPI], default_port: int) -> None:
    settings = Settings()
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port or default_port,
        log_config=None,  # our structlog JSON lines, not uvicorn's own format
        access_log=False,
    )
