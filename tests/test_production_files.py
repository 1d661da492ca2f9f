"""The production files (compose, Dockerfile, Kubernetes) agree with each other and the code.

These are the mistakes that otherwise surface only at `docker compose up` or in a cluster: a
misspelt FC_ variable that is silently ignored, a port published that the service does not
listen on, an image target that does not exist, a dependency on a service that was renamed.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from familjecentret import acls
from familjecentret.settings import StackSettings
from fc_shared.bus import dead_letter_topic
from fc_shared.events.contracts import TOPICS
from fc_shared.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
K8S_BASE = ROOT / "deploy" / "k8s" / "base"
OSTERBOTTEN = ROOT / "deploy" / "k8s" / "overlays" / "osterbotten"
COMPOSE_ACLS = ROOT / "deploy" / "kafka" / "acls.sh"
OSTERBOTTEN_ACLS = OSTERBOTTEN / "kafka-acls.sh"
# The region's topic prefix and its principals' prefix, as the overlay's ACL file is made.
OSTERBOTTEN_PREFIXES = ("osterbotten.", "osterbotten-")

# Each HTTP service and the port it listens on by default.
SERVICE_PORTS = {"network": 8001, "booking": 8002, "forms": 8003, "notify": 8004, "chat": 8005}
# The services that encrypt fields at rest, each under master keys of its own.
FIELD_ENCRYPTING = ("forms", "chat")
SERVICES = sorted(SERVICE_PORTS)
CONFIG_MAP = "familjecentret-config"

STAGE = re.compile(r"^FROM\s+(?:--\S+\s+)*\S+\s+AS\s+(\S+)\s*$", re.IGNORECASE)


def as_mapping(value: object, where: str) -> dict[str, Any]:
    assert isinstance(value, dict), f"{where}: expected a mapping, got {value!r}"
    return {str(key): item for key, item in value.items()}


def as_list(value: object, where: str) -> list[Any]:
    assert isinstance(value, list), f"{where}: expected a list, got {value!r}"
    return value


def load_yaml(path: Path) -> dict[str, Any]:
    return as_mapping(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


def load_documents(path: Path) -> list[dict[str, Any]]:
    documents = yaml.safe_load_all(path.read_text(encoding="utf-8"))
    return [as_mapping(document, str(path)) for document in documents if document is not None]


def scalar(value: object) -> str:
    """A YAML scalar as the environment sees it (YAML `true` becomes the string "true")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def compose_services() -> dict[str, dict[str, Any]]:
    services = as_mapping(load_yaml(COMPOSE_FILE).get("services"), "compose services")
    return {name: as_mapping(service, name) for name, service in services.items()}


def compose_environment(service: dict[str, Any]) -> dict[str, str]:
    """`environment:` in either compose form: a mapping or a list of KEY=VALUE."""
    env = service.get("environment", {})
    if isinstance(env, list):
        pairs = (str(item).partition("=") for item in env)
        return {key: value for key, _, value in pairs}
    return {key: scalar(value) for key, value in as_mapping(env, "environment").items()}


def published_ports(service: dict[str, Any]) -> list[tuple[int, int]]:
    """(published, container) pairs from `ports:` in short ("[ip:]8001:8001") or long form."""
    pairs: list[tuple[int, int]] = []
    for entry in as_list(service.get("ports", []), "ports"):
        if isinstance(entry, dict):
            pairs.append((int(entry["published"]), int(entry["target"])))
        else:
            *_, published, target = str(entry).split("/")[0].split(":")
            pairs.append((int(published), int(target)))
    return pairs


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    """Dependency name -> condition, from either compose form (a list or a mapping)."""
    dependencies = service.get("depends_on", {})
    if isinstance(dependencies, list):
        return {str(name): "service_started" for name in dependencies}
    return {
        name: str(as_mapping(spec, name).get("condition", "service_started"))
        for name, spec in as_mapping(dependencies, "depends_on").items()
    }


def dockerfile_stages() -> dict[str, list[str]]:
    """Each named stage (`FROM ... AS name`) with its instructions, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    stages: dict[str, list[str]] = {}
    current: list[str] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line or line.startswith("#"):
            continue
        match = STAGE.match(line)
        if match:
            current = stages.setdefault(match.group(1), [])
        current.append(line)
    return stages


def instruction(stage: list[str], keyword: str) -> str:
    """The argument of the stage's last `keyword` instruction (the one that takes effect)."""
    found = [line.split(None, 1)[1] for line in stage if line.upper().startswith(keyword + " ")]
    assert found, f"no {keyword} in stage {stage[0]!r}"
    return found[-1]


