"""What the forms service's routes call: each takes a session and keyword inputs, applies
the rules of domain/, calls store/, and stages events (the only place that does)."""
