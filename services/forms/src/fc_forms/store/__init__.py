"""The forms service's SQL: tables.py holds the tables, submissions.py the statements."""
