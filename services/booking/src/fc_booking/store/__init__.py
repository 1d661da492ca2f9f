"""Booking's SQL, per concept, returning typed records (frozen dataclasses from `domain`)."""
