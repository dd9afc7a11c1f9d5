"""An integration's consumer creation, as the stream's owner checks it before JetStream sees it."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from netzwerkstatt import integration_consumers, topology
from netzwerkstatt.integration_consumers import ConsumerRefused, IntegrationConsumerGate, checked_request

[CONSUMER] = [
    consumer
    for consumer in topology.integration_consumers_on("events")
    if consumer.subject == "events.evt.event.published"
]


def creation(**settings: object) -> bytes:
    config = ConsumerConfig(
        name=CONSUMER.durable,
        durable_name=CONSUMER.durable,
        filter_subject=CONSUMER.subject,
        ack_policy=AckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        ack_wait=30,
    ).as_dict()
    return json.dumps(
        {"stream_name": CONSUMER.stream, "config": {**config, **settings}}, default=str
    ).encode()


def test_a_pull_consumer_as_nats_py_creates_it_is_passed_on_unchanged() -> None:
    assert json.loads(checked_request(creation(), CONSUMER)) == json.loads(creation())


def test_a_creation_without_the_stream_name_is_passed_on_with_it() -> None:
    request = json.loads(creation())
    del request["stream_name"]
    passed_on = json.loads(checked_request(json.dumps(request).encode(), CONSUMER))
    assert passed_on == {**request, "stream_name": CONSUMER.stream}


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json", "the request is no JSON object"),
        (b"[]", "the request is no JSON object"),
        (b'{"stream_name": "EVENTS_EVENTS"}', "config: missing"),
        (json.dumps({"stream_name": "REGISTRY_EVENTS", "config": {}}).encode(), "stream_name: must be"),
        (
            json.dumps({"config": {"filter_subject": CONSUMER.subject}}).encode(),
            "config.durable_name: missing",
        ),
        (
            json.dumps({"config": {"durable_name": CONSUMER.durable}}).encode(),
            "config.filter_subject: missing",
        ),
        (json.dumps({"config": {}, "Config": {}}).encode(), "Config: not allowed"),
        (creation(metadata={"note": "x" * 20_000}), "a consumer's settings fit in 16384"),
        (b"[" * 5_000 + b"]" * 5_000, "the request is no JSON object: nested too deeply"),
        # Python's parser takes NaN, which is no JSON and which JetStream would not read.
        (creation(max_deliver=float("nan")), "the request is no JSON object"),
        # Wrong types are named here, not left to the server's Go decoding error.
        (creation(ack_wait="soon"), "config.ack_wait: must be a whole number"),
        (creation(max_deliver=True), "config.max_deliver: must be a whole number"),
        (creation(headers_only="yes"), "config.headers_only: must be true or false"),
        (creation(backoff=[1, "2s"]), "config.backoff: must be a list of whole numbers"),
        (creation(metadata={"team": 7}), "config.metadata: must be an object of texts"),
        # JetStream refuses a list of filters on a creation subject that names the filter.
        (
            creation(filter_subject=None, filter_subjects=[CONSUMER.subject]),
            f"config.filter_subjects: leave it out; set config.filter_subject to {CONSUMER.subject}",
        ),
    ],
)
def test_a_request_that_is_no_creation_of_its_consumer_is_refused_with_the_reason(
    body: bytes, reason: str
) -> None:
    with pytest.raises(ConsumerRefused, match=re.escape(reason)):
        checked_request(body, CONSUMER)


def test_a_push_setting_is_refused_even_when_the_pull_settings_are_right() -> None:
    with pytest.raises(
        ConsumerRefused, match=r"config\.deliver_subject: not allowed; integrations read with pull"
    ):
        checked_request(creation(deliver_subject="events.health"), CONSUMER)
    # nats-py sends a zero heartbeat for every consumer: unset, not a push setting.
    checked_request(creation(idle_heartbeat=0), CONSUMER)


class Request:
    """A creation as the gate's subscription hands it over: the body and a way to answer."""

    def __init__(self, data: bytes) -> None:
        self.data, self.reply = data, "_INBOX.partner.1"
        self.answers: list[dict[str, Any]] = []

    async def respond(self, data: bytes) -> None:
        self.answers.append(json.loads(data))


async def test_a_creation_the_gate_fails_on_is_answered_not_left_to_time_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def failing(body: bytes, consumer: topology.IntegrationConsumer) -> bytes:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(integration_consumers, "checked_request", failing)
    request = Request(creation())
    await IntegrationConsumerGate(client=None, service="events")._answerer(CONSUMER)(request)  # type: ignore[arg-type]
    [answer] = request.answers
    assert answer["type"] == integration_consumers.CREATE_RESPONSE
    assert answer["error"]["code"] == 500
