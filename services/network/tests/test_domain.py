"""Meeting points need a place to meet; referrals need consent, a known reason and a receiver."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fc_network.domain.meeting_points import (
    MeetingPointChange,
    NewMeetingPoint,
    PublicPlace,
    check_change,
    check_meeting_point,
    opened,
    public_place,
)
from fc_network.domain.referrals import REASON_CATEGORIES, check_referral
from fc_shared.events import MeetingPointOpened
from fc_shared.refusals import Refused

ADDRESS = "Storalånggatan 1, 65100 Vasa"
LINK = "https://meet.example.fi/familjecentret-vasa"


def rejection_title(caught: pytest.ExceptionInfo[Refused]) -> str:
    assert caught.value.kind == 422
    return caught.value.title


# --- meeting points (träffpunkter) ------------------------------------------------------------


def test_a_physical_meeting_point_has_an_address() -> None:
    check_meeting_point(digital=False, address=ADDRESS, link=None)


def test_a_digital_meeting_point_has_a_link_and_no_room() -> None:
    check_meeting_point(digital=True, address=None, link=LINK)


@pytest.mark.parametrize("address", [None, ""])
def test_a_physical_meeting_point_without_an_address_is_rejected(address: str | None) -> None:
    with pytest.raises(Refused) as caught:
        check_meeting_point(digital=False, address=address, link=LINK)

    assert rejection_title(caught) == "Address missing"


@pytest.mark.parametrize("link", [None, ""])
def test_a_digital_meeting_point_without_a_link_is_rejected(link: str | None) -> None:
    with pytest.raises(Refused) as caught:
        check_meeting_point(digital=True, address=ADDRESS, link=link)

    assert rejection_title(caught) == "Link missing"


def described(**changes: object) -> NewMeetingPoint:
    point = NewMeetingPoint(
        municipality_code="905",
        name="Träffpunkten i Vasa",
        digital=False,
        address=ADDRESS,
        link=None,
        accessibility=None,
        responsible_person=None,
        audience_bands=["youth"],
        agreement=None,
    )
    return replace(point, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("address", "place"),
    [
        (
            ADDRESS,
            PublicPlace(street_address="Storalånggatan 1", postal_code="65100", locality="Vasa"),
        ),
        (
            "Skolvägen 2 B,65610  Smedsby ",
            PublicPlace(street_address="Skolvägen 2 B", postal_code="65610", locality="Smedsby"),
        ),
        # Not "street, postal code locality": the whole of it, nothing guessed.
        ("Torget 1", PublicPlace(street_address="Torget 1")),
        ("Storgatan 1, Vasa", PublicPlace(street_address="Storgatan 1, Vasa")),
        (
            "Hus B, Storgatan 1, 65100 Vasa",
            PublicPlace(street_address="Hus B, Storgatan 1", postal_code="65100", locality="Vasa"),
        ),
    ],
)
def test_a_physical_meeting_points_address_is_published_in_its_parts(
    address: str, place: PublicPlace
) -> None:
    assert public_place(described(address=address)) == place


@given(st.text(max_size=300))
@example("Storgatan 1, 65100 " + "Vasa" * 70)  # a locality as long as the address allows
def test_every_address_network_takes_can_be_published(address: str) -> None:
    place = public_place(described(address=address))

    MeetingPointOpened(meeting_point_id=uuid4(), municipality_code="905", **asdict(place))


def test_a_digital_meeting_point_is_published_with_its_link_and_no_address() -> None:
    point = described(digital=True, link=LINK)

    assert public_place(point) == PublicPlace(meeting_link=LINK)


def test_an_edit_may_move_a_meeting_point_but_not_take_its_place_away() -> None:
    physical = opened(described(), point_id=uuid4(), by=uuid4(), at=datetime.now(UTC))
    digital = replace(physical, digital=True, address=None, link=LINK)
    moved = MeetingPointChange(address="Torget 1", given=frozenset({"address"}))
    relinked = MeetingPointChange(link=LINK + "/2", given=frozenset({"link"}))

    check_change(physical, moved)
    check_change(digital, relinked)
    check_change(physical, MeetingPointChange(link=None, given=frozenset({"link"})))
    with pytest.raises(Refused) as no_address:
        check_change(physical, MeetingPointChange(address="", given=frozenset({"address"})))
    with pytest.raises(Refused) as no_link:
        check_change(digital, MeetingPointChange(link=None, given=frozenset({"link"})))

    assert rejection_title(no_address) == "Address missing"
    assert rejection_title(no_link) == "Link missing"


# --- referrals --------------------------------------------------------------------------------


@pytest.mark.parametrize("reason_category", sorted(REASON_CATEGORIES))
def test_a_consented_referral_to_a_colleague_is_made_for_every_named_need(
    reason_category: str,
) -> None:
    check_referral(
        consent_given=True,
        reason_category=reason_category,
        referred_by=uuid4(),
        referred_to=uuid4(),
    )


def test_the_needs_named_in_the_seeds_are_reasons_to_refer() -> None:
    assert {
        "parenting_support",
        "integration_and_language",
        "peer_support",
        "substance_use_prevention",
        "violence_and_bullying_prevention",
        "mental_wellbeing",
        "leisure",
    } <= REASON_CATEGORIES


def test_a_referral_without_the_familys_consent_is_rejected() -> None:
    with pytest.raises(Refused) as caught:
        check_referral(
            consent_given=False,
            reason_category="parenting_support",
            referred_by=uuid4(),
            referred_to=uuid4(),
        )

    assert rejection_title(caught) == "Consent missing"


@given(reason_category=st.text().filter(lambda text: text not in REASON_CATEGORIES))
def test_a_referral_for_an_unknown_reason_is_rejected(reason_category: str) -> None:
    with pytest.raises(Refused) as caught:
        check_referral(
            consent_given=True,
            reason_category=reason_category,
            referred_by=uuid4(),
            referred_to=uuid4(),
        )

    assert rejection_title(caught) == "Unknown reason category"


def test_a_professional_cannot_refer_a_family_to_themselves() -> None:
    professional = uuid4()

    with pytest.raises(Refused) as caught:
        check_referral(
            consent_given=True,
            reason_category="mental_wellbeing",
            referred_by=professional,
            referred_to=professional,
        )

    assert rejection_title(caught) == "Referral to oneself"


# --- who may open and hand over a case --------------------------------------------------------


def test_a_case_is_opened_only_on_a_ground_the_family_gave() -> None:
    from fc_network.domain.cases import case_opening_ground

    assert case_opening_ground(requested_by_guardian=False) is None
    assert case_opening_ground(requested_by_guardian=True) == "case_request"
    assert (
        case_opening_ground(requested_by_guardian=False, contact_request_taken=True)
        == "contact_request"
    )


def test_a_handover_is_the_responsible_persons_or_an_admins_with_a_reason() -> None:
    from fc_network.domain.cases import handover_ground
    from fc_shared.principals import Principal, Role

    current = uuid4()
    responsible = Principal(current, frozenset({Role.PROFESSIONAL}))
    coordinator = Principal(uuid4(), frozenset({Role.COORDINATOR}))
    admin = Principal(uuid4(), frozenset({Role.ADMIN}))

    assert handover_ground(responsible, current=current, reason=None) == "responsible"
    assert handover_ground(coordinator, current=current, reason="left") is None
    assert handover_ground(admin, current=current, reason="  ") is None
    assert handover_ground(admin, current=current, reason="left the county") == "admin"


# --- a youth's own login, staffing a service ---------------------------------------------------


def test_a_youths_login_counts_for_the_child_only_once_the_youth_confirmed_it() -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    from fc_network.domain.families import MemberRole, NewMember, is_pending, youth_login

    youth = uuid4()
    typed = NewMember(role=MemberRole.CHILD, name="Oskar", subject=youth, confirmed_at=None)
    confirmed = replace(typed, confirmed_at=datetime.now(UTC))
    without_login = replace(typed, subject=None)

    assert (youth_login(typed), youth_login(confirmed)) == (None, youth)
    assert (is_pending(typed), is_pending(confirmed), is_pending(without_login)) == (
        True,
        False,
        False,
    )
    assert is_pending(NewMember(role=MemberRole.GUARDIAN, name="Bo", subject=None))


def test_only_the_organisations_organiser_or_an_admin_staffs_its_service() -> None:
    from fc_network.domain.access import may_staff_service
    from fc_shared.principals import Principal, Role

    own, other = uuid4(), uuid4()
    organiser = Principal(uuid4(), frozenset({Role.ORGANISER}))
    coordinator = Principal(uuid4(), frozenset({Role.COORDINATOR}))
    admin = Principal(uuid4(), frozenset({Role.ADMIN}))

    assert may_staff_service(organiser, organisation_id=own, own_organisation=own)
    assert not may_staff_service(organiser, organisation_id=own, own_organisation=other)
    assert not may_staff_service(organiser, organisation_id=own, own_organisation=None)
    assert not may_staff_service(coordinator, organisation_id=own, own_organisation=own)
    assert may_staff_service(admin, organisation_id=own, own_organisation=None)
