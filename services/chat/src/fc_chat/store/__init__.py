"""The chat service's SQL, one module per concept; tables.py holds the tables."""
