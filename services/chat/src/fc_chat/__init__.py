"""Chat service: queues with office hours and capacity, conversations between a family
member or an anonymous youth and an on-duty professional, live delivery over server-sent
events, transfers, transcripts and retention."""

from pathlib import Path

SERVICE = "chat"
DEFAULT_PORT = 8005
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
