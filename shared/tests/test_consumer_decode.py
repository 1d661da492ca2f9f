"""What a consumer says about a malformed event names fields, never their values."""

from __future__ import annotations

import json
from types import SimpleNamespace
from uuid import uuid4

import pytest

from fc_shared.consumer import NotFromOwner, PoisonMessage, _decode
from fc_shared.events import FamilyChanged, owner_source
from fc_shared.events.envelope import Envelope

FAMILY = {FamilyChanged.TYPE: FamilyChanged}  # the events a subscriber takes, by type


def test_a_malformed_family_snapshot_is_dead_lettered_without_its_values() -> None:
    family_id = uuid4()
    good = FamilyChanged(family_id=family_id, revision=1, guardians=[], children=[])
    headers = Envelope.wrap(good).headers()
    body = json.dumps(
        {
            "family_id": str(family_id),
            "revision": 1,
            "guardians": [],
            "children": [{"child_id": str(uuid4()), "birth_date": "Siv Sjöström 2019-02-31"}],
        }
    ).encode()
    raw = SimpleNamespace(key=str(family_id).encode())

    with pytest.raises(PoisonMessage) as caught:
        _decode(FAMILY, owner_source(FamilyChanged), headers, raw, body)

    said = str(caught.value)
    assert "children.0.birth_date" in said
    assert "Siv" not in said
    assert "2019-02-31" not in said


def test_a_forged_event_is_refused_before_its_type_is_even_looked_at() -> None:
    family_id = uuid4()
    event = FamilyChanged(family_id=family_id, revision=1, guardians=[], children=[])
    headers = {
        **Envelope.wrap(event).headers(),
        "ce_source": "/attacker",
        "ce_type": "fi.familjecentret.network.Nothing.v1",
    }
    raw = SimpleNamespace(key=str(family_id).encode())

    with pytest.raises(NotFromOwner):
        _decode(
            FAMILY,
            owner_source(FamilyChanged),
            headers,
            raw,
            event.model_dump_json().encode(),
        )
