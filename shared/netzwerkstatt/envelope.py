"""The one message envelope: CloudEvents 1.0 attributes plus a schema version and a correlation id,
around a typed payload. Every domain event on JetStream is an ``Envelope``."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from netzwerkstatt import subjects

EVENT_TYPE_PREFIX = "de.netzwerkstatt"


class DomainEvent(BaseModel):
    """Base of every event payload: a fact in the past tense, owned by one service.

    Subclasses name their owner and fact once, e.g.
    ``class OrganisationCreated(DomainEvent, service="registry", name="organisation.created")``.
    Readers are tolerant: fields added in a later compatible version are ignored by older consumers.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    # Prefixed so that they never collide with payload fields such as ``name``.
    event_service: ClassVar[str]
    event_name: ClassVar[str]
    schema_version: ClassVar[int]

    def __init_subclass__(cls, *, service: str = "", name: str = "", version: int = 1, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if service and name:
            subjects.event(service, name)  # validates the tokens
            cls.event_service = service
            cls.event_name = name
            cls.schema_version = version

    @classmethod
    def subject(cls) -> str:
        return subjects.event(cls.event_service, cls.event_name)

    @classmethod
    def event_type(cls) -> str:
        return f"{EVENT_TYPE_PREFIX}.{cls.event_service}.{cls.event_name}.v{cls.schema_version}"

    @classmethod
    def event_source(cls) -> str:
        return f"/netzwerkstatt/{cls.event_service}"


P = TypeVar("P", bound=BaseModel)


def _every_attribute_required(schema: dict[str, Any]) -> None:
    """The schema of an envelope on the bus: every attribute is always there (those with a default
    are filled in when the envelope is made), so a reader may rely on ``id``, ``time`` and the rest."""
    schema["required"] = list(schema.get("properties", {}))


class Envelope(BaseModel, Generic[P]):
    """CloudEvents attributes (structured mode, JSON) around a typed payload in ``data``.
    Unknown extension attributes are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, json_schema_extra=_every_attribute_required)

    specversion: Literal["1.0"] = "1.0"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, description="Unique event id; Nats-Msg-Id")
    source: str = Field(description="Producing service, e.g. /netzwerkstatt/registry")
    type: str = Field(description="e.g. de.netzwerkstatt.registry.organisation.created.v1")
    subject: str = Field(description="Id of the aggregate the fact is about")
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    datacontenttype: Literal["application/json"] = "application/json"
    schemaversion: int = Field(ge=1, description="Version of the payload schema")
    correlationid: str | None = Field(default=None, description="Request or message that caused it")
    data: P

    @classmethod
    def wrap(cls, payload: DomainEvent, *, subject: str, correlation_id: str | None = None) -> Envelope[Any]:
        """The envelope of a fact this service records (the payload is validated when it is made
        and not again: ``Any``, serialised by its own runtime type)."""
        return _ANY(
            source=payload.event_source(),
            type=payload.event_type(),
            subject=subject,
            schemaversion=payload.schema_version,
            correlationid=correlation_id,
            data=payload,
        )

    @property
    def nats_subject(self) -> str:
        """The NATS subject follows from the type: ``de.netzwerkstatt.<svc>.<name>.vN``."""
        parts = self.type.removeprefix(f"{EVENT_TYPE_PREFIX}.").split(".")
        return subjects.event(parts[0], ".".join(parts[1:-1]))


_ANY = Envelope[Any]  # parametrised once: looking the parametrised class up costs on every event

RawEnvelope = Envelope[dict[str, Any]]  # type: ignore[type-var]
"""An envelope whose payload is not parsed yet."""
