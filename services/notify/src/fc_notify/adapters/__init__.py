"""The notify service's adapters to the world outside it other than the database and the
broker: today the e-mail sender (email.py)."""
