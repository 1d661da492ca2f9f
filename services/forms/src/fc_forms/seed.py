"""The entry `familjecentret seed` and `migrate --seed` call: the built-in forms, each
published as version 1 where it has none (use_cases/definitions.py)."""

from fc_forms.use_cases.definitions import load_built_in_forms

__all__ = ["load_built_in_forms"]
