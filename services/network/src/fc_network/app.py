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
        routers=[router, directory_api.router, advice_api.router, cases_api.router,
                 professionals_api.router],
        publishes=[MeetingPointOpened, MeetingPointChanged, ReferralMade, ReferralAccepted,
                   ReferralDeclined, ReferralCompleted, ServicePublished,
                   ResponsiblePersonAssigned, ProfessionalTrained, FamilyChanged,
                   CaseTeamChanged],
        background=[relationships.republish_at_start],
    )
