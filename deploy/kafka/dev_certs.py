"""Development TLS material for the compose Kafka: a throwaway CA and the broker's keystore.

    KAFKA_KEYSTORE_PASSWORD=... python deploy/kafka/dev_certs.py <broker dir> <ca dir>

Compose runs this once (the `kafka-certs` one-shot) into two volumes; a second run keeps
what is there. Production never uses it: operators mount their own CA-signed broker keystore
and give the services the CA certificate (FC_KAFKA_SSL_CAFILE).

Writes
  <broker dir>/kafka.p12  the broker's key and certificate chain (PKCS#12, the password from
                          KAFKA_KEYSTORE_PASSWORD), valid for `kafka` and `localhost`
  <broker dir>/ca.crt     the CA, for the broker's own connections to its listeners
  <ca dir>/ca.crt         the CA certificate the clients trust (PEM): all the services see
The CA's private key is not kept: nothing more is ever signed with it.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

BROKER_NAMES = ["kafka", "localhost"]
VALID_DAYS = 825


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Familjecentret dev"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def generate(directory: Path, ca_directory: Path, password: str) -> bool:
    """Write the material; False when it was already there."""
    if (ca_directory / "ca.crt").exists() and (directory / "kafka.p12").exists():
        return False
    directory.mkdir(parents=True, exist_ok=True)
    ca_directory.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Familjecentret dev CA"))
        .issuer_name(_name("Familjecentret dev CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    broker_key = ec.generate_private_key(ec.SECP256R1())
    broker = (
        x509.CertificateBuilder()
        .subject_name(_name("kafka"))
        .issuer_name(ca.subject)
        .public_key(broker_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(VALID_DAYS))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in BROKER_NAMES]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    keystore = pkcs12.serialize_key_and_certificates(
        b"kafka", broker_key, broker, [ca], serialization.BestAvailableEncryption(password.encode())
    )
    (directory / "kafka.p12").write_bytes(keystore)
    for place in (directory, ca_directory):
        (place / "ca.crt").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    # Readable by the broker's and the services' users (other uids than this one-shot's);
    # development material in development volumes, the keystore itself password-protected.
    for path in [*directory.iterdir(), *ca_directory.iterdir()]:
        path.chmod(0o644)
    return True


def main(argv: list[str]) -> int:
    password = os.environ.get("KAFKA_KEYSTORE_PASSWORD", "")
    if len(argv) != 2 or not password:
        print(__doc__, file=sys.stderr)
        return 2
    made = generate(Path(argv[0]), Path(argv[1]), password)
    print("development Kafka certificates " + ("written" if made else "already present"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
