"""The forms service's rules and records, apart from any I/O: what a form asks
(forms.py) and what a family's submission is and who may read it (submissions.py)."""
