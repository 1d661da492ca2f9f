"""Alembic environment of the booking service."""

from fc_booking.store.tables import metadata
from fc_shared.migrations import run_env

run_env(metadata)
