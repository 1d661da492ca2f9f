"""Municipalities (Statistics Finland's codes): the places meeting points, services and
professionals belong to."""

from __future__ import annotations

from dataclasses import dataclass

from fc_shared.refusals import Refused, invalid


@dataclass(frozen=True, slots=True, kw_only=True)
class Municipality:
    code: str
    name_sv: str
    name_fi: str
    region: str


def unknown_municipality(code: str) -> Refused:
    return invalid(
        "unknown_municipality", "Unknown municipality", f"No municipality has the code {code}."
    )
