"""The professionals register (who works for which organisation, in which languages) and
the trainings the county tracks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from fc_network.domain.dates import check_date_near, check_not_in_future
from fc_shared.refusals import Refused, conflict, invalid, not_found

LETS_TALK_ABOUT_CHILDREN = "lets_talk_about_children"  # Föra barnen på tal / Lapset puheeksi
TRACKED_COURSES = frozenset({LETS_TALK_ABOUT_CHILDREN})
# The seeds: 48 professionals in Österbotten trained in the method within the year.
YEARLY_TARGETS = {LETS_TALK_ABOUT_CHILDREN: 48}


@dataclass(frozen=True, slots=True, kw_only=True)
class Professional:
    subject: UUID
    organisation_id: UUID
    role: str
    languages: list[str]
    municipalities: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingProgress:
    course: str
    year: int
    target: int
    completed: int
    share_of_target: float


def no_such_professional() -> Refused:
    return not_found("no_such_professional", "No such professional.")


def unknown_professional() -> Refused:
    return invalid(
        "unknown_professional", "Unknown professional", "Register the professional first."
    )


def already_registered() -> Refused:
    return conflict(
        "already_registered", "Already registered", "This professional is in the register already."
    )


def check_course(course: str) -> None:
    if course not in TRACKED_COURSES:
        raise invalid(
            "unknown_course", "Unknown course", f"Tracked courses: {', '.join(TRACKED_COURSES)}."
        )


def check_completion(completed_on: date, today: date) -> None:
    check_not_in_future(completed_on, today)
    check_date_near(completed_on, today, what="completion date")


def progress(course: str, year: int, completed: int) -> TrainingProgress:
    target = YEARLY_TARGETS[course]
    return TrainingProgress(
        course=course,
        year=year,
        target=target,
        completed=completed,
        share_of_target=round(completed / target, 3),
    )
