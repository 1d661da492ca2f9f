"""Wires the booking service: routes, the events it publishes and the ones it handles."""

from fastapi import FastAPI

from fc_booking import SERVICE, api, network_meetings_api, resources_api, slots_api
from fc_booking.handlers import register_handlers
from fc_booking.holds import sweep_holds_forever
from fc_shared.events import (
    AttendanceRecorded,
    BookingCancelled,
    BookingRescheduled,
    CaseTeamChanged,
    FamilyChanged,
    MeetingPointChanged,
    MeetingPointOpened,
    SlotBooked,
    WaitlistPromoted,
)
from fc_shared.service import create_service_app
from fc_shared.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    return create_service_app(
        name=SERVICE,
        title="Familjecentret booking",
        settings=settings,
        routers=[resources_api.router, slots_api.router, api.router, network_meetings_api.router],
        publishes=[
            SlotBooked,
            BookingCancelled,
            BookingRescheduled,
            WaitlistPromoted,
            AttendanceRecorded,
        ],
        subscribes=[MeetingPointOpened, MeetingPointChanged, FamilyChanged, CaseTeamChanged],
        register_handlers=register_handlers,
        background=[sweep_holds_forever],
    )
