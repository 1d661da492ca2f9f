"""Österbotten reference data: the twelve meeting-point municipalities of the seeds."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.tables import municipalities

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


async def load_reference_data(session: AsyncSession) -> int:
    """Upsert the municipalities; running it twice changes nothing."""
    statement = insert(municipalities).values([
        {"code": code, "name_sv": sv, "name_fi": fi, "region": REGION}
        for code, sv, fi in MUNICIPALITIES
    ])
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[municipalities.c.code],
            set_={"name_sv": statement.excluded.name_sv, "name_fi": statement.excluded.name_fi},
        )
    )
    return len(MUNICIPALITIES)
