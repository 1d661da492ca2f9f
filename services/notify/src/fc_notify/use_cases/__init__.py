"""What the notify service's routes and handlers call: each takes a session and keyword
inputs, applies the rules of domain/ and calls store/."""
