"""Wires the network service: its routes and the events it publishes."""

from fastapi import FastAPI

from fc_network import (
    SERVICE,
    advice_api,
    cases_api,
    directory_api,
    professionals_api,
    relationships,
)
from fc_network.api import router
from fc_shared.events import (
    CaseTeamChanged,
    FamilyChanged,
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
        settings=settings,
        routers=[
            router,
            directory_api.router,
            advice_api.router,
            cases_api.router,
            professionals_api.router,
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
        background=[relationships.republish_at_start],
        # Texts in sv, fi and en (an advice article's body up to 20,000 characters each, a
        # service's description up to 10,000) pass the platform's small default when a
        # client escapes every ä as \u00e4: these two routes take what their models allow.
        body_limits={"/v1/advice": 512 * 1024, "/v1/services": 256 * 1024},
    )
