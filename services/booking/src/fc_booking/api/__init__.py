"""Booking's HTTP routes per concept: parse, authorise, call one use case, map the answer."""
