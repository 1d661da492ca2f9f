"""The directory in the shape of Open Referral's Human Services Data Specification (HSDS 3).

Only the entities the directory holds are filled in: organization, service (with its
languages, eligible ages, fees and contact) and the service's area, a municipality.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fc_network.domain.directory import Organisation, Service, ServiceText, pick_text


def export(
    services: list[Service],
    organisations: list[Organisation],
    texts: dict[UUID, dict[str, ServiceText]],
    language: str,
) -> dict[str, Any]:
    """The HSDS document (JSON)."""
    return {
        "organizations": [
            {"id": str(o.id), "name": o.name, "description": "", "x_sector": o.sector}
            for o in organisations
        ],
        "services": [_service(service, texts[service.id], language) for service in services],
    }


def _service(service: Service, texts: dict[str, ServiceText], language: str) -> dict[str, Any]:
    shown, text = pick_text(texts, language)
    return {
        "id": str(service.id),
        "organization_id": str(service.organisation_id),
        "name": text.name,
        "description": text.description,
        "status": "active",
        "minimum_age": service.age_min,
        "maximum_age": service.age_max,
        "fees_description": "free of charge" if service.free_of_charge else "fee",
        "languages": [{"code": code} for code in service.languages],
        "service_areas": (
            [{"name": service.municipality_code, "extent_type": "municipality"}]
            if service.municipality_code
            else []
        ),
        "x_digital": service.digital,
        "x_topics": service.topics,
        "x_text_language": shown,
        "x_translations": {
            code: {"name": t.name, "description": t.description}
            for code, t in sorted(texts.items())
        },
    }
