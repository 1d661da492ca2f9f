"""Network service: municipalities, meeting points and referrals of the family centre."""

from pathlib import Path

SERVICE = "network"
DEFAULT_PORT = 8001
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
