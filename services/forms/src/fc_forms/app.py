"""Wires the forms service: its settings, routes and the events it publishes."""

from fastapi import FastAPI

from fc_forms import SERVICE
from fc_forms.api import (
    attachments,
    copies,
    definitions,
    drafts,
    erasure,
    forms,
    handled_attachments,
    handling,
    submissions,
)
from fc_forms.handlers import register_handlers
from fc_forms.settings import forms_settings
from fc_forms.use_cases.attachments import rescan_pending_forever
from fc_forms.use_cases.erasure import erase_expired_forever
from fc_forms.use_cases.protection import load_keyring
from fc_shared.events import (
    FamilyChanged,
    FormDefinitionPublished,
    FormStatusChanged,
    FormSubmitted,
)
from fc_shared.service import create_service_app
from fc_shared.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    return create_service_app(
        name=SERVICE,
        title="Familjecentret forms",
        settings=forms_settings(settings),
        routers=[
            forms.router,
            definitions.router,
            drafts.router,
            submissions.router,
            handling.router,
            attachments.router,
            copies.router,
            handled_attachments.router,
            erasure.router,
        ],
        publishes=[FormSubmitted, FormStatusChanged, FormDefinitionPublished],
        subscribes=[FamilyChanged],
        register_handlers=register_handlers,
        background=[load_keyring, rescan_pending_forever, erase_expired_forever],
        body_limits=attachments.body_limits(forms_settings(settings)),
    )
