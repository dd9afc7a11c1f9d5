"""Helpers of the feedback integration tests: event facts, the notifications stand-in, calls."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, TypeVar

import sqlalchemy as sa
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg

from feedback_service import store
from feedback_service.handout import hand_out_links
from feedback_service.settings import FeedbackSettings
from netzwerkstatt import subjects
from netzwerkstatt.contracts.events import (
    EventCompleted,
    EventDay,
    EventFacts,
    EventPublished,
    PublicOrganiser,
)
from netzwerkstatt.envelope import DomainEvent, Envelope
from netzwerkstatt.principal import Principal
from netzwerkstatt.rpc import RpcClient, parse_reply
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing import ADMIN
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually, settings_for

R = TypeVar("R")
SEND_SUBJECT = "notifications.feedback_request.send"


@dataclass
class NotificationsStub:
    """Answers ``notifications.feedback_request.send`` like the notifications service would: one
    mail per idempotency key (``requests`` holds the mails queued); a request under a key it has
    seen is answered as a duplicate and queues nothing."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    refuse: bool = False
    # The next request for each of these persons is queued, but its answer gets lost on the way back.
    answers_lost_for: set[str] = field(default_factory=set)
    # The next request for each of these persons is lost on the way there: nothing queued, no answer.
    requests_lost_for: set[str] = field(default_factory=set)
    message_ids: dict[str, str] = field(default_factory=dict)

    async def handle(self, msg: Msg) -> None:
        body = json.loads(msg.data)
        if body["person_id"] in self.requests_lost_for:
            self.requests_lost_for.discard(body["person_id"])
            return
        if self.refuse:
            self.refused.append(body)
            error = {"code": "unavailable", "message": "mail server down", "details": []}
            await msg.respond(json.dumps({"ok": False, "error": error}).encode())
            return
        key = body["idempotency_key"]
        duplicate = key in self.message_ids
        if duplicate:
            self.duplicates.append(body)
        else:
            self.requests.append(body)
            self.message_ids[key] = str(uuid.uuid4())
        if body["person_id"] in self.answers_lost_for:
            self.answers_lost_for.discard(body["person_id"])
            return
        data = {"message_id": self.message_ids[key], "duplicate": duplicate}
        await msg.respond(json.dumps({"ok": True, "data": data}).encode())

    def queued_for(self, event_id: uuid.UUID) -> list[dict[str, Any]]:
        """The mails queued for the event's links."""
        return [request for request in self.requests if request["event_id"] == str(event_id)]

    def duplicates_for(self, event_id: uuid.UUID) -> list[dict[str, Any]]:
        """The requests for the event's links answered as duplicates (nothing queued)."""
        return [request for request in self.duplicates if request["event_id"] == str(event_id)]

    def tokens_for(self, event_id: uuid.UUID) -> dict[uuid.UUID, str]:
        """Each person's link token, from the links the stub was asked to send."""
        return {
            uuid.UUID(request["person_id"]): request["survey_url"].rsplit("/", 1)[1]
            for request in self.requests
            if request["event_id"] == str(event_id)
        }


def feedback_settings(nats_server: NatsServer, postgres_server: PostgresServer, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "jobs_enabled": False,
        "handout_call_timeout_seconds": 1.0,
        "public_url": "https://netzwerkstatt.example.org",
        **overrides,
    }
    return settings_for(FeedbackSettings, nats_server, postgres_server, **values)


