"""Familjecentret's command line: run the embedded stack, migrate, seed, mint tokens."""
