"""The forms service's HTTP routes, one module per concept; bodies in schemas.py."""
