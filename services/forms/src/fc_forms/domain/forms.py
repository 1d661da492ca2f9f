"""The forms there are: the built-in ones (builtin/), published as version 1 with the
reference data, and what authors publish after; and the refusals for a form that is not."""

from __future__ import annotations

from fc_forms.domain.builtin import BUILT_IN
from fc_forms.domain.definitions import Definition
from fc_shared.refusals import Refused, invalid, not_found


def form_types() -> list[str]:
    """The built-in forms' types, in a stable order."""
    return sorted(BUILT_IN)


def built_in(form_type: str) -> Definition:
    """A built-in form as its version 1."""
    return Definition(form_type=form_type, version=1, content=BUILT_IN[form_type])


def unknown_form(form_type: str, *, version: int | None = None, as_input: bool = False) -> Refused:
    """A form (or a version of it) nobody published: not found when read, invalid input when
    a submission or a draft names it."""
    if version is not None:
        detail = f"The form {form_type!r} has no version {version}."
        if as_input:
            return invalid("unknown_form_version", "Unknown form version", detail)
        return not_found("unknown_form_version", detail, title="Unknown form version")
    detail = f"There is no form called {form_type!r}."
    if as_input:
        return invalid("unknown_form", "Unknown form", detail)
    return not_found("unknown_form", detail, title="Unknown form")
