"""One settings model for every service, read from FC_-prefixed environment variables.

The defaults point at the embedded development stack (`familjecentret up`), so a newcomer
needs to set nothing; production sets the URLs of its own PostgreSQL and Kafka.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url

DEFAULT_DATA_DIR = Path(".familjecentret")


class Settings(BaseSettings):
    """Runtime configuration; every field is an `FC_<NAME>` environment variable."""

    model_config = SettingsConfigDict(env_prefix="FC_", env_file=".env", extra="ignore")

    # Where the embedded stack keeps its data between runs (database files, dev keys, mail).
    data_dir: Path = DEFAULT_DATA_DIR

    # PostgreSQL server; each service uses its own database on it, named after the service.
    database_url: str = "postgresql://postgres@127.0.0.1:55432/postgres"
    database_name_prefix: str = ""
    database_pool_size: int = 10
    database_timeout_seconds: float = 3.0

    kafka_bootstrap_servers: str = "127.0.0.1:19092"
    # Off for the embedded Tansu broker, which cannot hand out producer ids; on for Apache Kafka.
    kafka_idempotence: bool = False
    # How soon clients notice new topics and partitions (Kafka's default is five minutes;
    # after a broker loses its topics, as Tansu's memory storage does, that is too slow).
    kafka_metadata_max_age_ms: int = 10_000
    # How the services prove who they are to a secured cluster. PLAINTEXT with nothing set is
    # the embedded Tansu broker; production runs SASL_SSL: TLS so nobody on the network reads
    # or forges traffic, and a SCRAM user per service so the broker's ACLs (generated from the
    # topic contracts: familjecentret.acls) let each service write only its own topics.
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"] = "SCRAM-SHA-512"
    kafka_sasl_username: str = ""
    kafka_sasl_password: SecretStr = SecretStr("")
    # The CA that signed the brokers' certificates (empty: the system's trusted CAs); a client
    # certificate and key only for clusters that also ask for mutual TLS.
    kafka_ssl_cafile: str = ""
    kafka_ssl_certfile: str = ""
    kafka_ssl_keyfile: str = ""
    topic_prefix: str = ""
    topic_partitions: int = 3
    topic_replication_factor: int = 1

    outbox_poll_seconds: float = 0.2
    outbox_batch_size: int = 100
    consumer_max_attempts: int = 3
    consumer_retry_backoff_seconds: float = 0.2

    http_host: str = "127.0.0.1"
    http_port: int = 0  # 0: the service's own default port

    # JWT verification: a JWKS by URL (https:// or file://), issuer and audience.
    jwks_url: str = ""
    jwt_issuer: str = "familjecentret-dev"
    jwt_audience: str = "familjecentret"

    # Field encryption's master keys (fc_shared.field_keys): `id:base64key` entries, comma-
    # separated, each 32 random bytes (`openssl rand -base64 32`), and the id of the current
    # one, which new data keys are wrapped under (`familjecentret rotate-field-key` re-wraps
    # the rest). Production sets both from a secret; left empty, the development key in
    # `dev_keys_dir` is used, with a warning in the log.
    field_keys: SecretStr = SecretStr("")
    field_key_id: str = ""

    otel_exporter: Literal["none", "console", "otlp"] = "none"
    otel_endpoint: str = "http://127.0.0.1:4318"
    log_level: str = "INFO"
    log_json: bool = True

    @cached_property
    def dev_keys_dir(self) -> Path:
        return self.data_dir / "dev-keys"

    @property
    def effective_jwks_url(self) -> str:
        return self.jwks_url or (self.dev_keys_dir.resolve() / "jwks.json").as_uri()

    def database_name(self, service: str) -> str:
        return f"{self.database_name_prefix}{service}"

    def service_database_url(self, service: str) -> URL:
        """The asyncpg URL of one service's own database on the configured server."""
        url = make_url(self.database_url).set(drivername="postgresql+asyncpg")
        return url.set(database=self.database_name(service))

    def admin_database_url(self) -> URL:
        """The server's maintenance database, used only to create the service databases."""
        return make_url(self.database_url).set(drivername="postgresql+asyncpg")

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"

    def consumer_group(self, name: str) -> str:
        """A consumer group's id: behind the topic prefix, like the topics, so regions that
        share a cluster never share a group, and the ACLs can grant each region's service
        the groups under `<prefix><service>.` only (familjecentret.acls)."""
        return f"{self.topic_prefix}{name}"
