"""Wires the network service: its settings, routes, the events it publishes and the one it
handles (the forms service's FormStatusChanged, for contact requests taken), and the
republishing of family snapshots at start. Network is the source of meeting points,
referrals and who acts for whom."""

from fastapi import FastAPI

from fc_network import SERVICE
from fc_network.api import (
    access_log,
    advice,
    cases,
    consents,
    directory,
    families,
    meeting_points,
    professionals,
    referrals,
)
from fc_network.handlers import register_handlers
from fc_network.settings import NetworkSettings
from fc_network.use_cases.relationships import republish_at_start
from fc_shared.events import (
    CaseTeamChanged,
    FamilyChanged,
    FormStatusChanged,
    MeetingPointChanged,
    MeetingPointOpened,
    ProfessionalTrained,
    ReferralAccepted,
    ReferralCompleted,
    ReferralDeclined,
    ReferralMade,
    ResponsiblePersonAssigned,
    ServicePublished,
)
from fc_shared.service import create_service_app
from fc_shared.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    return create_service_app(
        name=SERVICE,
        title="Familjecentret network",
        settings=NetworkSettings.of(settings),
        routers=[
            meeting_points.router,
            referrals.router,
            directory.router,
            advice.router,
            families.router,
            cases.router,
            consents.router,
            access_log.router,
            professionals.router,
        ],
        publishes=[
            MeetingPointOpened,
            MeetingPointChanged,
            ReferralMade,
            ReferralAccepted,
            ReferralDeclined,
            ReferralCompleted,
            ServicePublished,
            ResponsiblePersonAssigned,
            ProfessionalTrained,
            FamilyChanged,
            CaseTeamChanged,
        ],
        subscribes=[FormStatusChanged],
        register_handlers=register_handlers,
        background=[republish_at_start],
        # Texts in sv, fi and en (an advice article's body up to 20,000 characters each, a
        # service's description up to 10,000) pass the platform's small default when a
        # client escapes every ä as \u00e4: these two routes take what their models allow.
        body_limits={"/v1/advice": 512 * 1024, "/v1/services": 256 * 1024},
    )
