"""Over HTTP and the broker: a `child` answer names one of the caller's own children, as the
network service's FamilyChanged snapshots tell forms (a newer revision replaces the whole,
an older one is ignored); another family's child is refused."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import text

from familjecentret.testing import Stack
from familjecentret.testing.broker import publish_as_owner
from familjecentret.testing.stack import eventually
from fc_shared.db import create_engine
from fc_shared.events import FamilyChanged
from fc_shared.events.contracts import FamilyChild

HANDLED = text("SELECT 1 FROM inbox WHERE event_id = :id AND consumer = 'forms.families'")


def t(sv: str) -> dict[str, str]:
    return {"sv": sv, "fi": sv + " (fi)", "en": sv + " (en)"}


CHILD_FORM = {
    "titles": t("Barnets form"),
    "pages": [
        {
            "id": "main",
            "titles": t("Sidan"),
            "fields": [{"name": "child", "type": "child", "required": True, "label": t("Barn")}],
        }
    ],
}


async def child_form(stack: Stack) -> str:
    """A form with one `child` question, published through the authoring API."""
    form_type = f"child-{uuid4().hex[:8]}"
    url = stack.url("forms", f"/v1/form-definitions/{form_type}")
    saved = await stack.client.put(f"{url}/draft", json=CHILD_FORM, headers=stack.auth("admin"))
    assert saved.status_code == 200, saved.text
    published = await stack.client.post(f"{url}/publish", headers=stack.auth("admin"))
    assert published.status_code == 201, published.text
    return form_type


async def family_known_to_forms(
    stack: Stack,
    *,
    family_id: UUID,
    guardians: list[UUID],
    children: list[FamilyChild],
    revision: int,
) -> None:
    """A FamilyChanged snapshot published as network would, once forms has handled it."""
    event = FamilyChanged(
        family_id=family_id, revision=revision, guardians=guardians, children=children
    )
    envelope = await publish_as_owner(stack, event)
    engine = create_engine(stack.settings, "forms")
    try:

        async def handled() -> bool:
            async with engine.connect() as connection:
                found = await connection.scalar(HANDLED, {"id": envelope.id})
            return found is not None

        await eventually(handled, what="forms to handle the family's snapshot")
    finally:
        await engine.dispose()


def child(subject: UUID | None = None) -> FamilyChild:
    return FamilyChild(child_id=uuid4(), birth_date=date(2019, 5, 1), subject=subject)


async def submit(stack: Stack, subject: UUID, form_type: str, child_id: UUID, role: str) -> Any:
    body = {"form_type": form_type, "municipality_code": "905", "answers": {"child": str(child_id)}}
    return await stack.client.post(
        stack.url("forms", "/v1/submissions"), json=body, headers=stack.auth(role, subject=subject)
    )


def refused_child(response: Any) -> bool:
    assert response.status_code == 422, response.text
    return [(e["path"], e["code"]) for e in response.json()["errors"]] == [
        ("child", "child_unknown")
    ]


async def test_a_guardian_names_their_own_child_and_never_another_familys(stack: Stack) -> None:
    form_type = await child_form(stack)
    guardian, stranger = uuid4(), uuid4()
    ours, theirs = child(), child()
    family_id = uuid4()
    await family_known_to_forms(
        stack, family_id=family_id, guardians=[guardian], children=[ours], revision=1
    )
    await family_known_to_forms(
        stack, family_id=uuid4(), guardians=[stranger], children=[theirs], revision=1
    )

    own = await submit(stack, guardian, form_type, ours.child_id, "guardian")
    assert own.status_code == 201, own.text
    assert own.json()["answers"] == {"child": str(ours.child_id)}
    assert refused_child(await submit(stack, guardian, form_type, theirs.child_id, "guardian"))
    assert refused_child(await submit(stack, uuid4(), form_type, ours.child_id, "guardian"))

    # A newer snapshot without the child: it is no longer the guardian's to name.
    await family_known_to_forms(
        stack, family_id=family_id, guardians=[guardian], children=[], revision=2
    )
    assert refused_child(await submit(stack, guardian, form_type, ours.child_id, "guardian"))

    # An older snapshot arriving late changes nothing.
    await family_known_to_forms(
        stack, family_id=family_id, guardians=[guardian], children=[ours], revision=1
    )
    assert refused_child(await submit(stack, guardian, form_type, ours.child_id, "guardian"))


async def test_a_draft_submitted_later_is_checked_against_the_family_then(stack: Stack) -> None:
    form_type = await child_form(stack)
    guardian, ours = uuid4(), child()
    headers = stack.auth("guardian", subject=guardian)
    draft = await stack.client.put(
        stack.url("forms", f"/v1/drafts/{form_type}"),
        json={"answers": {"child": str(ours.child_id)}},
        headers=headers,
    )
    assert draft.status_code == 200, draft.text
    assert refused_child(await submit(stack, guardian, form_type, ours.child_id, "guardian"))

    await family_known_to_forms(
        stack, family_id=uuid4(), guardians=[guardian], children=[ours], revision=1
    )
    sent = await submit(stack, guardian, form_type, ours.child_id, "guardian")
    assert sent.status_code == 201, sent.text
    assert sent.json()["form_version"] == 1


async def test_a_youth_names_their_own_child_record(stack: Stack) -> None:
    form_type = await child_form(stack)
    youth = uuid4()
    own, sibling = child(subject=youth), child()
    await family_known_to_forms(
        stack, family_id=uuid4(), guardians=[uuid4()], children=[own, sibling], revision=1
    )
    sent = await submit(stack, youth, form_type, own.child_id, "youth")
    assert sent.status_code == 201, sent.text
    assert refused_child(await submit(stack, youth, form_type, sibling.child_id, "youth"))
