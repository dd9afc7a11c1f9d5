"""Other systems create their durable consumers on a service's stream through the service that owns
the stream.

NATS permissions see a request's subject, never its body, and the body of a consumer's creation
decides whether JetStream pushes the stream's messages to a subject of its choice
(``deliver_subject``): in the system's account that could be an operation another service answers
or another service's stream. An integration's ``$JS.API.CONSUMER.CREATE`` for one of its durables
is therefore imported from the owner's subject (``topology.IntegrationConsumer.gate_subject``); the
owner passes on a pull consumer with exactly that name and filter, rebuilt from the settings listed
here, and answers anything else itself, in JetStream's own error format, so that a client library
raises its usual API error with the reason.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

import nats.errors
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg

from netzwerkstatt import subjects, topology
from netzwerkstatt.logs import get_logger

log = get_logger(__name__)

CREATE_RESPONSE = "io.nats.jetstream.api.v1.consumer_create_response"
REQUEST_KEYS = frozenset({"stream_name", "config", "action", "pedantic"})


# The settings of a pull consumer and what each holds, checked here so that a wrong type is refused
# with the setting named rather than with the server's Go decoding error. Durations are whole
# nanoseconds, as in JetStream.
def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: Any) -> bool:
    return isinstance(value, str)


SETTING_KINDS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    **dict.fromkeys(
        [
            "name",
            "durable_name",
            "description",
            "deliver_policy",
            "opt_start_time",
            "ack_policy",
            "filter_subject",
            "replay_policy",
            "sample_freq",
            "pause_until",
        ],
        ("text", _text),
    ),
    **dict.fromkeys(
        [
            "opt_start_seq",
            "ack_wait",
            "max_deliver",
            "max_waiting",
            "max_ack_pending",
            "max_batch",
            "max_expires",
            "max_bytes",
            "inactive_threshold",
            "num_replicas",
        ],
        ("a whole number", _whole),
    ),
    **dict.fromkeys(
        ("headers_only", "mem_storage"), ("true or false", lambda value: isinstance(value, bool))
    ),
    "backoff": (
        "a list of whole numbers",
        lambda value: isinstance(value, list) and all(_whole(item) for item in value),
    ),
    "filter_subjects": (
        "a list of subjects",
        lambda value: isinstance(value, list) and all(_text(item) for item in value),
    ),
    "metadata": (
        "an object of texts",
        lambda value: isinstance(value, dict) and all(_text(item) for item in value.values()),
    ),
}
# Anything else is refused, not dropped: JetStream reads JSON keys regardless of case, so
# "Deliver_Subject" would still mean a push consumer.
PULL_SETTINGS = frozenset(SETTING_KINDS)


# Settings of a push consumer, allowed only unset (nats-py sends ``idle_heartbeat: 0`` for every
# consumer).
PUSH_SETTINGS = frozenset(
    {"deliver_subject", "deliver_group", "flow_control", "idle_heartbeat", "rate_limit_bps"}
)
# A consumer's settings are a few hundred bytes; JetStream keeps whatever it is given (metadata).
MAX_REQUEST_BYTES = 16 * 1024
JETSTREAM_SECONDS = 5.0  # how long the owner waits for JetStream's answer


class ConsumerRefused(Exception):
    """A creation request that is not one of the integration's pull consumers; the text says why."""


