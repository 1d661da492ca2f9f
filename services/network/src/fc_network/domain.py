"""Network rules, apart from any I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal, TypeVar
from uuid import UUID

from fc_shared.auth import Principal, Role
from fc_shared.events.contracts import AudienceBand
from fc_shared.problems import Problem

T = TypeVar("T")

# The seeds: mornings for families with small children, afternoons for school children,
# evenings for youth.
DEFAULT_AUDIENCE_BANDS: list[AudienceBand] = ["small_children", "school_children", "youth"]

REASON_CATEGORIES = frozenset(
    {
        "parenting_support",
        "couple_relationship",
        "upbringing",
        "integration_and_language",
        "peer_support",
        "substance_use_prevention",
        "violence_and_bullying_prevention",
        "mental_wellbeing",
        "leisure",
    }
)


def check_agreement_period(valid_from: date, valid_until: date | None, today: date) -> None:
    check_date_near(valid_from, today, what="agreement's start")
    if valid_until is not None:
        check_date_near(valid_until, today, what="agreement's end", ahead_years=2 * YEARS_AHEAD)
    if valid_until is not None and valid_until < valid_from:
        raise Problem(
            422,
            "Agreement period upside down",
            f"The agreement ends ({valid_until}) before it starts ({valid_from}).",
        )


def check_meeting_point(*, digital: bool, address: str | None, link: str | None) -> None:
    if digital and not link:
        raise Problem(422, "Link missing", "A digital meeting point needs a link.")
    if not digital and not address:
        raise Problem(422, "Address missing", "A physical meeting point needs an address.")


def check_referral(
    *, consent_given: bool, reason_category: str, referred_by: object, referred_to: object
) -> None:
    if not consent_given:
        raise Problem(
            422, "Consent missing", "A family can be referred only with the family's consent."
        )
    if reason_category not in REASON_CATEGORIES:
        raise Problem(
            422, "Unknown reason category", f"Use one of: {', '.join(sorted(REASON_CATEGORIES))}."
        )
    if referred_by == referred_to:
        raise Problem(422, "Referral to oneself", "Refer the family to another professional.")


# The service directory ------------------------------------------------------------------

SECTORS = frozenset(
    {
        "wellbeing_county",
        "child_health_clinic",
        "early_childhood_education",
        "school",
        "youth_and_leisure",
        "ngo",
        "parish",
        "police",
        "other",
    }
)

TOPICS = frozenset(
    {
        "parenting",
        "couple_relationship",
        "upbringing",
        "integration_and_language",
        "peer_support",
        "substance_use_prevention",
        "violence_and_bullying_prevention",
        "mental_wellbeing",
        "leisure",
    }
)

# The region is bilingual: a service is published only when both texts exist.
REQUIRED_LANGUAGES = ("sv", "fi")
# Whom to answer in when the caller's language has no text.
FALLBACK_ORDER = ("sv", "fi", "en")


def check_service(*, age_min: int, age_max: int, topics: list[str]) -> None:
    if age_min > age_max:
        raise Problem(
            422,
            "Age range upside down",
            f"The youngest age ({age_min}) is above the oldest ({age_max}).",
        )
    unknown = sorted(set(topics) - TOPICS)
    if unknown:
        raise Problem(422, "Unknown topic", f"Unknown topics: {', '.join(unknown)}.")


def check_publishable(languages_with_text: set[str]) -> None:
    missing = [language for language in REQUIRED_LANGUAGES if language not in languages_with_text]
    if missing:
        raise Problem(
            422,
            "Texts missing",
            "A service is published only with both Swedish and Finnish texts; "
            f"missing: {', '.join(missing)}.",
        )


def pick_text(texts: dict[str, T], wanted: str) -> tuple[str, T]:
    """The text in the caller's language, else the first of the fallback order that exists."""
    for language in (wanted, *FALLBACK_ORDER):
        if language in texts:
            return language, texts[language]
    language = sorted(texts)[0]
    return language, texts[language]


# Families and cases ---------------------------------------------------------------------


def may_see_family(
    *,
    viewer: UUID,
    is_professional: bool,
    guardians: set[UUID | None],
    responsible: UUID | None,
    consented: set[UUID],
) -> bool:
    """A guardian sees their own family; a professional only as the case's responsible
    person or as a network member with the family's consent. Everyone else: no."""
    if viewer in guardians:
        return True
    return is_professional and (viewer == responsible or viewer in consented)


