"""The API documents a frontend builds on: each service's OpenAPI document says who may call
an operation and how it fails (as problem+json), its AsyncAPI document shows the events it
consumes, and `/docs`, `/redoc` and `/asyncapi` need nothing from the internet.

The apps are built, not started: no database, no broker, requests go straight to the ASGI app.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from familjecentret.services import SERVICES as SPECS
from fc_shared import principals
from fc_shared.asyncapi import ASSETS
from fc_shared.settings import Settings

SERVICES = [spec.name for spec in SPECS]
PROBLEM = {"$ref": "#/components/schemas/Problem"}
ROLES_SENTENCE = re.compile(r"\s*Roles: [a-z, ]+\.$")
ASSET_TYPES = {".js": "javascript", ".css": "text/css", ".png": "image/png"}


@cache
def app_of(service: str) -> FastAPI:
    (spec,) = [spec for spec in SPECS if spec.name == service]
    return spec.create_app(Settings(jwks_url="file:///nonexistent/jwks.json"))


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


async def get(service: str, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app_of(service))
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        return await client.get(path)


class Links(HTMLParser):
    """Every URL a page loads or links to: `src` and `href` attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(value for name, value in attrs if name in {"src", "href"} and value)


async def assert_offline_page(service: str, path: str) -> list[str]:
    """The page loads only from its own service, and each thing it loads is there."""
    page = await get(service, path)
    links = Links()
    links.feed(page.text)

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert re.findall(r"(?:https?:)?//[\w.-]+", page.text) == [], "a URL to another host"
    assert links.urls
    for url in links.urls:
        assert url.startswith("/"), url
        asset = await get(service, url)
        suffix = url[url.rfind(".") :]
        assert asset.status_code == 200, url
        assert ASSET_TYPES[suffix] in asset.headers["content-type"], url
    return links.urls


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_says_what_it_does(service: str) -> None:
    document = app_of(service).openapi()
    undescribed = [
        f"{method} {path}"
        for method, path, operation in operations(document)
        if not ROLES_SENTENCE.sub("", operation.get("description", "")).strip()
    ]

    assert undescribed == [], f"{service}: routes without a docstring: {undescribed}"