def checked_request(body: bytes, consumer: topology.IntegrationConsumer) -> bytes:
    """The request passed on to JetStream: the integration's own settings, once they are those of a
    pull consumer named ``consumer.durable`` and filtered to exactly ``consumer.subject``."""
    if len(body) > MAX_REQUEST_BYTES:
        raise ConsumerRefused(
            f"the request has {len(body)} bytes; a consumer's settings fit in {MAX_REQUEST_BYTES}"
        )
    try:
        request = json.loads(body, parse_constant=_no_constant)
    except ValueError:
        raise ConsumerRefused("the request is no JSON object") from None
    except RecursionError:  # arrays or objects nested deeper than the parser goes
        raise ConsumerRefused("the request is no JSON object: nested too deeply") from None
    if not isinstance(request, dict):
        raise ConsumerRefused("the request is no JSON object")
    _only(request, REQUEST_KEYS, "")
    if request.get("stream_name", consumer.stream) != consumer.stream:
        raise ConsumerRefused(f"stream_name: must be {consumer.stream}")
    config = request.get("config")
    if not isinstance(config, dict):
        raise ConsumerRefused("config: missing; it holds the consumer's settings")
    pushed = sorted(key for key in PUSH_SETTINGS if config.get(key))
    if pushed:
        raise ConsumerRefused(f"config.{pushed[0]}: not allowed; integrations read with pull consumers only")
    _only(config, PULL_SETTINGS | PUSH_SETTINGS, "config.")
    for key, (kind, holds) in SETTING_KINDS.items():
        if config.get(key) is not None and not holds(config[key]):
            raise ConsumerRefused(f"config.{key}: must be {kind}")
    for key in ("name", "durable_name"):
        if config.get(key, consumer.durable) != consumer.durable:
            raise ConsumerRefused(f"config.{key}: must be {consumer.durable}")
    if "durable_name" not in config:
        raise ConsumerRefused(f"config.durable_name: missing; must be {consumer.durable}")
    if config.get("filter_subject") not in (None, consumer.subject):
        raise ConsumerRefused(f"config.filter_subject: must be {consumer.subject}")
    if config.get("filter_subjects"):
        # JetStream refuses a list of filters on a creation subject that names the filter.
        raise ConsumerRefused(
            f"config.filter_subjects: leave it out; set config.filter_subject to {consumer.subject}"
        )
    if config.get("filter_subject") is None:
        raise ConsumerRefused(f"config.filter_subject: missing; must be {consumer.subject}")
    # JetStream refuses a creation without it ("stream name in subject does not match request");
    # the subject already names the stream, so a request may leave it out.
    return json.dumps({**request, "stream_name": consumer.stream}).encode()


def _no_constant(name: str) -> Any:
    # Python's parser reads NaN and Infinity, which JSON does not have and JetStream would not read.
    raise ValueError(f"{name} is no JSON value")


def _only(values: dict[str, Any], allowed: frozenset[str], prefix: str) -> None:
    unknown = sorted(key for key in values if key not in allowed)
    if unknown:
        listed = ", ".join(sorted(allowed - PUSH_SETTINGS))
        raise ConsumerRefused(f"{prefix}{unknown[0]}: not allowed (allowed: {listed})")


def error_answer(code: int, description: str) -> bytes:
    """An answer in the format of JetStream's own errors (nats-py raises ``BadRequestError`` for 400,
    ``ServiceUnavailableError`` for 503)."""
    return json.dumps({"type": CREATE_RESPONSE, "error": {"code": code, "description": description}}).encode()


class IntegrationConsumerGate:
    """Answers the integrations' consumer creations on one service's stream, in the service's queue
    group; every other request of an integration's consumer goes to JetStream directly."""

    def __init__(self, client: NatsClient, service: str) -> None:
        self.client = client
        self.service = service
        self.consumers = topology.integration_consumers_on(service)
        self._subscriptions: list[Any] = []

    async def start(self) -> None:
        for consumer in self.consumers:
            queue, answer = subjects.queue_group(self.service), self._answerer(consumer)
            subscription = await self.client.subscribe(consumer.gate_subject, queue=queue, cb=answer)
            self._subscriptions.append(subscription)

    async def stop(self) -> None:
        for subscription in self._subscriptions:
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()
        self._subscriptions.clear()

    def _answerer(self, consumer: topology.IntegrationConsumer) -> Callable[[Msg], Awaitable[None]]:
        async def answer(message: Msg) -> None:
            if not message.reply:
                return
            try:
                await message.respond(await self._create(consumer, message.data))
            except Exception:  # a callback's error would only reach the connection's error handler
                log.exception("integration consumer creation failed", durable=consumer.durable)
                # An answer, not a timeout: the integration learns at once that it may try again.
                with contextlib.suppress(Exception):
                    await message.respond(error_answer(500, "the consumer could not be created; try again"))

        return answer

    async def _create(self, consumer: topology.IntegrationConsumer, body: bytes) -> bytes:
        try:
            request = checked_request(body, consumer)
        except ConsumerRefused as refusal:
            log.info("integration consumer refused", durable=consumer.durable, reason=str(refusal))
            return error_answer(400, str(refusal))
        try:
            reply = await self.client.request(consumer.create_subject, request, timeout=JETSTREAM_SECONDS)
        except (nats.errors.TimeoutError, nats.errors.NoRespondersError):
            log.warning("JetStream did not answer a consumer creation", durable=consumer.durable)
            return error_answer(503, "JetStream did not answer; try again")
        with contextlib.suppress(ValueError, AttributeError):
            error = json.loads(reply.data).get("error")
            log.info("integration consumer created", durable=consumer.durable, refused_by_jetstream=error)
        return reply.data
