"""Wires the notify service: settings, routes, the events it handles, and the dispatcher
that sends letters on the outside channels."""

from fastapi import FastAPI

from fc_notify import SERVICE
from fc_notify.adapters.email import EmailSender
from fc_notify.adapters.sms import SmsSender
from fc_notify.api import contact_points, inbox, preferences, scheduler, sms_reports
from fc_notify.domain.deliveries import Channel
from fc_notify.handlers import register_handlers
from fc_notify.settings import notify_settings
from fc_notify.use_cases.dispatch import Dispatcher
from fc_shared.events import (
    BookingCancelled,
    BookingRescheduled,
    ChatAnswerWaiting,
    FamilyChanged,
    FormStatusChanged,
    FormSubmitted,
    NotificationFailed,
    NotificationSent,
    ReferralAccepted,
    ReferralCompleted,
    ReferralDeclined,
    ReferralMade,
    SlotBooked,
    WaitlistPromoted,
)
from fc_shared.service import create_service_app
from fc_shared.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    notify = notify_settings(settings)
    dispatcher = Dispatcher(
        notify, {Channel.EMAIL: EmailSender(notify), Channel.SMS: SmsSender(notify)}
    )
    app = create_service_app(
        name=SERVICE,
        title="Familjecentret notify",
        settings=notify,
        routers=[
            inbox.router,
            contact_points.router,
            preferences.router,
            sms_reports.router,
            scheduler.router,
        ],
        publishes=[NotificationSent, NotificationFailed],
        subscribes=[
            SlotBooked,
            WaitlistPromoted,
            BookingRescheduled,
            BookingCancelled,
            FormSubmitted,
            FormStatusChanged,
            ReferralMade,
            ReferralAccepted,
            ReferralDeclined,
            ReferralCompleted,
            ChatAnswerWaiting,
            FamilyChanged,
        ],
        register_handlers=register_handlers,
        background=[dispatcher.run_forever],
    )
    app.state.dispatcher = dispatcher
    return app