@pytest.mark.parametrize("service", SERVICES)
def test_operations_that_need_a_token_say_so_and_name_their_roles(service: str) -> None:
    document = app_of(service).openapi()
    scheme = document["components"]["securitySchemes"]["bearer"]

    assert scheme == {**scheme, "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    for method, path, operation in operations(document):
        if "x-roles" in operation:
            assert operation["security"] == [{"bearer": []}], f"{method} {path}"
            assert operation["x-roles"]
            assert operation["description"].endswith(f"Roles: {', '.join(operation['x-roles'])}.")
    assert "security" not in document["paths"]["/health/live"]["get"]


def test_a_route_for_staff_names_the_staff_roles() -> None:
    document = app_of("booking").openapi()
    create_resource = document["paths"]["/v1/resources"]["post"]
    book = document["paths"]["/v1/bookings"]["post"]

    assert create_resource["security"] == [{"bearer": []}]
    assert set(create_resource["x-roles"]) == set(principals.STAFF)
    assert "Roles: professional" in create_resource["description"]
    assert set(book["x-roles"]) == set(principals.FAMILY)


def test_a_public_route_asks_for_no_token() -> None:
    document = app_of("network").openapi()
    municipalities = document["paths"]["/v1/municipalities"]["get"]

    assert "security" not in municipalities
    assert "x-roles" not in municipalities
    assert "401" not in municipalities["responses"]


@pytest.mark.parametrize("service", SERVICES)
def test_errors_are_documented_as_problem_json(service: str) -> None:
    document = app_of(service).openapi()
    problem = document["components"]["schemas"]["Problem"]

    assert {"type", "title", "status", "detail", "instance", "code", "errors"} <= set(
        problem["properties"]
    )
    assert set(problem["properties"]["errors"]["items"]["properties"]) == {"loc", "msg", "type"}
    for method, path, operation in operations(document):
        responses = operation["responses"]
        expected = ["422"] + (["401", "403"] if "security" in operation else [])
        expected += ["404"] if "{" in path else []
        for status in expected:
            content = responses[status]["content"]
            assert content == {"application/problem+json": {"schema": PROBLEM}}, (
                f"{method} {path} {status}"
            )
        if method == "GET":
            assert "409" not in responses, f"{method} {path}"
    text = json.dumps(document)
    assert "HTTPValidationError" not in text
    assert '"ValidationError"' not in text


def test_an_update_that_reads_if_match_documents_412() -> None:
    document = app_of("booking").openapi()
    change_capacity = document["paths"]["/v1/slots/{slot_id}/capacity"]["put"]["responses"]
    read_slot = document["paths"]["/v1/slots/{slot_id}"]["get"]["responses"]

    assert change_capacity["412"]["content"]["application/problem+json"]["schema"] == PROBLEM
    assert "409" in change_capacity
    assert "412" not in read_slot


@pytest.mark.parametrize("service", SERVICES)
async def test_swagger_ui_and_redoc_work_offline(service: str) -> None:
    docs = await assert_offline_page(service, "/docs")
    redoc = await assert_offline_page(service, "/redoc")
    page = (await get(service, "/docs")).text

    assert any(url.endswith("swagger-ui-bundle.js") for url in docs)
    assert any(url.endswith("swagger-ui.css") for url in docs)
    assert any(url.endswith("redoc.standalone.js") for url in redoc)
    assert "url: '/openapi.json'" in page
    assert (await get(service, "/openapi.json")).json() == app_of(service).openapi()


@pytest.mark.parametrize("service", SERVICES)
async def test_the_asyncapi_page_works_offline(service: str) -> None:
    urls = await assert_offline_page(service, "/asyncapi")
    page = (await get(service, "/asyncapi")).text
    document = await get(service, "/asyncapi.json")

    assert any(url.endswith("/index.js") for url in urls)
    assert any(url.endswith(".css") for url in urls)
    assert '"/asyncapi.json"' in page  # the page fetches the document from its service
    assert document.status_code == 200
    assert document.json()["asyncapi"].startswith("3.")


def test_the_vendored_asyncapi_component_comes_with_its_licence() -> None:
    assert "Apache License" in (ASSETS / "LICENSE").read_text(encoding="utf-8")
    assert (ASSETS / "index.js.LICENSE.txt").is_file()
    assert (ASSETS / "index.js").read_text(encoding="utf-8").startswith("/*! For license")


@pytest.mark.parametrize("service", ["booking", "notify"])
async def test_the_asyncapi_document_shows_the_payload_of_each_consumed_event(
    service: str,
) -> None:
    document = (await get(service, "/asyncapi.json")).json()
    components = document["components"]
    received = [
        operation
        for operation in document["operations"].values()
        if operation["action"] == "receive"
    ]

    consumed: set[str] = set()
    assert received
    for operation in received:
        for message_ref in operation["messages"]:
            channel = document["channels"][operation["channel"]["$ref"].split("/")[-1]]
            name = message_ref["$ref"].split("/")[-1]
            message = components["messages"][channel["messages"][name]["$ref"].split("/")[-1]]
            # One subscriber reads a topic for every event this service handles on it: one
            # payload, or `oneOf` them.
            payloads = message["payload"].get("oneOf", [message["payload"]])
            for payload in payloads:
                schema = components["schemas"][payload["$ref"].split("/")[-1]]
                assert schema.get("properties"), f"{operation['channel']}: {schema}"
                consumed.add(schema["title"])
    assert "EmptyPayload" not in json.dumps(document)
    routes = app_of(service).state.context.routes.values()
    assert consumed == {route.event.__name__ for topic in routes for route in topic}
    if service == "booking":
        assert "family_id" in components["schemas"]["FamilyChanged"]["properties"]
