"""Wires the notify service: routes, the events it handles and the e-mail sender."""

from fastapi import FastAPI

from fc_notify import SERVICE
from fc_notify.api import router
from fc_notify.delivery import deliver_forever
from fc_notify.handlers import register_handlers
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
    return create_service_app(
        name=SERVICE,
        title="Familjecentret notify",
        settings=settings,
        routers=[router],
        subscribes=[
            SlotBooked,
            WaitlistPromoted,
            BookingRescheduled,
            BookingCancelled,
            FormSubmitted,
            ReferralMade,
        ],
        register_handlers=register_handlers,
        background=[deliver_forever],
    )
