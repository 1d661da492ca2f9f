"""Migrate one service's database, as that service's own PostgreSQL role.

    FC_DATABASE_URL=postgresql://booking:...@postgres:5432/booking \\
        familjecentret migrate --service booking
    FC_DATABASE_URL=postgresql://network:...@postgres:5432/network \\
        familjecentret migrate --service network --seed

In compose and Kubernetes each service connects as a role that owns its own database and
may connect to no other (deploy/postgres/init-roles.sh), so `familjecentret migrate`, which
migrates all four with one URL, cannot run there: each service's migrate step runs this with
that service's credentials, and the tables end up owned by the role that uses them. The
database already exists (the operator step created it), so nothing here needs a superuser.
"""

from __future__ import annotations

from familjecentret.operations import seed_reference_data
from familjecentret.services import SERVICES
from fc_shared.migrations import upgrade
from fc_shared.settings import Settings


async def migrate_one(settings: Settings, service: str, *, seed: bool = False) -> None:
    (spec,) = [spec for spec in SERVICES if spec.name == service]
    await upgrade(settings, spec.name, spec.migrations_dir)
    if seed:
        await seed_reference_data(settings, [service])