class Feedback:
    """Calls of the service's operations (as the gateway would) and its jobs, for one test."""

    def __init__(self, runtime: ServiceRuntime, admin: NatsClient) -> None:
        self.runtime = runtime
        self.admin = admin
        self.settings: FeedbackSettings = runtime.settings  # type: ignore[assignment]

    async def call(
        self, operation: str, body: dict[str, Any], response: type[R] | Any, *, principal: Principal = ADMIN
    ) -> R:
        """A request through the service's subject for ``principal`` (an admin unless given); raises
        the typed ServiceError on failure."""
        message = await self.admin.request(
            subjects.operation("feedback", operation),
            json.dumps(body, default=str).encode(),
            timeout=5,
            headers=principal.headers(),
        )
        result: R = parse_reply(message.data, response)
        return result

    async def hand_out(self, now: datetime | None = None) -> tuple[int, int]:
        """One hand-out round, at ``now`` (the present unless given)."""
        client = RpcClient(self.runtime.broker, timeout=1.0, principal=Principal.of_service("feedback"))
        return await hand_out_links(self.runtime.database, client, self.settings, now)

    async def publish(self, event: DomainEvent, subject: uuid.UUID) -> Envelope[Any]:
        envelope = Envelope.wrap(event, subject=str(subject))
        await self.admin.jetstream().publish(
            envelope.nats_subject,
            envelope.model_dump_json().encode(),
            headers={"Nats-Msg-Id": str(envelope.id)},
        )
        return envelope

    async def complete_event(self, facts: EventFacts, attendees: Sequence[uuid.UUID]) -> Envelope[Any]:
        return await self.publish(
            EventCompleted(event=facts, attendee_person_ids=list(attendees)), facts.event_id
        )

    async def publish_event(self, facts: EventFacts) -> None:
        await self.publish(EventPublished(event=facts), facts.event_id)

    async def knows_event(self, facts: EventFacts) -> None:
        """Wait until the event's facts have reached the service's projection."""

        async def known() -> Any:
            async with self.runtime.database.read() as session:
                return await store.known_event(session, facts.event_id)

        await eventually(known)

    async def survey_row(self, event_id: uuid.UUID) -> Any:
        table = self.runtime.database.table("surveys")
        async with self.runtime.database.read() as session:
            query = sa.select(table).where(table.c.event_id == event_id)
            return (await session.execute(query)).mappings().first()

    async def count(self, table_name: str, survey_id: uuid.UUID) -> int:
        table = self.runtime.database.table(table_name)
        async with self.runtime.database.read() as session:
            query = sa.select(sa.func.count()).select_from(table).where(table.c.survey_id == survey_id)
            return int(await session.scalar(query) or 0)

    async def open_after_completion(
        self, facts: EventFacts, attendees: Sequence[uuid.UUID], stub: NotificationsStub
    ) -> tuple[Any, dict[uuid.UUID, str]]:
        """Complete the event, wait for the survey and its queued links, hand them out."""
        await self.complete_event(facts, attendees)

        async def queued() -> Any:
            row = await self.survey_row(facts.event_id)
            return row is not None and await self.count("pending_handouts", row["id"]) == len(attendees)

        await eventually(queued)
        await self.hand_out()
        return await self.survey_row(facts.event_id), stub.tokens_for(facts.event_id)

    async def feedback_events(self, survey_id: uuid.UUID) -> list[dict[str, Any]]:
        """Envelopes the service recorded about one survey (its outbox)."""
        outbox = self.runtime.database.table("outbox")
        async with self.runtime.database.read() as session:
            query = sa.select(outbox.c.envelope).where(outbox.c.aggregate == str(survey_id))
            return list((await session.scalars(query.order_by(outbox.c.position))).all())


def event_facts(
    *,
    title: str = "Ideenwerkstatt",
    series_id: uuid.UUID | None = None,
    series_title: str | None = None,
    edition: int | None = None,
    day: date = date(2025, 11, 21),
    version: int = 5,
    network_id: uuid.UUID | None = None,
) -> EventFacts:
    return EventFacts(
        event_id=uuid.uuid4(),
        network_id=network_id,
        series_id=series_id,
        series_title=series_title,
        edition=edition,
        format="ideenwerkstatt",
        title=f"{title} {uuid.uuid4().hex[:6]}",
        days=[EventDay(date=day, start=time(10), end=time(16))],
        organiser=PublicOrganiser(name="IKOE-Projekt der AGSA"),
        status="completed",
        version=version,
    )


def people(count: int) -> list[uuid.UUID]:
    return [uuid.uuid4() for _ in range(count)]


GOOD_ANSWERS: dict[str, Any] = {
    "overall": 5,
    "usefulness": 4,
    "organisation": 4,
    "topics": 5,
    "networking": 5,
    "keep": "Das Barcamp am zweiten Tag",
    "change": "Mehr Zeit für den Austausch",
}
