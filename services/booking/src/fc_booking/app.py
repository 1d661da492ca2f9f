"""Wires the booking service: routes, the events it publishes and the ones it handles."""

from fastapi import FastAPI

from fc_booking import SERVICE
from fc_booking.api import router
from fc_booking.handlers import register_handlers
from fc_shared.events import MeetingPointChanged, MeetingPointOpened, SlotBooked
from fc_shared.service import create_service_app
from fc_shared.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    return create_service_app(
        name=SERVICE,
        title="Familjecentret booking",
        settings=settings,
        routers=[router],
        publishes=[SlotBooked],
        subscribes=[MeetingPointOpened, MeetingPointChanged],
        register_handlers=register_handlers,
    )
