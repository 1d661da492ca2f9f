"""Wires the booking service: settings, routes, the events it publishes and the ones it
handles, and the background sweep of lapsed holds."""

from fastapi import FastAPI

from fc_booking import SERVICE
from fc_booking.api import (
    access_log,
    availability,
    bookings,
    holds,
    network_meetings,
    resources,
    series,
    slots,
)
from fc_booking.handlers import register_handlers
from fc_booking.settings import booking_settings
from fc_booking.use_cases.holds import sweep_holds_forever
from fc_shared.events import (
    AttendanceRecorded,
    BookingCancelled,
    BookingRescheduled,
    CaseTeamChanged,
    FamilyChanged,
    FormSubmitted,
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
        # The service's own settings once, so every route and task reads booking's fields.
        settings=booking_settings(settings),
        routers=[
            resources.router,
            availability.router,
            slots.router,
            bookings.router,
            holds.router,
            access_log.router,
            series.router,
            network_meetings.router,
        ],
        publishes=[
            SlotBooked,
            BookingCancelled,
            BookingRescheduled,
            WaitlistPromoted,
            AttendanceRecorded,
        ],
        subscribes=[
            MeetingPointOpened,
            MeetingPointChanged,
            FamilyChanged,
            CaseTeamChanged,
            FormSubmitted,
        ],
        register_handlers=register_handlers,
        background=[sweep_holds_forever],
    )
