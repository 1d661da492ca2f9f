"""Network's use cases, one module per concept: take a session and keyword inputs, apply the
rules (domain/), call the store, stage events (the only place that calls
fc_shared.outbox.add_event) and return typed records."""
