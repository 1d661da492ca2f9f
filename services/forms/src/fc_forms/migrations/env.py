"""Alembic environment of the forms service."""

from fc_forms.store.tables import metadata
from fc_shared.migrations import run_env

run_env(metadata)
