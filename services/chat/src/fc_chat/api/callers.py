"""Who is calling the chat: a signed-in person (bearer token), an anonymous visitor (the
Chat-Token header), both, or neither; and the caller's network address, which is only
ever counted (use_cases/visitors.py: count_start), never stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.domain.chats import Visitor
from fc_chat.settings import ChatSettings, chat_settings
from fc_chat.use_cases.visitors import holder_of
from fc_shared.auth import current_principal
from fc_shared.principals import Principal, Role
from fc_shared.problems import Problem

ChatToken = Annotated[
    str | None,
    Header(
        alias="Chat-Token",
        max_length=200,
        description="An anonymous visitor's capability token, as the chat's start gave it.",
    ),
]


async def optional_principal(request: Request) -> Principal | None:
    """The signed-in caller, or None when the request carries no bearer token at all (a
    bearer token that does not verify is still refused)."""
    if not request.headers.get("authorization"):
        return None
    return await current_principal(request)


SignedIn = Annotated[Principal | None, Depends(optional_principal)]


@dataclass(frozen=True, slots=True)
class Caller:
    principal: Principal | None
    token: str | None

    async def visitor(self, session: AsyncSession) -> Visitor:
        """The calling visitor: refused when the request proves nobody."""
        holder = await holder_of(session, self.token) if self.token else None
        subject = None
        if self.principal is not None:
            if not self.principal.has_any(Role.GUARDIAN, Role.YOUTH):
                raise Problem(403, "Forbidden", "Only a family member or a visitor chats here.")
            subject = self.principal.subject
        if holder is None and subject is None:
            raise Problem(401, "Unauthorized", "Send the Chat-Token header or a bearer token.")
        return Visitor(token_holder=holder, subject=subject)


async def caller(principal: SignedIn, chat_token: ChatToken = None) -> Caller:
    return Caller(principal, chat_token)


CallerOf = Annotated[Caller, Depends(caller)]


def client_address(request: Request, settings: ChatSettings) -> str:
    """The caller's address: behind a trusted ingress, the last X-Forwarded-For hop, the
    one the ingress itself added (any before it the client may have written to escape the
    limits)."""
    if settings.chat_trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.client.host if request.client else "unknown"


def settings_of(request: Request) -> ChatSettings:
    return chat_settings(request.app.state.context.settings)
