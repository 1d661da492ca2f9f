"""Bearer JWTs verified against a JWKS; roles from the `roles` claim, deny by default."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from uuid import UUID

import anyio.to_thread
import jwt
from fastapi import Depends, Request

from fc_shared import principals
from fc_shared.principals import KNOWN_ROLES, RESERVED_SUBJECTS, Principal, Role
from fc_shared.problems import Problem
from fc_shared.settings import Settings

__all__ = [
    "KNOWN_ROLES",
    "RESERVED_SUBJECTS",
    "CurrentPrincipal",
    "JwksVerifier",
    "Principal",
    "Role",
    "current_principal",
    "require_role",
]


MIN_REFETCH_SECONDS = 30.0


class JwksVerifier:
    """Verifies tokens against a JWKS fetched from a URL (https:// or file://), cached."""

    def __init__(self, settings: Settings, cache_seconds: float = 300.0) -> None:
        self._settings = settings
        self._cache_seconds = cache_seconds
        self._keys: jwt.PyJWKSet | None = None
        self._fetched_at = 0.0

    def _key_set(self, force: bool = False) -> jwt.PyJWKSet:
        age = time.monotonic() - self._fetched_at
        # A forced refetch (an unknown kid) at most every MIN_REFETCH seconds: otherwise any
        # caller could make every request fetch the key set from the identity provider.
        wanted = age > self._cache_seconds or (force and age > MIN_REFETCH_SECONDS)
        if self._keys is None or wanted:
            try:
                with urllib.request.urlopen(
                    self._settings.effective_jwks_url, timeout=5
                ) as response:
                    self._keys = jwt.PyJWKSet.from_dict(json.loads(response.read()))
            except OSError:
                if self._keys is None:
                    raise
                # Keep verifying with the keys we have; try again after the next interval.
            self._fetched_at = time.monotonic()
        return self._keys

    @property
    def fresh(self) -> bool:
        """Whether the cached key set is young enough that verifying will not fetch it."""
        return self._keys is not None and time.monotonic() - self._fetched_at <= self._cache_seconds

    def _signing_key(self, kid: str | None) -> jwt.PyJWK:
        for force in (False, True):  # a kid we have not seen may be a rotated key: refetch once
            for key in self._key_set(force).keys:
                if kid is None or key.key_id == kid:
                    return key
        raise Problem(401, "Unauthorized", "The token was signed by an unknown key.")

    def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
            key = self._signing_key(header.get("kid"))
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=["RS256", "ES256"],
                audience=self._settings.jwt_audience,
                issuer=self._settings.jwt_issuer,
                options={"require": ["exp", "sub", "iss", "aud"]},
            )
            claimed = claims.get("roles", [])
            if not isinstance(claimed, list) or not all(isinstance(r, str) for r in claimed):
                raise Problem(401, "Unauthorized", "The token's roles must be a list of names.")
            roles = frozenset(Role(role) for role in claimed if role in KNOWN_ROLES)
            subject = UUID(claims["sub"])
            if subject in RESERVED_SUBJECTS:
                raise Problem(
                    401, "Unauthorized", "The token's subject is a reserved id that no person has."
                )
            locale = claims.get("locale")
            given = locale if isinstance(locale, str) else None
            acr = claims.get("acr")
            return Principal(
                subject, roles, given or "sv", given, acr if isinstance(acr, str) else None
            )
        except Problem:
            raise
        except (jwt.PyJWTError, ValueError) as error:
            raise Problem(401, "Unauthorized", f"The bearer token is not valid: {error}") from error
        except OSError as error:
            raise Problem(503, "Service Unavailable", "The key set cannot be read.") from error


async def current_principal(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Problem(401, "Unauthorized", "A bearer token is required.")
    verifier: JwksVerifier = request.app.state.verifier
    if verifier.fresh:
        # The usual case: a signature check in memory, too short to be worth a thread hop.
        return verifier.verify(token)
    # Fetching the key set blocks on the network (or the disk): not on the event loop.
    return await anyio.to_thread.run_sync(verifier.verify, token)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_role(*roles: Role) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    """A dependency that lets through only callers holding one of `roles`. The roles ride on
    the dependency (`fc_shared_roles`) so the OpenAPI document can name them per route."""

    async def check(principal: CurrentPrincipal) -> Principal:
        if not principal.has_any(*roles):
            raise Problem(
                403,
                "Forbidden",
                f"This needs one of the roles: {', '.join(roles)}.",
                code="role_required",
            )
        return principal

    check.fc_shared_roles = tuple(roles)  # type: ignore[attr-defined]
    return check


# Route parameters for the named role sets of fc_shared.principals, declared once: a route
# writes `principal: OrganiserOrAdmin`, never a set of its own.
Family = Annotated[Principal, Depends(require_role(*principals.FAMILY))]
Guardian = Annotated[Principal, Depends(require_role(*principals.GUARDIAN))]
Youth = Annotated[Principal, Depends(require_role(*principals.YOUTH))]
Professional = Annotated[Principal, Depends(require_role(*principals.PROFESSIONAL))]
Admin = Annotated[Principal, Depends(require_role(*principals.ADMIN))]
Staff = Annotated[Principal, Depends(require_role(*principals.STAFF))]
ProfessionalOrAdmin = Annotated[Principal, Depends(require_role(*principals.PROFESSIONAL_OR_ADMIN))]
CoordinatorOrAdmin = Annotated[Principal, Depends(require_role(*principals.COORDINATOR_OR_ADMIN))]
OrganiserOrAdmin = Annotated[Principal, Depends(require_role(*principals.ORGANISER_OR_ADMIN))]
