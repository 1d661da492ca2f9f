"""The request-body limit: refused before the route runs, declared length or not."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from fc_shared.limits import BodyLimitMiddleware
from fc_shared.problems import PROBLEM_JSON, install_problem_handlers


class Note(BaseModel):
    text: str


def make_app(seen: list[int]) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(BodyLimitMiddleware, default=1000, limits={"/big": 5000})

    @app.post("/small")
    async def small(note: Note) -> dict[str, int]:
        seen.append(len(note.text))
        return {"length": len(note.text)}

    @app.post("/big")
    async def big(note: Note) -> dict[str, int]:
        seen.append(len(note.text))
        return {"length": len(note.text)}

    return app


@pytest.fixture
def seen() -> list[int]:
    return []


@pytest.fixture
async def client(seen: list[int]) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=make_app(seen))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def note(size: int) -> bytes:
    return b'{"text": "' + b"x" * size + b'"}'


async def test_a_body_within_the_limit_reaches_the_route(
    client: httpx.AsyncClient, seen: list[int]
) -> None:
    response = await client.post(
        "/small", content=note(900), headers={"content-type": "application/json"}
    )

    assert response.status_code == 200
    assert seen == [900]


async def test_a_declared_length_over_the_limit_is_refused_before_the_route(
    client: httpx.AsyncClient, seen: list[int]
) -> None:
    response = await client.post(
        "/small", content=note(2000), headers={"content-type": "application/json"}
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["limit"] == 1000
    assert seen == []


async def test_a_chunked_body_over_the_limit_is_refused_as_it_arrives(
    client: httpx.AsyncClient, seen: list[int]
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        body = note(3000)
        for start in range(0, len(body), 500):
            yield body[start : start + 500]

    response = await client.post(
        "/small", content=chunks(), headers={"content-type": "application/json"}
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM_JSON
    assert seen == []


async def test_a_route_that_needs_more_gets_its_own_limit(
    client: httpx.AsyncClient, seen: list[int]
) -> None:
    accepted = await client.post(
        "/big", content=note(4000), headers={"content-type": "application/json"}
    )
    refused = await client.post(
        "/big", content=note(6000), headers={"content-type": "application/json"}
    )

    assert (accepted.status_code, refused.status_code) == (200, 413)
    assert seen == [4000]
