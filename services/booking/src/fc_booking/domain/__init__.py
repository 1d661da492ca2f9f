"""Booking's rules and typed records, pure: no web framework, database or broker; the clock
is passed in, and a rule says no by raising `fc_shared.refusals.Refused`."""
