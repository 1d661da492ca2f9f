"""Notify service: contact points, in-app inbox and e-mail delivery."""

from pathlib import Path

SERVICE = "notify"
DEFAULT_PORT = 8004
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
