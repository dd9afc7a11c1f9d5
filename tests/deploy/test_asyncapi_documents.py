"""The committed AsyncAPI documents (docs/asyncapi/) are what FastStream generates from the code,
and name every subject other systems may use: requests, consumed events and published events."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from functools import cache
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from deploy_files import ROOT

from netzwerkstatt import subjects, topology
from netzwerkstatt.envelope import Envelope
from netzwerkstatt.outbox import OutboxRelay

GENERATOR = ROOT / "scripts" / "render_asyncapi.py"
DOCUMENTS = ROOT / "docs" / "asyncapi"


@cache
def committed(service: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DOCUMENTS / f"{service}.json").read_text())
    return document


def addresses(service: str) -> set[str]:
    return {channel["address"] for channel in committed(service)["channels"].values()}


def test_the_committed_documents_match_what_the_code_generates() -> None:
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("service", topology.SERVICES)
def test_each_document_is_asyncapi_3_for_the_services_nats(service: str) -> None:
    document = committed(service)
    assert document["asyncapi"].startswith("3.")
    assert document["info"]["title"] == f"Netzwerkstatt {service}"
    assert {server["protocol"] for server in document["servers"].values()} == {"nats"}


@pytest.mark.parametrize("service", topology.SERVICES)
def test_each_document_names_the_health_subject_and_the_published_events(service: str) -> None:
    found = addresses(service)
    assert subjects.health(service) in found
    published = {address for address in found if address.startswith(f"{service}.evt.")}
    assert published, f"{service} publishes events"


@pytest.mark.parametrize("service", topology.SERVICES)
def test_every_consumed_event_is_one_its_producer_documents(service: str) -> None:
    consumed = {address for address in addresses(service) if ".evt." in address}
    consumed -= {address for address in consumed if address.startswith(f"{service}.evt.")}
    producers = {address.split(".")[0] for address in consumed}
    assert producers <= set(topology.CONSUMES[service])
    for address in consumed:
        assert address in addresses(address.split(".")[0]), address


def test_the_typed_operations_match_the_services_registries() -> None:
    """``netzwerkstatt.operations`` (what the gateway and calling services name operations by) is
    what the services' operations registries declare: subjects, request models, reply types, rules."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_operations.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("service", topology.SERVICES)
def test_every_published_envelope_requires_the_attributes_each_envelope_carries(service: str) -> None:
    """Other systems apply each envelope ``id`` once and generate code from these schemas: the
    attributes the relay always writes (``id``, ``time``, ...) are required, not optional."""
    document = committed(service)
    made = Envelope[Any](source="/netzwerkstatt/x", type="x", subject="x", schemaversion=1, data={})
    carried = set(made.model_dump(mode="json"))
    for name, message in document["components"]["messages"].items():
        if not name.endswith(":Publisher:Message"):
            continue
        schema_name = unquote(message["payload"]["$ref"].rsplit("/", 1)[1])
        schema = document["components"]["schemas"][schema_name]
        assert set(schema["required"]) == carried == set(schema["properties"]), name


class CapturingJetStream:
    def __init__(self) -> None:
        self.headers: list[dict[str, str]] = []

    async def publish(self, subject: str, payload: bytes, **options: Any) -> None:
        self.headers.append(options["headers"])


@pytest.mark.parametrize("correlation_id", ["trace-4711", None])
async def test_every_published_message_names_the_headers_and_content_type_the_relay_sends(
    correlation_id: str | None,
) -> None:
    relay, row = (
        SimpleNamespace(js=CapturingJetStream(), stream="REGISTRY_EVENTS"),
        SimpleNamespace(
            event_id=uuid.uuid4(), correlation_id=correlation_id, subject="registry.evt.x", body="{}"
        ),
    )
    await OutboxRelay._publish(relay, row)  # type: ignore[arg-type]
    [sent] = relay.js.headers
    for service in topology.SERVICES:
        for name, message in committed(service)["components"]["messages"].items():
            if name.endswith(":Publisher:Message"):
                assert message["contentType"] == sent["content-type"], name
                jsonschema.validate(sent, message["headers"])
                assert set(sent) <= set(message["headers"]["properties"]), name