def may_see_protected_details(
    *, viewer: UUID, person: UUID | None, responsible: UUID | None
) -> bool:
    """Under a non-disclosure order only the person and the responsible person need to know
    the contact details and address."""
    return viewer in (person, responsible)


def check_children(birth_dates: list[date], today: date) -> None:
    """Born, and under 18. The family model has no unborn children (an expected date):
    family school is booked by the guardians themselves."""
    for born in birth_dates:
        if born > today:
            raise Problem(422, "Birth date in the future", f"{born} has not happened yet.")
        if (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) >= 18:
            raise Problem(422, "Not a child", "The family centre serves children under 18.")


def check_family_subjects(guardians: list[UUID | None], children: list[UUID | None]) -> None:
    """Each login acts as one person of the family: no guardian named twice, and no youth's
    own login that is also a guardian's (it would let a guardian act as the child)."""
    named = [subject for subject in guardians if subject is not None]
    youths = [subject for subject in children if subject is not None]
    if len(set(named)) != len(named):
        raise Problem(422, "Guardian named twice", "Each guardian's subject id appears once.")
    if len(set(youths)) != len(youths) or set(youths) & set(named):
        raise Problem(
            422,
            "Subject named twice",
            "A youth's own login belongs to one child and is no guardian's.",
        )


def youth_login(child: Mapping[str, Any]) -> UUID | None:
    """The login the services know a child as: the youth's own, once the youth confirmed it
    with their own sign-in. Until then it is only what a guardian or professional typed,
    which could be anyone's login (and would make booking take that youth for this child)."""
    subject: UUID | None = child["subject"]
    return subject if child["confirmed_at"] is not None else None


def is_pending(member: Mapping[str, Any]) -> bool:
    """Named by someone else and not yet confirmed by that person's own sign-in: a
    guardian, or the youth's own login on a child record."""
    if member["role"] == "guardian":
        return member["confirmed_at"] is None
    return member["subject"] is not None and member["confirmed_at"] is None


def confirmed_guardians(members: Sequence[Mapping[str, Any]]) -> set[UUID]:
    """The guardians who act for the family: signed in and confirmed. A guardian someone
    else named is pending until they confirm, and acts for nobody until then."""
    return {
        member["subject"]
        for member in members
        if member["role"] == "guardian"
        and member["confirmed_at"] is not None
        and isinstance(member["subject"], UUID)
    }


# The grounds on which a professional may open a family's case, one per way a family asks
# for it. A taken contact request (forms) is the second way, still to come.
OpeningGround = Literal["case_request", "contact_request"]


def case_opening_ground(
    *, requested_by_guardian: bool, contact_request_taken: bool = False
) -> OpeningGround | None:
    """Why this professional may open this family's case, or None: only because the family
    asked for them, before any case exists. Never any professional for any family, since
    the case's responsible person sees the family's protected details."""
    if requested_by_guardian:
        return "case_request"
    if contact_request_taken:
        return "contact_request"
    return None


HandoverGround = Literal["responsible", "admin"]


def handover_ground(
    principal: Principal, *, current: UUID | None, reason: str | None
) -> HandoverGround | None:
    """The responsible person hands their case on; an admin may do it for them, with a
    reason kept in the access log, so a case never sticks when its professional leaves."""
    if current is not None and principal.subject == current:
        return "responsible"
    if principal.has_any(Role.ADMIN) and reason and reason.strip():
        return "admin"
    return None


# Sensible ranges for dates and years people type: a typo like 2062 or year 10000 is
# refused, not stored or counted.
YEARS_BACK = 10
YEARS_AHEAD = 10


def check_year(year: int, today: date, *, ahead: int = 1) -> None:
    if not today.year - YEARS_BACK <= year <= today.year + ahead:
        raise Problem(
            422,
            "Year out of range",
            f"Give a year from {today.year - YEARS_BACK} to {today.year + ahead}.",
        )


