"""Network rules, apart from any I/O."""

from __future__ import annotations

from fc_shared.events.contracts import AudienceBand
from fc_shared.problems import Problem

# The seeds: mornings for families with small children, afternoons for school children,
# evenings for youth.
DEFAULT_AUDIENCE_BANDS: list[AudienceBand] = ["small_children", "school_children", "youth"]

REASON_CATEGORIES = frozenset({
    "parenting_support",
    "couple_relationship",
    "upbringing",
    "integration_and_language",
    "peer_support",
    "substance_use_prevention",
    "violence_and_bullying_prevention",
    "mental_wellbeing",
    "leisure",
})


def check_meeting_point(*, digital: bool, address: str | None, link: str | None) -> None:
    if digital and not link:
        raise Problem(422, "Link missing", "A digital meeting point needs a link.")
    if not digital and not address:
        raise Problem(422, "Address missing", "A physical meeting point needs an address.")


def check_referral(*, consent_given: bool, reason_category: str, referred_by: object,
                   referred_to: object) -> None:
    if not consent_given:
        raise Problem(422, "Consent missing",
                      "A family can be referred only with the family's consent.")
    if reason_category not in REASON_CATEGORIES:
        raise Problem(422, "Unknown reason category",
                      f"Use one of: {', '.join(sorted(REASON_CATEGORIES))}.")
    if referred_by == referred_to:
        raise Problem(422, "Referral to oneself", "Refer the family to another professional.")
