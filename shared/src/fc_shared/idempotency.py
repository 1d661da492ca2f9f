"""`Idempotency-Key` for HTTP writes: a repeated request gets the first answer, once.

The key is claimed inside the write's own transaction, so a concurrent repeat waits on the
primary key until the first commits, then replays its stored response.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from uuid import UUID

from fastapi import Request, Response
from pydantic import BaseModel
from sqlalchemy import MetaData, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_shared.platform_tables import idempotency_table
from fc_shared.problems import Problem

IDEMPOTENCY = idempotency_table(MetaData())


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    body: bytes


def request_hash(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\n".join([method.encode(), path.encode(), body])).hexdigest()


async def claim_key(
    session: AsyncSession, *, subject: UUID, key: str, fingerprint: str
) -> StoredResponse | None:
    """None if this request is the first with the key; else the stored response."""
    claimed = await session.execute(
        insert(IDEMPOTENCY)
        .values(subject=subject, key=key, request_hash=fingerprint, status=0, body=b"")
        .on_conflict_do_nothing()
        .returning(IDEMPOTENCY.c.key)
    )
    if claimed.first() is not None:
        return None
    row = (
        await session.execute(
            select(IDEMPOTENCY).where(IDEMPOTENCY.c.subject == subject, IDEMPOTENCY.c.key == key)
        )
    ).one()
    if row.request_hash != fingerprint:
        raise Problem(
            422,
            "Idempotency key reused",
            "This Idempotency-Key was already used for a different request.",
        )
    return StoredResponse(row.status, row.body)


async def store_response(
    session: AsyncSession, *, subject: UUID, key: str, status: int, body: bytes
) -> None:
    await session.execute(
        update(IDEMPOTENCY)
        .where(IDEMPOTENCY.c.subject == subject, IDEMPOTENCY.c.key == key)
        .values(status=status, body=body)
    )


async def run_idempotent(
    session: AsyncSession,
    *,
    subject: UUID,
    key: str | None,
    method: str,
    path: str,
    body: bytes,
    create: Callable[[], Awaitable[tuple[int, BaseModel]]],
) -> Response:
    """Run `create` once per (subject, key); a repeat gets the stored response back."""
    if key is None:
        status, model = await create()
        return Response(model.model_dump_json(), status_code=status, media_type="application/json")
    stored = await claim_key(
        session, subject=subject, key=key, fingerprint=request_hash(method, path, body)
    )
    if stored is not None:
        return Response(
            stored.body,
            status_code=stored.status,
            media_type="application/json",
            headers={"Idempotent-Replayed": "true"},
        )
    status, model = await create()
    payload = model.model_dump_json().encode()
    await store_response(session, subject=subject, key=key, status=status, body=payload)
    return Response(payload, status_code=status, media_type="application/json")


async def idempotent_request(
    session: AsyncSession,
    request: Request,
    *,
    subject: UUID,
    key: str | None,
    create: Callable[[], Awaitable[tuple[int, BaseModel]]],
) -> Response:
    """`run_idempotent` for the request being answered: the one way a route honours an
    `Idempotency-Key` (the key is the caller's, fingerprinted with this method, path, body)."""
    return await run_idempotent(
        session,
        subject=subject,
        key=key,
        method=request.method,
        path=request.url.path,
        body=await request.body(),
        create=create,
    )
