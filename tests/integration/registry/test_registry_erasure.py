"""Data protection: erasing a person leaves none of their data in the registry's schema, redacts
issued Schnittstellenpapiere, and announces ``person.erased``; export shows everything held."""

from __future__ import annotations

import json
import secrets
import uuid
from typing import Any

import nats
import sqlalchemy as sa
from registry_helpers import RegistryApi, unique

from netzwerkstatt.testing.servers import NatsServer
from netzwerkstatt.testing.services import eventually


async def _tables_mentioning(api: RegistryApi, needle: str) -> list[str]:
    """Every table of the registry's schema with a row whose text contains ``needle``."""
    found = []
    async with api.runtime.database.read() as session:
        tables = await session.scalars(
            sa.text("SELECT table_name FROM information_schema.tables WHERE table_schema = 'registry'")
        )
        for table in list(tables):
            hits = await session.scalar(
                sa.text(f'SELECT count(*) FROM registry."{table}" AS t WHERE t::text ILIKE :needle'),
                {"needle": f"%{needle}%"},
            )
            if hits:
                found.append(table)
    return found


async def _erasure_events(nats_server: NatsServer, person_id: str) -> list[dict[str, Any]]:
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    try:
        js = connection.jetstream()
        subscription = await js.pull_subscribe("registry.evt.person.erased", stream="REGISTRY_EVENTS")
        envelopes = []
        try:
            for message in await subscription.fetch(500, timeout=1):
                envelopes.append(json.loads(message.data))
        except TimeoutError:
            pass
        await subscription.unsubscribe()
    finally:
        await connection.close()
    return [envelope for envelope in envelopes if envelope["data"]["person_id"] == person_id]


async def test_erasure_leaves_no_personal_data_and_is_announced(
    api: RegistryApi, nats_server: NatsServer
) -> None:
    family_name = f"Loeschbar{uuid.uuid4().hex[:8]}"
    # Unique in the session: other tests create people with fictional numbers too.
    phone_suffix = f"{secrets.randbelow(9000) + 1000}"
    email = f"{family_name.lower()}@example.org"
    organisation = await api.organisation(unique("Ausländerbehörde"), type="foreigners_authority")
    colleague = await api.person()
    person = await api.call(
        "person.create",
        {
            "given_name": "Ida",
            "family_name": family_name,
            "emails": [email],
            "phone": f"+49 341 555 {phone_suffix}",
            "memberships": [{"organisation_id": organisation["id"], "function": "Sachgebiet"}],
            "consents": ["network_event_contact", "contact_list_sharing"],
            "notes": f"Notiz zu {family_name}",
        },
    )
    await api.call(
        "person.membership.save",
        {
            "person_id": colleague["id"],
            "organisation_id": organisation["id"],
            "substitute_person_id": person["id"],
        },
    )
    await api.call("person.update", {"person_id": person["id"], "title": "Dr."})
    responsibility = await api.call(
        "responsibility.assign",
        {
            "topic": "residence_law",
            "organisation_id": organisation["id"],
            "region_key": "14713",
            "contact_person_id": person["id"],
        },
    )
    network = await api.call(
        "network.create",
        {"name": unique("Netz"), "kind": "other", "member_organisation_ids": [organisation["id"]]},
    )
    paper = await api.call("interface_paper.issue", {"network_id": network["id"]})
    assert paper["entries"][0]["contact"]["email"] == email
    exported = await api.call("person.export", {"person_id": person["id"]})
    assert exported["person"]["emails"] == [email]
    assert [item["id"] for item in exported["responsibilities"]] == [responsibility["id"]]
    assert [item["id"] for item in exported["interface_papers"]] == [paper["id"]]
    assert "people" in await _tables_mentioning(api, family_name)

    erasure = await api.call("person.erase", {"person_id": person["id"]})

    assert erasure["redacted_interface_papers"] == 1
    for needle in (family_name, email, f"341555{phone_suffix}"):
        assert await _tables_mentioning(api, needle) == [], needle
    # Only the bare id stays: in the erasure record and in events that carry ids only.
    assert set(await _tables_mentioning(api, person["id"])) <= {"erasure_records", "outbox"}
    redacted = await api.call("interface_paper.get", {"paper_id": paper["id"]})
    assert redacted["entries"][0]["contact"] == {
        "person_id": None,
        "name": None,
        "function": None,
        "email": None,
        "phone": None,
    }
    assert redacted["redactions"] == 1
    kept = await api.call("responsibility.list", {"organisation_id": organisation["id"]})
    assert kept["items"][0]["contact_person_id"] is None
    gone = await api.fails("person.get", {"person_id": person["id"]})
    assert gone.details[0].code == "erased_person"
    assert (await api.call("person.get", {"person_id": colleague["id"]}))["memberships"][0][
        "substitute_person_id"
    ] is None

    async def announced() -> list[dict[str, Any]]:
        return await _erasure_events(nats_server, person["id"])

    [event] = await eventually(announced)
    assert event["type"] == "de.netzwerkstatt.registry.person.erased.v1"
    assert set(event["data"]) == {"person_id", "erased_at"}
