"""Forms service: e-form definitions and the submissions families send."""

from pathlib import Path

SERVICE = "forms"
DEFAULT_PORT = 8003
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
