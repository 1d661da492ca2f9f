"""Österbotten reference data: the twelve meeting-point municipalities of the seeds, each
with its meeting point (träffpunkt / kohtaamispaikka)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid5

from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain.meeting_points import DEFAULT_AUDIENCE_BANDS, MeetingPoint
from fc_network.domain.municipalities import Municipality
from fc_network.store import meeting_points as store
from fc_shared.events import MeetingPointOpened
from fc_shared.outbox import add_event
from fc_shared.settings import Settings

# Seeded ids are derived from the municipality code, so seeding twice finds them again.
SEED_NAMESPACE = uuid5(UUID(int=0), "familjecentret.osterbotten.meeting-points")

REGION = "Österbotten / Pohjanmaa"

# (Statistics Finland code, Swedish name, Finnish name)
MUNICIPALITIES: tuple[tuple[str, str, str], ...] = (
    ("905", "Vasa", "Vaasa"),
    ("399", "Laihela", "Laihia"),
    ("545", "Närpes", "Närpiö"),
    ("475", "Malax", "Maalahti"),
    ("287", "Kristinestad", "Kristiinankaupunki"),
    ("499", "Korsholm", "Mustasaari"),
    ("946", "Vörå", "Vöyri"),
    ("598", "Jakobstad", "Pietarsaari"),
    ("893", "Nykarleby", "Uusikaarlepyy"),
    ("440", "Larsmo", "Luoto"),
    ("288", "Kronoby", "Kruunupyy"),
    ("599", "Pedersöre", "Pedersöre"),
)


async def load_reference_data(session: AsyncSession, settings: Settings) -> int:
    """Upsert the municipalities and open their meeting points; twice changes nothing."""
    await store.upsert_municipalities(
        session,
        [
            Municipality(code=code, name_sv=sv, name_fi=fi, region=REGION)
            for code, sv, fi in MUNICIPALITIES
        ],
    )
    await _open_meeting_points(session, settings)
    return len(MUNICIPALITIES)


async def _open_meeting_points(session: AsyncSession, settings: Settings) -> None:
    existing = await store.meeting_point_ids(session)
    for code, sv, fi in MUNICIPALITIES:
        point_id = uuid5(SEED_NAMESPACE, code)
        if point_id in existing:
            continue
        name = f"Familjecentrets träffpunkt i {sv} / Perhekeskuksen kohtaamispaikka, {fi}"
        # The address comes with the room-use agreement; the coordinator fills it in. No one
        # is responsible (none opened it) until an admin appoints a coordinator, so until
        # then only an admin edits it.
        await store.insert_meeting_point(
            session,
            MeetingPoint(
                id=point_id,
                municipality_code=code,
                name=name,
                digital=False,
                address=None,
                link=None,
                accessibility=None,
                responsible_person=None,
                audience_bands=list(DEFAULT_AUDIENCE_BANDS),
                agreement=None,
                opened_by=None,
                created_at=datetime.now(UTC),
            ),
        )
        await add_event(
            session,
            settings,
            MeetingPointOpened(
                meeting_point_id=point_id,
                municipality_code=code,
                audience_bands=list(DEFAULT_AUDIENCE_BANDS),
                title=name,
            ),
        )
