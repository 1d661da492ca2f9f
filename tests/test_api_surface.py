"""What every service's API promises: auth, problem+json, OpenAPI and AsyncAPI documents."""

from __future__ import annotations

from uuid import uuid4

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from familjecentret.services import SERVICES as ALL_SERVICES
from familjecentret.testing import Stack
from fc_shared.devkeys import KEY_ID

SERVICES = [spec.name for spec in ALL_SERVICES]


@pytest.mark.parametrize("service", SERVICES)
async def test_each_service_publishes_openapi_asyncapi_and_health(
    stack: Stack, service: str
) -> None:
    openapi = await stack.client.get(stack.url(service, "/openapi.json"))
    asyncapi = await stack.client.get(stack.url(service, "/asyncapi.json"))
    page = await stack.client.get(stack.url(service, "/asyncapi"))
    ready = await stack.client.get(stack.url(service, "/health/ready"))

    assert openapi.status_code == 200
    assert openapi.json()["paths"]
    assert asyncapi.status_code == 200
    assert asyncapi.json()["asyncapi"].startswith("3.")
    assert "<html" in page.text.lower()
    assert ready.json() == {"status": "ready", "database": "up", "broker": "up"}


async def test_notify_documents_the_events_it_consumes(stack: Stack) -> None:
    document = (await stack.client.get(stack.url("notify", "/asyncapi.json"))).json()
    channels = " ".join(document["channels"])

    assert "booking.bookings.v1" in channels
    assert "forms.submissions.v1" in channels
    assert "network.referrals.v1" in channels


async def test_booking_documents_the_schema_of_the_events_it_publishes(stack: Stack) -> None:
    document = (await stack.client.get(stack.url("booking", "/asyncapi.json"))).json()
    schemas = document["components"]["schemas"]

    assert "SlotBooked" in schemas
    assert "booking_id" in schemas["SlotBooked"]["properties"]


async def test_a_missing_token_is_401_problem_json(stack: Stack) -> None:
    response = await stack.client.post(
        stack.url("booking", "/v1/bookings"), json={"slot_id": str(uuid4())}
    )

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"


async def test_a_forged_token_is_refused(stack: Stack) -> None:
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(
        {
            "sub": str(uuid4()),
            "roles": ["admin"],
            "iss": stack.settings.jwt_issuer,
            "aud": stack.settings.jwt_audience,
            "exp": 4_000_000_000,
        },
        forger,
        algorithm="RS256",
        headers={"kid": KEY_ID},
    )

    response = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json={"municipality_code": "905", "name": "X", "address": "Y"},
        headers={"Authorization": f"Bearer {forged}"},
    )

    assert response.status_code == 401
    assert response.json()["title"] == "Unauthorized"


async def test_a_role_without_the_right_gets_403(stack: Stack) -> None:
    response = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json={"municipality_code": "905", "name": "X", "address": "Y"},
        headers=stack.auth("guardian"),
    )

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_malformed_body_is_422_problem_json_not_500(stack: Stack) -> None:
    response = await stack.client.post(
        stack.url("forms", "/v1/submissions"),
        content=b"{not json",
        headers={**stack.auth("guardian"), "content-type": "application/json"},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_the_twelve_meeting_point_municipalities_are_seeded_bilingually(stack: Stack) -> None:
    municipalities = (await stack.client.get(stack.url("network", "/v1/municipalities"))).json()

    names = {(m["name_sv"], m["name_fi"]) for m in municipalities}
    assert len(municipalities) == 12
    assert ("Vasa", "Vaasa") in names
    assert ("Jakobstad", "Pietarsaari") in names
    assert ("Korsholm", "Mustasaari") in names


async def test_a_value_postgresql_cannot_store_is_422_not_500(stack: Stack) -> None:
    response = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json={"municipality_code": "905", "name": "Träff\u0000punkt", "address": "Gatan 1"},
        headers=stack.auth("coordinator"),
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
