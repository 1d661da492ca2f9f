"""The forms service's rules and records, apart from any I/O: a form's definition
(definitions.py) and its JSON Schema (schema.py), the forms there are (forms.py, builtin/),
the field types (fields.py), answers checked against a version (answers.py), drafts of
answers (drafts.py), and what a submission is and who may read it (submissions.py)."""
