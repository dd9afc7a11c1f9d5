"""Writes docs/asyncapi/<service>.json: the FastStream-generated AsyncAPI document of each service,
with every subject it answers (request-reply), every event it consumes and every event it publishes.

    python scripts/render_asyncapi.py           # rewrite the documents
    python scripts/render_asyncapi.py --check   # exit 1 when a committed document is out of date

The outbox relay publishes events straight to JetStream, outside FastStream's view; the service
runtime declares each of the service's DomainEvent types as a publisher for the document."""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

from generated_files import ROOT, generate

from netzwerkstatt import topology
from netzwerkstatt.service import ServiceDefinition, ServiceRuntime
from netzwerkstatt.settings import ServiceSettings

OUTPUT = ROOT / "docs" / "asyncapi"
# The address in the documents: NATS as the compose deployment names it.
NATS_URL = "nats://nats:4222"


def _settings_class(service: str) -> type[ServiceSettings]:
    module = importlib.import_module(f"{service}_service.settings")
    classes = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, ServiceSettings) and value is not ServiceSettings
    ]
    (settings_class,) = [value for value in classes if value.service_name == service]
    return settings_class


def _definition(service: str) -> ServiceDefinition:
    main = importlib.import_module(f"{service}_service.main")
    settings = _settings_class(service)(nats_url=NATS_URL)
    definition: ServiceDefinition = main.definition(settings)
    return definition


def document(service: str) -> dict[str, Any]:
    return ServiceRuntime(_definition(service)).asyncapi()


def rendered(service: str) -> str:
    return json.dumps(document(service), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    return generate(
        __doc__,
        lambda: {OUTPUT / f"{service}.json": rendered(service) for service in topology.SERVICES},
        "python scripts/render_asyncapi.py",
        argv,
    )


if __name__ == "__main__":
    sys.exit(main())
