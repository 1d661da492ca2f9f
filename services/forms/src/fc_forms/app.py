"""Wires the forms service: its routes and the events it publishes."""

from fastapi import FastAPI

from fc_forms import SERVICE
from fc_forms.api import router
from fc_shared.events import FormSubmitted
from fc_shared.service import create_service_app
from fc_shared.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    return create_service_app(
        name=SERVICE,
        title="Familjecentret forms",
        settings=settings,
        routers=[router],
        publishes=[FormSubmitted],
    )
