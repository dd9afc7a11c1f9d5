"""A message the inbox cannot read is dead-lettered with a reason that names the fields and the
problems, never the values it was sent (a person's name or phone number would otherwise reach the
log line and the dead letter's ``error``)."""

from __future__ import annotations

import json
import uuid

import pytest

from netzwerkstatt.contracts.registry import PersonCreated
from netzwerkstatt.inbox import Handler, PoisonMessage


async def _apply(*_: object) -> None:
    return None


def _person_created(person: dict[str, object]) -> bytes:
    return json.dumps(
        {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": PersonCreated.event_source(),
            "type": PersonCreated.event_type(),
            "subject": str(person["person_id"]),
            "time": "2026-11-20T09:00:00Z",
            "schemaversion": PersonCreated.schema_version,
            "data": {"person": person},
        }
    ).encode()


def test_the_reason_names_the_fields_but_not_the_values_sent() -> None:
    handler = Handler(consumer="events-person-created", event=PersonCreated, apply=_apply)
    body = _person_created(
        {
            "person_id": str(uuid.uuid4()),
            "given_name": ["Xaver"],
            "family_name": {"de": "Quastenflosser"},
            "form_of_address": "mr",
            "email": "xq@example.org",
            "version": "+49 30 1234567",
        }
    )
    with pytest.raises(PoisonMessage) as refused:
        handler.parse(body)
    reason = str(refused.value)
    assert "data.person.given_name" in reason
    assert "data.person.family_name" in reason
    assert "data.person.version" in reason
    for sent in ("Xaver", "Quastenflosser", "1234567"):
        assert sent not in reason


def test_a_body_that_is_no_json_is_refused_without_quoting_it() -> None:
    handler = Handler(consumer="events-person-created", event=PersonCreated, apply=_apply)
    with pytest.raises(PoisonMessage) as refused:
        handler.parse(b'{"given_name": "Xaver Quastenflosser", broken')
    assert "Quastenflosser" not in str(refused.value)
    assert "json" in str(refused.value).lower()
