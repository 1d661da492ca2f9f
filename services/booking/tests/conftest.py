"""Booking's tests run the booking service alone, over the real PostgreSQL and broker.

`stack` here is booking by itself (the root conftest's `stack` runs every service, for the
journeys in tests/). What booking learns from network (meeting points, families, case teams)
the tests publish on the broker as network would (`publish_as_network`, `meeting_point_room`,
`family_known_to_booking`, `case_team_known_to_booking`), and they wait until booking has it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from familjecentret.testing import Infra, Stack, service_alone


@pytest_asyncio.fixture(scope="session")
async def stack(infra: Infra) -> AsyncIterator[Stack]:
    async with service_alone(infra, "booking") as booking:
        yield booking