def generated_config(kustomization: Path) -> dict[str, str]:
    """The literals of the kustomization's `familjecentret-config` ConfigMap generator."""
    generators = as_list(load_yaml(kustomization).get("configMapGenerator"), "configMapGenerator")
    literals: dict[str, str] = {}
    for generator in (as_mapping(item, "generator") for item in generators):
        if generator.get("name") == CONFIG_MAP:
            for literal in as_list(generator.get("literals"), "literals"):
                key, _, value = str(literal).partition("=")
                literals[key] = value
    return literals


def k8s_base_documents() -> list[dict[str, Any]]:
    return [
        document
        for path in sorted(K8S_BASE.glob("*.yaml"))
        for document in load_documents(path)
        if path.name != "kustomization.yaml"
    ]


def pod_containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    spec = as_mapping(as_mapping(workload["spec"]["template"], "template")["spec"], "pod spec")
    return [as_mapping(container, "container") for container in spec["containers"]]


def secret_refs(container: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Variable -> (Secret name, key) for each `valueFrom.secretKeyRef` of the container."""
    refs: dict[str, tuple[str, str]] = {}
    for item in container.get("env", []):
        ref = item.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            refs[str(item["name"])] = (str(ref["name"]), str(ref["key"]))
    return refs


def container_env(container: dict[str, Any]) -> dict[str, str]:
    return {str(item["name"]): scalar(item.get("value")) for item in container.get("env", [])}


def assert_names_and_values_are_settings(env: dict[str, str], where: str) -> None:
    fc_vars = {name: value for name, value in env.items() if name.startswith("FC_")}
    # A setting of the platform or of a service (StackSettings holds every service's own).
    known = StackSettings.model_fields
    unknown = sorted(name for name in fc_vars if name[3:].lower() not in known)
    assert not unknown, f"{where}: not settings of the platform or any service: {unknown}"
    # The values must parse too: a port that is no number or an unknown exporter name.
    StackSettings.model_validate({name[3:].lower(): value for name, value in fc_vars.items()})


# --- docker compose --------------------------------------------------------------------------


def test_compose_builds_exactly_the_http_services_from_their_own_dockerfile_targets() -> None:
    stages = dockerfile_stages()
    built = {
        name: as_mapping(service["build"], f"{name}.build")
        for name, service in compose_services().items()
        if "build" in service
    }
    http_services = {name for name, build in built.items() if build.get("target") != "cli"}

    assert http_services == set(SERVICES)
    for name in SERVICES:
        assert built[name].get("context") == "."
        assert built[name].get("dockerfile") == "deploy/Dockerfile"
        assert built[name]["target"] == name
        assert name in stages, f"deploy/Dockerfile has no `FROM ... AS {name}` stage"


@pytest.mark.parametrize("service", SERVICES)
def test_dockerfile_target_runs_the_service_module_on_its_port(service: str) -> None:
    stage = dockerfile_stages()[service]

    assert json.loads(instruction(stage, "CMD")) == ["python", "-m", f"fc_{service}"]
    assert instruction(stage, "EXPOSE") == str(SERVICE_PORTS[service])
    assert f"FC_HTTP_PORT={SERVICE_PORTS[service]}" in instruction(stage, "ENV").split()


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_waits_for_its_own_migrate_step_run_as_its_own_role(service: str) -> None:
    services = compose_services()
    migrate = services[f"migrate-{service}"]
    url = compose_environment(migrate)["FC_DATABASE_URL"]

    assert as_mapping(migrate["build"], "migrate.build")["target"] == "cli"
    assert "cli" in dockerfile_stages()
    command = as_list(migrate["command"], "command")
    assert command[:4] == ["familjecentret", "migrate", "--service", service]
    # Reference data: network's municipalities, forms' built-in forms.
    assert ("--seed" in command) == (service in ("network", "forms"))
    assert depends_on(migrate).get("postgres") == "service_healthy"
    # The same role and database as the service itself, so its tables are the role's own.
    assert url == compose_environment(services[service])["FC_DATABASE_URL"]
    assert depends_on(services[service]).get(f"migrate-{service}") == (
        "service_completed_successfully"
    )


@pytest.mark.parametrize("service", SERVICES)
def test_published_port_is_the_port_the_service_listens_on(service: str) -> None:
    compose_service = compose_services()[service]
    port = SERVICE_PORTS[service]

    assert compose_environment(compose_service)["FC_HTTP_PORT"] == str(port)
    assert published_ports(compose_service) == [(port, port)]


def test_every_fc_variable_in_compose_is_a_setting() -> None:
    checked: set[str] = set()
    for name, service in compose_services().items():
        env = compose_environment(service)
        assert_names_and_values_are_settings(env, f"compose service {name}")
        if "FC_HTTP_PORT" in env:
            checked.add(name)

    assert checked == set(SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_service_package_has_a_main_module(service: str) -> None:
    spec = importlib.util.find_spec(f"fc_{service}")

    assert spec is not None, f"fc_{service} is not installed"
    locations = list(spec.submodule_search_locations or [])
    assert any((Path(location) / "__main__.py").is_file() for location in locations)


def test_kafka_runs_in_kraft_mode_without_zookeeper() -> None:
    env = compose_environment(compose_services()["kafka"])

    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert "KAFKA_CONTROLLER_QUORUM_VOTERS" in env
    assert not any(name.startswith("KAFKA_ZOOKEEPER") for name in env)


def test_every_service_uses_the_idempotent_producer_against_the_compose_kafka() -> None:
    services = compose_services()
    for name in SERVICES:
        env = compose_environment(services[name])
        assert env["FC_KAFKA_IDEMPOTENCE"].lower() == "true", name
        for server in env["FC_KAFKA_BOOTSTRAP_SERVERS"].split(","):
            assert server.rsplit(":", 1)[0] in services, f"{name}: unknown broker {server}"


def test_every_depends_on_names_an_existing_service() -> None:
    services = compose_services()
    edges = [(name, target) for name, service in services.items() for target in depends_on(service)]

    assert len(edges) >= len(SERVICES)
    assert [edge for edge in edges if edge[1] not in services] == []


# --- Kubernetes --------------------------------------------------------------------------------


def test_k8s_config_map_holds_only_settings() -> None:
    base = generated_config(K8S_BASE / "kustomization.yaml")

    assert base["FC_KAFKA_IDEMPOTENCE"] == "true"
    assert_names_and_values_are_settings(base, "k8s base ConfigMap")
    overlay = generated_config(OSTERBOTTEN / "kustomization.yaml")
    assert_names_and_values_are_settings(overlay, "osterbotten ConfigMap")


def test_k8s_base_has_a_deployment_and_service_per_service_with_health_probes() -> None:
    documents = k8s_base_documents()
    deployments = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Deployment"}
    k8s_services = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Service"}

    assert set(deployments) == set(SERVICES)
    assert set(k8s_services) == set(SERVICES)
    for name, port in SERVICE_PORTS.items():
        (container,) = pod_containers(deployments[name])
        env = container_env(container)
        assert_names_and_values_are_settings(env, f"k8s deployment {name}")
        assert env["FC_HTTP_PORT"] == str(port)
        assert [p["containerPort"] for p in container["ports"]] == [port]
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        config_maps = [source["configMapRef"]["name"] for source in container["envFrom"]]
        assert config_maps == [CONFIG_MAP]
        assert [p["port"] for p in k8s_services[name]["spec"]["ports"]] == [port]


def test_k8s_migrates_each_service_as_its_own_role() -> None:
    jobs = {d["metadata"]["name"]: d for d in k8s_base_documents() if d["kind"] == "Job"}

    assert set(jobs) == {f"familjecentret-migrate-{service}" for service in SERVICES}
    for service in SERVICES:
        (container,) = pod_containers(jobs[f"familjecentret-migrate-{service}"])
        assert_names_and_values_are_settings(container_env(container), "k8s migrate job")
        assert container["command"][:4] == ["familjecentret", "migrate", "--service", service]
        assert secret_refs(container)["FC_DATABASE_URL"] == (
            f"familjecentret-{service}-database",
            "url",
        )


def test_osterbotten_overlay_sets_its_namespace_and_topic_prefix() -> None:
    kustomization = load_yaml(OSTERBOTTEN / "kustomization.yaml")

    assert kustomization["namespace"]
    assert "../../base" in kustomization["resources"]
    assert generated_config(OSTERBOTTEN / "kustomization.yaml")["FC_TOPIC_PREFIX"] == "osterbotten."


# --- who may speak on the broker and in the database ------------------------------------------


def kafka_environment() -> dict[str, str]:
    return compose_environment(compose_services()["kafka"])


def test_compose_kafka_listens_with_sasl_ssl_only() -> None:
    env = kafka_environment()
    protocols = dict(
        pair.split(":") for pair in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
    )
    listeners = [entry.split("://")[0] for entry in env["KAFKA_LISTENERS"].split(",")]
    advertised = [entry.split("://")[0] for entry in env["KAFKA_ADVERTISED_LISTENERS"].split(",")]

    assert set(protocols.values()) == {"SASL_SSL"}
    assert set(listeners) == set(protocols)
    assert set(advertised) <= set(protocols)
    assert "PLAINTEXT" not in env["KAFKA_LISTENERS"] + env["KAFKA_ADVERTISED_LISTENERS"]
    # The services' listener takes SCRAM only, so a service can log in only as its own user.
    assert env["KAFKA_LISTENER_NAME_CLIENT_SASL_ENABLED_MECHANISMS"] == "SCRAM-SHA-512"
    for name in listeners:
        assert f"KAFKA_LISTENER_NAME_{name}_SASL_ENABLED_MECHANISMS" in env, name
    assert env["KAFKA_SSL_KEYSTORE_LOCATION"].startswith("/etc/kafka/secrets/")


def test_compose_kafka_denies_what_no_acl_allows() -> None:
    env = kafka_environment()

    assert env["KAFKA_AUTHORIZER_CLASS_NAME"] == (
        "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
    )
    assert env["KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"] == "false"
    assert env["KAFKA_SUPER_USERS"] == "User:admin"
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert not {name for name in env if "ALLOW_EVERYONE" in name} - {
        "KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"
    }


def test_no_password_is_written_into_the_compose_file() -> None:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    for service in compose_services().values():
        for name, value in compose_environment(service).items():
            if "PASSWORD" in name:
                assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]*\}", value), name
    assert "postgres:postgres@" not in text


@pytest.mark.parametrize("service", SERVICES)
def test_each_compose_service_is_its_own_kafka_principal_and_database_role(
    service: str,
) -> None:
    services = compose_services()
    env = compose_environment(services[service])
    init = compose_environment(services["kafka-init"])

    assert env["FC_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert env["FC_KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512"
    assert env["FC_KAFKA_SASL_USERNAME"] == service
    # The password the operator step gives the user `service` is the one the service uses.
    assert env["FC_KAFKA_SASL_PASSWORD"] == init[f"KAFKA_PASSWORD_{service.upper()}"]
    assert env["FC_KAFKA_SSL_CAFILE"].startswith("/etc/familjecentret/kafka-ca/")
    assert any(
        str(volume).startswith("kafka-ca:/etc/familjecentret/kafka-ca")
        for volume in services[service]["volumes"]
    )
    url = env["FC_DATABASE_URL"]
    assert url.startswith(f"postgresql://{service}:${{{service.upper()}_DB_PASSWORD")
    assert url.endswith(f"@postgres:5432/{service}")
    assert depends_on(services[service]).get("kafka-init") == "service_completed_successfully"
    # And the role exists: the init script is mounted and has the password it needs.
    postgres = compose_environment(services["postgres"])
    assert postgres[f"{service.upper()}_DB_PASSWORD"] == (
        f"${{{service.upper()}_DB_PASSWORD:?see deploy/make-compose-env.sh}}"
    )


@pytest.mark.parametrize("service", FIELD_ENCRYPTING)
def test_field_encryption_keys_are_each_services_own(service: str) -> None:
    """Compose and Kubernetes give a service that encrypts fields its own master keys, and
    its migrate step (where rotate-field-key runs in compose) the same ones."""
    services = compose_services()
    prefix = service.upper()
    own = {"FC_FIELD_KEYS": f"{prefix}_FIELD_KEYS", "FC_FIELD_KEY_ID": f"{prefix}_FIELD_KEY_ID"}
    for step in (service, f"migrate-{service}"):
        env = compose_environment(services[step])
        for setting, variable in own.items():
            assert env[setting] == f"${{{variable}:?see deploy/make-compose-env.sh}}", step
    (deployment,) = [
        d
        for d in k8s_base_documents()
        if d["kind"] == "Deployment" and d["metadata"]["name"] == service
    ]
    refs = secret_refs(pod_containers(deployment)[0])
    assert refs["FC_FIELD_KEYS"] == (f"familjecentret-{service}-field-keys", "keys")
    assert refs["FC_FIELD_KEY_ID"] == (f"familjecentret-{service}-field-keys", "current")


def test_make_compose_env_prints_every_variable_compose_requires() -> None:
    required = set(re.findall(r"\$\{([A-Z_]+):\?", COMPOSE_FILE.read_text(encoding="utf-8")))
    script = ROOT / "deploy" / "make-compose-env.sh"
    if shutil.which("openssl") is None:
        pytest.skip("no openssl to run make-compose-env.sh with")
    result = subprocess.run(["sh", str(script)], capture_output=True, text=True, check=True)
    printed = dict(line.split("=", 1) for line in result.stdout.splitlines())

    assert sorted(required - set(printed)) == []
    assert all(value for value in printed.values())


def test_chat_runs_on_several_replicas_behind_the_ingress() -> None:
    (deployment,) = [
        d
        for d in k8s_base_documents()
        if d["kind"] == "Deployment" and d["metadata"]["name"] == "chat"
    ]
    env = container_env(pod_containers(deployment)[0])

    # Live delivery fans out across replicas (LISTEN/NOTIFY), so it runs on more than one.
    assert deployment["spec"]["replicas"] >= 2
    # The rate limits' client address comes from X-Forwarded-For, which the ingress sets.
    assert env["FC_CHAT_TRUST_FORWARDED_FOR"] == "true"


def test_compose_creates_the_database_roles_and_applies_the_generated_acls() -> None:
    services = compose_services()
    postgres_volumes = [str(volume) for volume in services["postgres"]["volumes"]]
    init = services["kafka-init"]
    init_env = compose_environment(init)

    assert (
        "./deploy/postgres/init-roles.sh:/docker-entrypoint-initdb.d/10-init-roles.sh:ro"
        in postgres_volumes
    )
    assert "./deploy/kafka:/deploy/kafka:ro" in init["volumes"]
    assert as_list(init["entrypoint"], "entrypoint") == ["bash", "/deploy/kafka/init.sh"]
    assert 'sh "$acls"' in (ROOT / "deploy" / "kafka" / "init.sh").read_text()
    # Every principal the ACLs name gets a SCRAM password from the operator step.
    _, rules = acls.parse_script(COMPOSE_ACLS.read_text(encoding="utf-8"))
    for principal in {rule.principal for rule in rules}:
        assert f"KAFKA_PASSWORD_{principal.upper()}" in init_env, principal
    # Healthy only once the server answers over TCP: while init-roles.sh runs, the image's
    # temporary server listens on the socket alone, and the migrate steps come over TCP.
    probe = as_list(services["postgres"]["healthcheck"]["test"], "healthcheck")
    assert "pg_isready" in probe
    assert probe[probe.index("-h") + 1] == "127.0.0.1"


@pytest.mark.parametrize(
    ("path", "prefixes"), [(COMPOSE_ACLS, ("", "")), (OSTERBOTTEN_ACLS, OSTERBOTTEN_PREFIXES)]
)
def test_the_checked_in_acls_are_the_generators_output(
    path: Path, prefixes: tuple[str, str]
) -> None:
    # Regenerate with the command in the file's second line after changing the contracts.
    assert path.read_text(encoding="utf-8") == acls.render(*prefixes)


@pytest.mark.parametrize(
    ("path", "prefixes"), [(COMPOSE_ACLS, ("", "")), (OSTERBOTTEN_ACLS, OSTERBOTTEN_PREFIXES)]
)
def test_each_principal_writes_only_what_it_owns_and_reads_only_what_it_consumes(
    path: Path, prefixes: tuple[str, str]
) -> None:
    topic_prefix, user_prefix = prefixes
    topics, rules = acls.parse_script(path.read_text(encoding="utf-8"))
    granted = {(r.principal, r.operation, r.resource, r.name, r.pattern) for r in rules}

    expected: set[tuple[str, str, str, str, str]] = set()
    for topic in TOPICS:
        name = f"{topic_prefix}{topic.name}"
        expected.add((f"{user_prefix}{topic.owner}", "Write", "topic", name, "literal"))
        for reader in topic.readers:
            expected.add((f"{user_prefix}{reader}", "Read", "topic", name, "literal"))
            expected.add(
                (f"{user_prefix}{reader}", "Write", "topic", dead_letter_topic(name), "literal")
            )
            expected.add(
                (f"{user_prefix}{reader}", "Read", "group", f"{topic_prefix}{reader}.", "prefixed")
            )
        if topic.analysts:
            expected.add((f"{user_prefix}analytics", "Read", "topic", name, "literal"))
    expected.add(
        (f"{user_prefix}analytics", "Read", "group", f"{topic_prefix}analytics.", "prefixed")
    )

    assert granted == expected
    # Said plainly, for the rules that matter most:
    for principal, operation, resource, name, _ in granted:
        service = principal.removeprefix(user_prefix)
        contract = next((t for t in TOPICS if f"{topic_prefix}{t.name}" == name), None)
        if resource == "topic" and operation == "Write" and contract is not None:
            assert contract.owner == service, f"{principal} may forge {name}"
        if resource == "topic" and operation == "Read":
            assert contract is not None, f"{principal} reads {name}, which no contract has"
            if service == "analytics":
                assert contract.analysts, f"analysts may read the services-only {name}"
            else:
                assert service in contract.readers, f"{principal} reads {name} unasked"
        assert operation in {"Read", "Write"}, "no one but the operators creates or alters"
    assert set(topics) == set(acls.cluster_topics(topic_prefix))


def test_the_services_groups_and_topics_are_within_their_acls() -> None:
    """The services' own code agrees with the ACLs: each subscriber's group is under its
    service's name, and each topic it publishes or reads is granted (built, not started)."""
    from familjecentret.services import SERVICES as SPECS

    _, rules = acls.parse_script(COMPOSE_ACLS.read_text(encoding="utf-8"))
    settings = Settings(jwks_url="file:///nonexistent/jwks.json")
    checked = 0
    for spec in SPECS:
        app = spec.create_app(settings)
        broker = app.state.context.broker
        mine = [rule for rule in rules if rule.principal == spec.name]
        readable = {
            rule.name for rule in mine if rule.operation == "Read" and rule.resource == "topic"
        }
        writable = {rule.name for rule in mine if rule.operation == "Write"}
        for subscriber in broker.subscribers:
            for topic in (t.name for t in subscriber.topics):
                assert topic in readable, f"{spec.name} reads {topic} without an ACL"
                assert dead_letter_topic(topic) in writable, f"{spec.name}: {topic}.dlt"
            assert subscriber.group_id.startswith(f"{spec.name}."), subscriber.group_id
        for publisher in broker.publishers:
            assert publisher.topic in writable, f"{spec.name} publishes {publisher.topic}"
        checked += len(broker.subscribers) + len(broker.publishers)
    assert checked >= len(TOPICS)


@pytest.mark.parametrize("service", SERVICES)
def test_k8s_services_take_their_credentials_from_their_own_secrets(service: str) -> None:
    documents = k8s_base_documents()
    (deployment,) = [
        d for d in documents if d["kind"] == "Deployment" and d["metadata"]["name"] == service
    ]
    (container,) = pod_containers(deployment)
    refs = secret_refs(container)
    base = generated_config(K8S_BASE / "kustomization.yaml")

    assert refs["FC_DATABASE_URL"] == (f"familjecentret-{service}-database", "url")
    assert refs["FC_KAFKA_SASL_USERNAME"] == (f"familjecentret-{service}-kafka", "username")
    assert refs["FC_KAFKA_SASL_PASSWORD"] == (f"familjecentret-{service}-kafka", "password")
    assert "FC_KAFKA_SASL_PASSWORD" not in base
    assert base["FC_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert base["FC_KAFKA_SASL_MECHANISM"].startswith("SCRAM-")
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    ca_dir = base["FC_KAFKA_SSL_CAFILE"].rsplit("/", 1)[0]
    volumes = {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}
    assert volumes[mounts[ca_dir]]["configMap"]["name"] == "familjecentret-kafka-ca"


def test_osterbotten_overlay_carries_its_acl_list_for_the_cluster_operators() -> None:
    generators = as_list(
        load_yaml(OSTERBOTTEN / "kustomization.yaml")["configMapGenerator"], "configMapGenerator"
    )
    (acl_map,) = [g for g in generators if g.get("name") == "familjecentret-kafka-acls"]
    topic_prefix = generated_config(OSTERBOTTEN / "kustomization.yaml")["FC_TOPIC_PREFIX"]

    assert acl_map["files"] == ["kafka-acls.sh"]
    assert topic_prefix == OSTERBOTTEN_PREFIXES[0]
