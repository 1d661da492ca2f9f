"""Reading a form's definition."""

from __future__ import annotations

from typing import Any

from fc_forms.domain import forms


def form_definition(*, form_type: str) -> dict[str, Any]:
    """The form's JSON Schema, for a client to build the form from and check answers early."""
    return forms.definition_of(form_type)


def form_types() -> list[str]:
    """The types of the forms there are, for a client to offer them."""
    return forms.form_types()
