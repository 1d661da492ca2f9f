"""Migrate one service's database, as that service's own PostgreSQL role.

    FC_DATABASE_URL=postgresql://booking:...@postgres:5432/booking \\
        python -m familjecentret.migrate_service booking
    FC_DATABASE_URL=postgresql://network:...@postgres:5432/network \\
        python -m familjecentret.migrate_service network --seed

In compose and Kubernetes each service connects as a role that owns its own database and
may connect to no other (deploy/postgres/init-roles.sh), so `familjecentret migrate`, which
migrates all four with one URL, cannot run there: each service's migrate step runs this with
that service's credentials, and the tables end up owned by the role that uses them. The
database already exists (the operator step created it), so nothing here needs a superuser.
"""

from __future__ import annotations

import argparse
import asyncio

from familjecentret.operations import seed_reference_data
from familjecentret.services import SERVICES
from fc_shared.migrations import upgrade
from fc_shared.settings import Settings


async def migrate_one(settings: Settings, service: str, *, seed: bool = False) -> None:
    (spec,) = [spec for spec in SERVICES if spec.name == service]
    await upgrade(settings, spec.name, spec.migrations_dir)
    if seed:
        await seed_reference_data(settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("service", choices=[spec.name for spec in SERVICES])
    parser.add_argument("--seed", action="store_true",
                        help="then load the reference data (network only: it is network's)")
    args = parser.parse_args(argv)
    if args.seed and args.service != "network":
        parser.error("--seed loads network's reference data: only with network")
    asyncio.run(migrate_one(Settings(), args.service, seed=args.seed))
    print(f"migrated: {args.service}" + (" and seeded" if args.seed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