def check_date_near(value: date, today: date, *, what: str, ahead_years: int = YEARS_AHEAD) -> None:
    """`value` lies within YEARS_BACK years before today and `ahead_years` after."""
    earliest = today.replace(year=today.year - YEARS_BACK, day=min(today.day, 28))
    latest = today.replace(year=today.year + ahead_years, day=min(today.day, 28))
    if not earliest <= value <= latest:
        raise Problem(
            422,
            "Date out of range",
            f"The {what} ({value}) must lie between {earliest} and {latest}.",
        )


# Referral lifecycle ---------------------------------------------------------------------

# status -> the steps allowed from it
REFERRAL_STEPS: dict[str, frozenset[str]] = {
    "made": frozenset({"accepted", "declined"}),
    "accepted": frozenset({"completed"}),
    "declined": frozenset(),
    "completed": frozenset(),
}

DECLINE_REASONS = frozenset(
    {
        "not_our_service",
        "no_capacity",
        "family_declined",
        "referred_elsewhere",
        "other",
    }
)


def check_referral_step(*, status: str, step: str, reason_code: str | None = None) -> None:
    if step not in REFERRAL_STEPS[status]:
        raise Problem(
            409, "Invalid referral step", f"A referral that is {status} cannot become {step}."
        )
    if step == "declined" and reason_code not in DECLINE_REASONS:
        raise Problem(
            422, "Decline reason missing", f"Give one of: {', '.join(sorted(DECLINE_REASONS))}."
        )


# Professionals and trainings ------------------------------------------------------------

LETS_TALK_ABOUT_CHILDREN = "lets_talk_about_children"  # Föra barnen på tal / Lapset puheeksi
TRACKED_COURSES = frozenset({LETS_TALK_ABOUT_CHILDREN})
# The seeds: 48 professionals in Österbotten trained in the method within the year.
YEARLY_TARGETS = {LETS_TALK_ABOUT_CHILDREN: 48}


def check_course(course: str) -> None:
    if course not in TRACKED_COURSES:
        raise Problem(422, "Unknown course", f"Tracked courses: {', '.join(TRACKED_COURSES)}.")


def route_to_staff(staff: list[tuple[UUID, list[str]]], language: str) -> UUID:
    """The first of a service's staff who speaks the family's language; if nobody does, the
    first of them. A service without staff cannot take referrals."""
    if not staff:
        raise Problem(422, "Service has no staff", "Nobody at that service can take referrals.")
    for professional, languages in staff:
        if language in languages:
            return professional
    return staff[0][0]


def meeting_point_coordinator(*, responsible: UUID | None, opened_by: UUID | None) -> UUID | None:
    """The one person responsible for a meeting point: the one named, else its opener. A
    seeded meeting point has neither until an admin appoints someone."""
    return responsible or opened_by


def may_edit_meeting_point(
    principal: Principal, *, responsible: UUID | None, opened_by: UUID | None
) -> bool:
    """Deny by default: an admin, or the one person responsible for the meeting point,
    edits it; one without a responsible person only an admin."""
    if principal.has_any(Role.ADMIN):
        return True
    coordinator = meeting_point_coordinator(responsible=responsible, opened_by=opened_by)
    return coordinator is not None and principal.subject == coordinator


# The service directory's editors --------------------------------------------------------


def may_draft_service(
    principal: Principal, *, organisation_id: UUID, own_organisation: UUID | None
) -> bool:
    """An admin, or staff registered with the organisation (the professionals register),
    drafts its services; nobody drafts for an organisation they do not work for."""
    if principal.has_any(Role.ADMIN):
        return True
    return (
        principal.has_any(Role.PROFESSIONAL, Role.COORDINATOR, Role.ORGANISER)
        and own_organisation == organisation_id
    )


def may_publish_service(
    principal: Principal, *, organisation_id: UUID, own_organisation: UUID | None
) -> bool:
    """An admin, or an organiser registered with the organisation, publishes its services:
    nothing else ties an organiser to an organisation than the professionals register."""
    if principal.has_any(Role.ADMIN):
        return True
    return principal.has_any(Role.ORGANISER) and own_organisation == organisation_id


def may_staff_service(
    principal: Principal, *, organisation_id: UUID, own_organisation: UUID | None
) -> bool:
    """Who publishes a service staffs it: staff take the service's referrals and see the
    families referred, so nobody puts people on another organisation's service."""
    return may_publish_service(
        principal, organisation_id=organisation_id, own_organisation=own_organisation
    )
