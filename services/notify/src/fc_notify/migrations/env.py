"""Alembic environment of the notify service."""

from fc_notify.store.tables import metadata
from fc_shared.migrations import run_env

run_env(metadata)
