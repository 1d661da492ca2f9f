"""The `familjecentret` command line (Typer)."""

from __future__ import annotations

import asyncio
import signal
import time
from typing import Annotated
from uuid import UUID, uuid4

import typer

from familjecentret.settings import StackSettings
from fc_notify.settings import DEV_SMS_GATEWAY_PORT
from fc_shared.devkeys import ensure_dev_keys, mint_token

app = typer.Typer(help="Familjecentret: the digital family centre.", no_args_is_help=True)


@app.command()
def up() -> None:
    """Start PostgreSQL, Kafka (Tansu), SMTP and SMS sinks and all four services; Ctrl-C stops."""
    from familjecentret.stack import run_stack

    # Ctrl-C, and SIGTERM from a supervisor, stop the stack; set both explicitly, since a
    # shell that starts us in the background leaves SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        run_stack(StackSettings())
    except RuntimeError as error:  # a port taken, a server that would not start
        typer.echo(f"familjecentret up: {error}", err=True)
        raise typer.Exit(1) from error


@app.command()
def migrate(
    service: Annotated[
        str | None,
        typer.Option(
            help="migrate only this service's database, as the role FC_DATABASE_URL names (its "
            "own, in compose and Kubernetes); the database must exist"
        ),
    ] = None,
    seed: Annotated[
        bool,
        typer.Option(help="then load the reference data (with --service network: it is network's)"),
    ] = False,
) -> None:
    """Create the service databases when missing and apply every migration; or, with
    --service, migrate one service's existing database as that service's own role."""
    from familjecentret.migrate_service import migrate_one
    from familjecentret.operations import migrate_all, seed_reference_data
    from familjecentret.services import SERVICES

    settings = StackSettings()
    names = [spec.name for spec in SERVICES]
    if service is None:
        asyncio.run(migrate_all(settings))
        if seed:
            asyncio.run(seed_reference_data(settings))
        typer.echo(f"migrated: {', '.join(names)}" + (" and seeded" if seed else ""))
        return
    if service not in names:
        raise typer.BadParameter(f"one of {', '.join(names)}", param_hint="--service")
    if seed and service != "network":
        raise typer.BadParameter(
            "the reference data is network's: only with network", param_hint="--seed"
        )
    asyncio.run(migrate_one(settings, service, seed=seed))
    typer.echo(f"migrated: {service}" + (" and seeded" if seed else ""))


@app.command()
def seed(
    demo: Annotated[
        bool,
        typer.Option(
            help="then make the demo data set through the running services (`familjecentret "
            "up`): services and advice in sv/fi/en, a meeting point with a group activity, a "
            "family worker's calendar, a family; running it again changes nothing"
        ),
    ] = False,
) -> None:
    """Load the Österbotten reference data (the twelve municipalities), and the demo set."""
    from familjecentret.operations import seed_reference_data

    settings = StackSettings()
    count = asyncio.run(seed_reference_data(settings))
    typer.echo(f"seeded {count} municipalities")
    if demo:
        from familjecentret.demo import DemoFailed, demo_report, seed_demo

        try:
            typer.echo(demo_report(asyncio.run(seed_demo(settings))))
        except DemoFailed as error:
            typer.echo(f"familjecentret seed --demo: {error}", err=True)
            raise typer.Exit(1) from error


@app.command("rotate-field-key")
def rotate_field_key(
    service: Annotated[str, typer.Option(help="the service whose database holds the data keys")],
) -> None:
    """Re-wrap every data key of the service's field encryption under the current master key
    (FC_FIELD_KEY_ID among FC_FIELD_KEYS); running it again changes nothing. Afterwards the
    older master keys can be taken out of FC_FIELD_KEYS."""
    from familjecentret.operations import rotate_field_key as rotate
    from familjecentret.services import SERVICES
    from fc_shared.field_crypto import FieldCryptoError

    if service not in [spec.name for spec in SERVICES]:
        raise typer.BadParameter(
            f"one of {', '.join(s.name for s in SERVICES)}", param_hint="--service"
        )
    try:
        count, current = asyncio.run(rotate(StackSettings(), service))
    except FieldCryptoError as error:
        typer.echo(f"familjecentret rotate-field-key: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"re-wrapped {count} data keys of {service} under master key {current}")


@app.command("sms-sink")
def sms_sink(
    host: Annotated[str, typer.Option(help="listen here (0.0.0.0 in a container)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="listen on this port")] = DEV_SMS_GATEWAY_PORT,
) -> None:
    """Run the development SMS gateway by itself (`up` starts its own), for docker compose:
    it takes FC_SMS_GATEWAY_TOKEN, signs reports with FC_SMS_REPORT_SECRET, and keeps every
    message in FC_DATA_DIR/sms.jsonl. Ctrl-C stops."""
    from familjecentret.sms_sink import SmsSink

    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `docker stop`
    settings = StackSettings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    sink = SmsSink(
        port,
        host=host,
        token=settings.sms_gateway_token.get_secret_value(),
        report_secret=settings.sms_report_secret.get_secret_value(),
        log_path=settings.data_dir / "sms.jsonl",
    )
    sink.start()
    typer.echo(f"SMS sink on {host}:{port}; messages kept in {sink.log_path}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        sink.stop()


@app.command("dev-keys")
def dev_keys() -> None:
    """Create the development signing key pair and its JWKS, if missing."""
    settings = StackSettings()
    ensure_dev_keys(settings.dev_keys_dir)
    typer.echo(f"JWKS: {settings.effective_jwks_url}")


@app.command()
def token(
    role: Annotated[list[str], typer.Option(help="guardian, professional, coordinator, ...")],
    subject: Annotated[UUID | None, typer.Option(help="subject id; a new one if left out")] = None,
    locale: Annotated[str, typer.Option(help="sv, fi or en")] = "sv",
    hours: Annotated[int, typer.Option(help="lifetime in hours")] = 8,
    acr: Annotated[
        str | None,
        typer.Option(help="sign-in level, e.g. http://ftn.ficora.fi/2017/loa3 (strong)"),
    ] = None,
) -> None:
    """Mint a development bearer token signed with the local key pair."""
    typer.echo(
        mint_token(
            StackSettings(),
            subject=subject or uuid4(),
            roles=role,
            locale=locale,
            lifetime_seconds=hours * 3600,
            acr=acr,
        )
    )
