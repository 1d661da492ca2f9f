"""Alembic environment of the network service."""

from fc_network.store.tables import metadata
from fc_shared.migrations import run_env

run_env(metadata)
