"""Booking service: bookable resources, slots and bookings, no double booking."""

from pathlib import Path

SERVICE = "booking"
DEFAULT_PORT = 8002
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
