"""Network's rules and typed records, one module per concept: no web framework, database or
broker; the clock is passed in; a rule says no by raising fc_shared.refusals.Refused."""
