"""The OpenAPI document as the services really answer: who may call, and how a call fails.

FastAPI documents each route's parameters and answer. Left alone it says nothing about the
bearer token a route needs, nor which roles, and documents a 422 body (`HTTPValidationError`)
that no service sends: every error here is `application/problem+json` (fc_shared.problems).
`install_openapi` replaces the app's `openapi()` with one that adds, for each operation:

- `security` naming the bearer scheme when a dependency (directly, or through another one such
  as `require_role`) is `current_principal`, and `x-roles` plus a sentence in the description
  when a `require_role` dependency names the roles (a route that checks roles in its body says
  only that it needs a token);
- its error answers, each a `Problem`: 401 and 403 when secured, 404 when the path names
  something, 409 when it changes something, 412 when it reads If-Match, 422 always.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute

from fc_shared.auth import current_principal
from fc_shared.problems import PROBLEM_JSON

BEARER = "bearer"
PROBLEM = "Problem"
PROBLEM_REF = f"#/components/schemas/{PROBLEM}"
READS = frozenset({"get", "head", "options"})

BEARER_SCHEME: dict[str, Any] = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "JWT",
    "description": "A JWT from the identity provider; its `roles` claim says what it may do.",
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": PROBLEM,
    "description": "RFC 9457 problem details. Rely on `code`; `title` and `detail` are English "
    "text for people. Some problems carry further members, named in the route's description.",
    "type": "object",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string", "default": "about:blank"},
        "title": {"type": "string", "examples": ["Not Found"]},
        "status": {"type": "integer", "examples": [404]},
        "detail": {"type": "string"},
        "instance": {"type": "string", "description": "The request's path."},
        "code": {
            "type": "string",
            "description": "Stable snake_case name of the problem, e.g. `child_too_old`.",
            "examples": ["not_found"],
        },
        "errors": {
            "type": "array",
            "description": "On 422 `invalid_request`: what in the request does not match.",
            "items": {
                "type": "object",
                "required": ["loc", "msg", "type"],
                "properties": {
                    "loc": {
                        "type": "array",
                        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    },
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
    },
    "additionalProperties": True,
}

ERRORS: dict[int, str] = {
    401: "No bearer token, or one that is not valid.",
    403: "The token's roles, or the caller's relation to the thing, do not allow this.",
    404: "Nothing of that id, or nothing the caller may see.",
    409: "It conflicts with the current state (e.g. taken, already done).",
    412: "If-Match names a version that is no longer current: read again, then retry.",
    422: "The request does not match the schema, or breaks a rule.",
}


@dataclass(frozen=True, slots=True)
class Access:
    """What a route's dependencies ask of its caller."""

    secured: bool
    roles: tuple[str, ...]


def install_openapi(app: FastAPI) -> None:
    """Make `app.openapi()` (and so `/openapi.json` and `/docs`) describe access and errors."""
    build: Callable[[], dict[str, Any]] = app.openapi
    described: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        # FastAPI builds the document again when routes were added; describe each one once.
        document = build()
        if not described or described[0] is not document:
            describe(document, app.routes)
            described[:] = [document]
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def describe(document: dict[str, Any], routes: Sequence[BaseRoute]) -> None:
    """Add security, roles and problem answers to a document FastAPI built from `routes`."""
    components = document.setdefault("components", {})
    components.setdefault("securitySchemes", {})[BEARER] = BEARER_SCHEME
    components.setdefault("schemas", {})[PROBLEM] = PROBLEM_SCHEMA
    for route in iter_route_contexts(routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        access = access_of(route.dependant)
        path = route.path_format or ""
        for method in route.methods or ():
            operation = document["paths"].get(path, {}).get(method.lower())
            if operation is not None:
                _describe_operation(operation, method.lower(), path, access)
    for unused in ("HTTPValidationError", "ValidationError"):  # no service sends them
        _drop_unreferenced(document, unused)


def access_of(dependant: Dependant) -> Access:
    secured = False
    roles: list[str] = []
    for dependency in _dependencies(dependant):
        secured = secured or dependency.call is current_principal
        for role in getattr(dependency.call, "fc_shared_roles", ()):
            if role not in roles:
                roles.append(str(role))
    return Access(secured or bool(roles), tuple(roles))


def _dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for dependency in dependant.dependencies:
        yield dependency
        yield from _dependencies(dependency)


def _describe_operation(operation: dict[str, Any], method: str, path: str, access: Access) -> None:
    if access.secured:
        operation["security"] = [{BEARER: []}]
    if access.roles:
        operation["x-roles"] = list(access.roles)
        sentence = f"Roles: {', '.join(access.roles)}."
        description = operation.get("description", "").rstrip()
        operation["description"] = f"{description}\n\n{sentence}" if description else sentence
    responses = operation.setdefault("responses", {})
    for status in _errors_of(operation, method, path, access):
        declared = responses.get(str(status), {}).get("description")
        # A route's own words for an error stay; FastAPI's 422 ("Validation Error") goes.
        description = declared if declared and status != 422 else ERRORS[status]
        responses[str(status)] = _problem_response(status, description)
    operation["responses"] = dict(sorted(responses.items()))


def _errors_of(operation: dict[str, Any], method: str, path: str, access: Access) -> list[int]:
    statuses = [401, 403] if access.secured else []
    if "{" in path:
        statuses.append(404)
    if method not in READS:
        statuses.append(409)
    headers = {p["name"].lower() for p in operation.get("parameters", []) if p["in"] == "header"}
    if "if-match" in headers:
        statuses.append(412)
    statuses.append(422)
    return statuses


def _problem_response(status: int, description: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
    }
    if status == 401:
        response["headers"] = {
            "WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}}
        }
    return response


def _drop_unreferenced(document: dict[str, Any], name: str) -> None:
    schemas = document["components"]["schemas"]
    schema = schemas.pop(name, None)
    if schema is not None and f'"#/components/schemas/{name}"' in json.dumps(document):
        schemas[name] = schema  # still used: keep it
