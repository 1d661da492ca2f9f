"""The development signing key pair, the development field-encryption key and token minting
(never used in production)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from uuid import UUID

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from fc_shared.field_keys import ensure_dev_field_key
from fc_shared.settings import Settings

KEY_ID = "fc-dev-1"


def ensure_dev_keys(directory: Path) -> Path:
    """Create the key pair and its JWKS, and the development master key of field encryption
    (fc_shared.field_keys), once; return the private key's path."""
    directory.mkdir(parents=True, exist_ok=True)
    ensure_dev_field_key(directory)
    private_path = directory / "private.pem"
    if not private_path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        private_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        private_path.chmod(0o600)
        public_jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
        public_jwk.update({"kid": KEY_ID, "use": "sig", "alg": "RS256"})
        (directory / "jwks.json").write_text(json.dumps({"keys": [public_jwk]}, indent=2))
    return private_path


def mint_token(
    settings: Settings,
    *,
    subject: UUID,
    roles: list[str],
    locale: str | None = "sv",
    lifetime_seconds: int = 3600,
    acr: str | None = None,
) -> str:
    """A development token; `locale=None` leaves the claim out, as some sign-ins do; `acr`
    is the sign-in's level (Suomi.fi: http://ftn.ficora.fi/2017/loa3), left out by default."""
    private_pem = ensure_dev_keys(settings.dev_keys_dir).read_bytes()
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": str(subject),
        "roles": roles,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + lifetime_seconds,
    }
    if locale is not None:
        claims["locale"] = locale
    if acr is not None:
        claims["acr"] = acr
    return jwt.encode(claims, private_pem, algorithm="RS256", headers={"kid": KEY_ID})
