"""The Kafka clients authenticate as the settings say: the arguments aiokafka is given.

No secured cluster runs here, so these check what every client is handed: the FastStream
broker (through its security object) and the admin client take the same arguments.
"""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from faststream.kafka.security import parse_security

from fc_shared import bus
from fc_shared.bus import (
    KafkaSecurityError,
    broker_security,
    kafka_client_options,
    refused_topics,
)
from fc_shared.settings import Settings


@pytest.fixture(scope="module")
def ca_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway self-signed CA certificate, as operators would mount it."""
    from datetime import UTC, datetime, timedelta

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test CA")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = tmp_path_factory.mktemp("ca") / "ca.crt"
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


def secured(ca_file: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "kafka_security_protocol": "SASL_SSL",
        "kafka_sasl_mechanism": "SCRAM-SHA-512",
        "kafka_sasl_username": "booking",
        "kafka_sasl_password": "s3cret",
        "kafka_ssl_cafile": str(ca_file),
    }
    return Settings.model_validate({**values, **overrides})


def test_nothing_set_is_plaintext_for_the_embedded_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SECURITY_PROTOCOL",
        "SASL_MECHANISM",
        "SASL_USERNAME",
        "SASL_PASSWORD",
        "SSL_CAFILE",
        "SSL_CERTFILE",
        "SSL_KEYFILE",
    ):
        monkeypatch.delenv(f"FC_KAFKA_{name}", raising=False)

    settings = Settings(_env_file=None)

    assert kafka_client_options(settings) == {"security_protocol": "PLAINTEXT"}
    assert broker_security(settings) is None
    assert connection_of(settings).get("security_protocol", "PLAINTEXT") == "PLAINTEXT"


def test_sasl_ssl_with_scram_gives_the_user_and_a_verifying_tls_context(ca_file: Path) -> None:
    options = kafka_client_options(secured(ca_file))

    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_username"] == "booking"
    assert options["sasl_plain_password"] == "s3cret"
    context = options["ssl_context"]
    assert isinstance(context, ssl.SSLContext)
    # The broker's certificate and name are checked: TLS that trusts anyone is no TLS.
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert any(
        cert["subject"] == ((("commonName", "test CA"),),) for cert in context.get_ca_certs()
    )


def connection_of(settings: Settings) -> dict[str, Any]:
    """What the FastStream broker passes to aiokafka when it connects (a private attribute:
    FastStream keeps no public one, and this is exactly what reaches the clients)."""
    kwargs: dict[str, Any] = bus.create_broker(settings)._connection_kwargs
    return kwargs


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"])
@pytest.mark.parametrize("protocol", ["SASL_SSL", "SASL_PLAINTEXT"])
def test_the_broker_is_given_the_same_arguments_as_every_other_client(
    ca_file: Path, protocol: str, mechanism: str
) -> None:
    settings = secured(ca_file, kafka_security_protocol=protocol, kafka_sasl_mechanism=mechanism)
    expected = kafka_client_options(settings)

    given = connection_of(settings)

    for key in (
        "security_protocol",
        "sasl_mechanism",
        "sasl_plain_username",
        "sasl_plain_password",
    ):
        assert given[key] == expected[key], key
    assert isinstance(given["ssl_context"], ssl.SSLContext) == (protocol == "SASL_SSL")
    assert parse_security(broker_security(settings)).keys() <= given.keys()


def test_tls_without_sasl(ca_file: Path) -> None:
    settings = Settings(kafka_security_protocol="SSL", kafka_ssl_cafile=str(ca_file))

    options = kafka_client_options(settings)
    given = connection_of(settings)

    assert options.keys() == {"security_protocol", "ssl_context"}
    assert given["security_protocol"] == "SSL"
    assert isinstance(given["ssl_context"], ssl.SSLContext)


def test_the_password_is_a_secret_in_the_settings(ca_file: Path) -> None:
    settings = secured(ca_file)

    assert "s3cret" not in repr(settings)
    assert "s3cret" not in str(settings.model_dump())


@pytest.mark.parametrize("missing", ["kafka_sasl_username", "kafka_sasl_password"])
def test_sasl_without_a_user_is_refused_at_start(ca_file: Path, missing: str) -> None:
    settings = secured(ca_file, **{missing: ""})

    with pytest.raises(KafkaSecurityError, match="FC_KAFKA_SASL_USERNAME"):
        kafka_client_options(settings)
    with pytest.raises(KafkaSecurityError):
        bus.create_broker(settings)


async def test_the_admin_client_that_checks_topics_authenticates_too(
    ca_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given: dict[str, Any] = {}

    class Admin:
        def __init__(self, **kwargs: Any) -> None:
            given.update(kwargs)

        async def start(self) -> None:
            pass

        async def list_topics(self) -> list[str]:
            return ["booking.bookings.v1"]

        async def close(self) -> None:
            pass

    monkeypatch.setattr(bus, "AIOKafkaAdminClient", Admin)
    settings = secured(ca_file, kafka_bootstrap_servers="kafka:9092")

    await bus.ensure_topics(settings, ["booking.bookings.v1"])

    assert given["bootstrap_servers"] == "kafka:9092"
    assert given["security_protocol"] == "SASL_SSL"
    assert given["sasl_mechanism"] == "SCRAM-SHA-512"
    assert given["sasl_plain_username"] == "booking"
    assert given["sasl_plain_password"] == "s3cret"
    assert isinstance(given["ssl_context"], ssl.SSLContext)


def test_a_create_the_broker_refused_is_told_and_one_that_already_exists_is_not() -> None:
    answer = [
        ("network.families.v1", 29, "Authorization failed."),
        ("booking.bookings.v1", 36, "Topic already exists."),
        ("forms.submissions.v1", 0, None),
    ]

    assert refused_topics(answer) == {"network.families.v1": 29}
    assert refused_topics(answer[1:]) == {}
