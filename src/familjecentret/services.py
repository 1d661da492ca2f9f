"""The five services, as the command line and the tests see them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI

import fc_booking
import fc_chat
import fc_forms
import fc_network
import fc_notify
from fc_booking.app import create_app as create_booking
from fc_chat.app import create_app as create_chat
from fc_forms.app import create_app as create_forms
from fc_network.app import create_app as create_network
from fc_notify.app import create_app as create_notify
from fc_shared.settings import Settings


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    name: str
    module: str
    default_port: int
    migrations_dir: Path
    create_app: Callable[[Settings], FastAPI]


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        "network", "fc_network", fc_network.DEFAULT_PORT, fc_network.MIGRATIONS_DIR, create_network
    ),
    ServiceSpec(
        "booking", "fc_booking", fc_booking.DEFAULT_PORT, fc_booking.MIGRATIONS_DIR, create_booking
    ),
    ServiceSpec("forms", "fc_forms", fc_forms.DEFAULT_PORT, fc_forms.MIGRATIONS_DIR, create_forms),
    ServiceSpec(
        "notify", "fc_notify", fc_notify.DEFAULT_PORT, fc_notify.MIGRATIONS_DIR, create_notify
    ),
    ServiceSpec("chat", "fc_chat", fc_chat.DEFAULT_PORT, fc_chat.MIGRATIONS_DIR, create_chat),
)
