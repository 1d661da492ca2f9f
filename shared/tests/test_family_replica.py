"""The families replica against a real PostgreSQL: a newer snapshot replaces the family, an
older or repeated one changes nothing, a child moved between families follows the newer
word, and a service's own child column (booking's birth date) is kept and replaced with
the rest."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

import pytest_asyncio
from sqlalchemy import Column, Date, MetaData, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from familjecentret.testing import Infra, make_settings
from fc_shared import family_replica as replica
from fc_shared.db import create_engine
from fc_shared.family_replica import FamilyReplica, ReplicaChild
from fc_shared.migrations import ensure_database


@dataclass(frozen=True)
class Replicas:
    sessions: async_sessionmaker[AsyncSession]
    plain: FamilyReplica  # the shared tables alone, as forms and notify keep them
    dated: FamilyReplica  # with a birth date per child, as booking keeps them


@pytest_asyncio.fixture(scope="module")
async def replicas(infra: Infra) -> AsyncIterator[Replicas]:
    settings = make_settings(infra)
    plain_metadata, dated_metadata = MetaData(schema="plain"), MetaData(schema="dated")
    plain = replica.family_replica_tables(plain_metadata)
    dated = replica.family_replica_tables(
        dated_metadata, Column("birth_date", Date, nullable=False)
    )
    await ensure_database(settings, "replica")
    engine = create_engine(settings, "replica")
    async with engine.begin() as connection:
        for metadata in (plain_metadata, dated_metadata):
            await connection.exec_driver_sql(f"CREATE SCHEMA {metadata.schema}")
            await connection.run_sync(metadata.create_all)
    yield Replicas(async_sessionmaker(engine, expire_on_commit=False), plain, dated)
    await engine.dispose()


async def put(
    replicas: Replicas,
    family: UUID,
    revision: int,
    guardians: list[UUID],
    children: list[ReplicaChild],
    tables: FamilyReplica | None = None,
) -> bool:
    async with replicas.sessions.begin() as session:
        return await replica.put_family(
            session,
            tables or replicas.plain,
            family_id=family,
            revision=revision,
            guardians=guardians,
            children=children,
        )


async def guardians_of(replicas: Replicas, family: UUID) -> frozenset[UUID]:
    async with replicas.sessions() as session:
        return await replica.guardians_of_family(session, replicas.plain, family)


async def test_a_newer_snapshot_replaces_the_family_and_an_older_changes_nothing(
    replicas: Replicas,
) -> None:
    family, mother, father, child, youth, login = (uuid4() for _ in range(6))
    assert await put(replicas, family, 2, [mother], [ReplicaChild(child)])

    assert await put(replicas, family, 3, [father], [ReplicaChild(youth, login)])
    assert not await put(replicas, family, 2, [mother], [ReplicaChild(child)])  # older
    assert not await put(replicas, family, 3, [mother], [])  # repeated

    assert await guardians_of(replicas, family) == {father}
    async with replicas.sessions() as session:
        assert await replica.guardians_of_children(session, replicas.plain, [youth]) == {father}
        assert await replica.guardians_of_children(session, replicas.plain, [child]) == set()


async def test_a_child_moved_to_another_family_follows_the_newer_word(
    replicas: Replicas,
) -> None:
    first, second, guardian, other, child = (uuid4() for _ in range(5))
    await put(replicas, first, 1, [guardian], [ReplicaChild(child)])

    await put(replicas, second, 1, [other], [ReplicaChild(child)])

    async with replicas.sessions() as session:
        assert await replica.guardians_of_children(session, replicas.plain, [child]) == {other}


async def test_a_services_own_child_column_is_kept_and_replaced(replicas: Replicas) -> None:
    first, second, guardian, child = (uuid4() for _ in range(4))
    told = ReplicaChild(child, details={"birth_date": date(2020, 1, 1)})
    corrected = ReplicaChild(child, details={"birth_date": date(2020, 2, 1)})
    await put(replicas, first, 1, [guardian], [told], replicas.dated)
    assert await born(replicas, child) == date(2020, 1, 1)

    await put(replicas, second, 1, [guardian], [corrected], replicas.dated)  # moved
    assert await born(replicas, child) == date(2020, 2, 1)

    await put(replicas, first, 2, [guardian], [told], replicas.dated)  # moved back
    assert await born(replicas, child) == date(2020, 1, 1)


async def born(replicas: Replicas, child: UUID) -> date | None:
    children = replicas.dated.children
    async with replicas.sessions() as session:
        return await session.scalar(
            select(children.c.birth_date).where(children.c.child_id == child)
        )
