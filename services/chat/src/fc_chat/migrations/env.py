"""Alembic environment of the chat service."""

from fc_chat.store.tables import metadata
from fc_shared.migrations import run_env

run_env(metadata)
