"""Only a token signed by the configured key set, for us, from our issuer, gets a principal."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from fc_shared.auth import JwksVerifier, Principal, Role
from fc_shared.devkeys import KEY_ID, ensure_dev_keys, mint_token
from fc_shared.problems import Problem
from fc_shared.settings import Settings


@pytest.fixture
def dev_settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path, jwks_url="")  # the local development key pair
    ensure_dev_keys(settings.dev_keys_dir)
    return settings


@pytest.fixture
def verifier(dev_settings: Settings) -> JwksVerifier:
    return JwksVerifier(dev_settings)


def claims(settings: Settings, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "sub": str(uuid4()),
        "roles": ["guardian"],
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + 600,
        **overrides,
    }


def signed_with_dev_key(settings: Settings, payload: dict[str, Any]) -> str:
    private_pem = ensure_dev_keys(settings.dev_keys_dir).read_bytes()
    return jwt.encode(payload, private_pem, algorithm="RS256", headers={"kid": KEY_ID})


def rejected(verifier: JwksVerifier, token: str) -> Problem:
    with pytest.raises(Problem) as caught:
        verifier.verify(token)
    return caught.value


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_a_valid_token_gives_the_subject_and_roles(
    dev_settings: Settings, verifier: JwksVerifier
) -> None:
    subject = uuid4()
    token = mint_token(
        dev_settings, subject=subject, roles=["professional", "coordinator"], locale="fi"
    )

    assert verifier.verify(token) == Principal(
        subject, frozenset({Role.PROFESSIONAL, Role.COORDINATOR}), "fi", "fi"
    )


def test_a_token_without_a_locale_speaks_swedish_and_says_it_was_not_given(
    dev_settings: Settings, verifier: JwksVerifier
) -> None:
    token = mint_token(dev_settings, subject=uuid4(), roles=["guardian"], locale=None)

    principal = verifier.verify(token)
    assert (principal.language, principal.locale) == ("sv", None)


def test_unknown_roles_are_dropped(dev_settings: Settings, verifier: JwksVerifier) -> None:
    token = mint_token(dev_settings, subject=uuid4(), roles=["guardian", "superuser", "root"])

    assert verifier.verify(token).roles == frozenset({Role.GUARDIAN})


def test_a_token_without_roles_has_none(dev_settings: Settings, verifier: JwksVerifier) -> None:
    payload = claims(dev_settings)
    del payload["roles"]

    assert verifier.verify(signed_with_dev_key(dev_settings, payload)).roles == frozenset()


def test_a_token_signed_by_another_key_with_our_key_id_is_rejected(
    dev_settings: Settings, verifier: JwksVerifier
) -> None:
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(
        claims(dev_settings, roles=["admin"]), forger, algorithm="RS256", headers={"kid": KEY_ID}
    )

    assert rejected(verifier, token).status == 401


def test_an_expired_token_is_rejected(dev_settings: Settings, verifier: JwksVerifier) -> None:
    token = mint_token(dev_settings, subject=uuid4(), roles=["guardian"], lifetime_seconds=-60)

    assert rejected(verifier, token).status == 401


def test_a_token_for_another_audience_is_rejected(
    dev_settings: Settings, verifier: JwksVerifier
) -> None:
    token = signed_with_dev_key(dev_settings, claims(dev_settings, aud="another-service"))

    assert rejected(verifier, token).status == 401


def test_a_token_from_another_issuer_is_rejected(
    dev_settings: Settings, verifier: JwksVerifier
) -> None:
    token = signed_with_dev_key(dev_settings, claims(dev_settings, iss="https://evil.example"))

    assert rejected(verifier, token).status == 401


@pytest.mark.parametrize("claim", ["exp", "sub", "iss", "aud"])
def test_a_token_missing_a_required_claim_is_rejected(
    dev_settings: Settings, verifier: JwksVerifier, claim: str
) -> None:
    payload = claims(dev_settings)
    del payload[claim]

    assert rejected(verifier, signed_with_dev_key(dev_settings, payload)).status == 401


def test_a_subject_that_is_not_a_pseudonymous_id_is_rejected(
    dev_settings: Settings, verifier: JwksVerifier
) -> None:
    token = signed_with_dev_key(dev_settings, claims(dev_settings, sub="010190-123A"))

    assert rejected(verifier, token).status == 401


@pytest.mark.parametrize("reserved", [UUID(int=0), UUID(int=(1 << 128) - 1)], ids=["nil", "max"])
def test_a_reserved_subject_is_rejected(
    dev_settings: Settings, verifier: JwksVerifier, reserved: UUID
) -> None:
    token = signed_with_dev_key(
        dev_settings, claims(dev_settings, sub=str(reserved), roles=["coordinator", "admin"])
    )

    problem = rejected(verifier, token)

    assert problem.status == 401
    assert "reserved" in (problem.detail or "")


def test_an_unsigned_token_is_rejected(dev_settings: Settings, verifier: JwksVerifier) -> None:
    token = jwt.encode(
        claims(dev_settings, roles=["admin"]), "", algorithm="none", headers={"kid": KEY_ID}
    )

    assert rejected(verifier, token).status == 401


def test_a_token_signed_with_the_public_key_as_an_hmac_secret_is_rejected(
    dev_settings: Settings, verifier: JwksVerifier
) -> None:
    # The classic algorithm confusion: HS256 keyed with the RSA public key everyone can read.
    private_pem = ensure_dev_keys(dev_settings.dev_keys_dir).read_bytes()
    private_key = serialization.load_pem_private_key(private_pem, password=None)
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT", "kid": KEY_ID}).encode())
    body = b64url(json.dumps(claims(dev_settings, roles=["admin"])).encode())
    signature = hmac.new(public_pem, f"{header}.{body}".encode(), hashlib.sha256).digest()

    assert rejected(verifier, f"{header}.{body}.{b64url(signature)}").status == 401


@pytest.mark.parametrize("roles", [5, "admin", [{"a": 1}], [1, 2]])
def test_roles_that_are_not_a_list_of_names_are_refused(
    dev_settings: Settings, roles: object
) -> None:
    private = ensure_dev_keys(dev_settings.dev_keys_dir).read_bytes()
    now = int(time.time())
    token = jwt.encode(
        {
            "sub": str(uuid4()),
            "roles": roles,
            "iss": dev_settings.jwt_issuer,
            "aud": dev_settings.jwt_audience,
            "iat": now,
            "exp": now + 60,
        },
        private,
        algorithm="RS256",
        headers={"kid": KEY_ID},
    )

    with pytest.raises(Problem) as refused:
        JwksVerifier(dev_settings).verify(token)

    assert refused.value.status == 401
