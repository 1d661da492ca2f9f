"""Network's HTTP routes, one module per concept: parse, authorise, call one use case, map
the answer."""
