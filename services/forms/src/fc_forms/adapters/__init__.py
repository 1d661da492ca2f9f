"""The forms service's adapters to the world outside it other than the database and the
broker: the virus scanner (virus_scan.py)."""
