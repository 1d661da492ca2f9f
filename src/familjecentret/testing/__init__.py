"""Helpers for the test suites: the services served by uvicorn in the test's event loop,
real HTTP on loopback, a client with minted tokens, polling for what arrives later, the
broker as a Kafka client sees it, and the steps of the journeys."""

from __future__ import annotations

from familjecentret.testing.booking import (
    HELSINKI,
    case_team_known_to_booking,
    family_known_to_booking,
    future_slot,
    helsinki_time,
    managed_room,
    manager_of,
    meeting_point_room,
    room_for,
)
from familjecentret.testing.broker import (
    Record,
    produce,
    publish_as_network,
    publish_as_owner,
    read_all_topics,
    read_topic,
)
from familjecentret.testing.journeys import (
    ensure_registered,
    family_with_referral_consent,
    open_case_for,
    open_meeting_point,
    registered_professional,
)
from familjecentret.testing.notify import (
    choose,
    confirm_email,
    confirm_phone,
    new_mobile_number,
    register_email,
    run_scheduler,
    text_of,
)
from familjecentret.testing.stack import (
    Infra,
    Stack,
    eventually,
    make_settings,
    prepare_databases,
    serve,
    service_alone,
    start_stack,
    wait_ready_for,
)

__all__ = [
    "HELSINKI",
    "Infra",
    "Record",
    "Stack",
    "case_team_known_to_booking",
    "choose",
    "confirm_email",
    "confirm_phone",
    "ensure_registered",
    "eventually",
    "family_known_to_booking",
    "family_with_referral_consent",
    "future_slot",
    "helsinki_time",
    "make_settings",
    "managed_room",
    "manager_of",
    "meeting_point_room",
    "new_mobile_number",
    "open_case_for",
    "open_meeting_point",
    "prepare_databases",
    "produce",
    "publish_as_network",
    "publish_as_owner",
    "read_all_topics",
    "read_topic",
    "register_email",
    "registered_professional",
    "room_for",
    "run_scheduler",
    "serve",
    "service_alone",
    "start_stack",
    "text_of",
    "wait_ready_for",
]
