"""Wires the notify service: settings, routes, the events it handles and the e-mail sender."""

from fastapi import FastAPI

from fc_notify import SERVICE
from fc_notify.adapters.email import email_sender
from fc_notify.api import contact_points, inbox
from fc_notify.handlers import register_handlers
from fc_notify.settings import notify_settings
from fc_shared.events import (
    BookingCancelled,
    BookingRescheduled,
    FormSubmitted,
    ReferralMade,
    SlotBooked,
    WaitlistPromoted,
)
from fc_shared.service import create_service_app
from fc_shared.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    notify = notify_settings(settings)
    return create_service_app(
        name=SERVICE,
        title="Familjecentret notify",
        settings=notify,
        routers=[contact_points.router, inbox.router],
        subscribes=[
            SlotBooked,
            WaitlistPromoted,
            BookingRescheduled,
            BookingCancelled,
            FormSubmitted,
            ReferralMade,
        ],
        register_handlers=register_handlers,
        background=[email_sender(notify)],
    )
