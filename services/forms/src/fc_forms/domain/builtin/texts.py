"""Shorthands for writing the built-in forms: a text in sv, fi and en; a choice."""

from __future__ import annotations

from typing import Any


def t(sv: str, fi: str, en: str) -> dict[str, str]:
    return {"sv": sv, "fi": fi, "en": en}


def option(value: str, sv: str, fi: str, en: str) -> dict[str, Any]:
    return {"value": value, "label": t(sv, fi, en)}


YES_NO_UNSURE = [
    option("yes", "Ja", "Kyllä", "Yes"),
    option("no", "Nej", "Ei", "No"),
    option("unsure", "Vet inte", "En tiedä", "Not sure"),
]
