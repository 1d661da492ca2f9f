"""The forms that come with the reference data, each in its own module, loaded as version 1
of its form type where none is published yet (use_cases/definitions.py: seed)."""

from __future__ import annotations

from fc_forms.domain.builtin import child_health, consent, contact, feedback, registration
from fc_forms.domain.definitions import FormContent

BUILT_IN: dict[str, FormContent] = {
    contact.FORM_TYPE: contact.CONTENT,
    registration.FORM_TYPE: registration.CONTENT,
    child_health.FORM_TYPE: child_health.CONTENT,
    consent.FORM_TYPE: consent.CONTENT,
    feedback.FORM_TYPE: feedback.CONTENT,
}
