"""Booking's use cases: each takes a session and keyword inputs, calls the rules and the store,
stages the events (the only place that does), and returns typed records."""
