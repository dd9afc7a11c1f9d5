"""Another system reading Netzwerkstatt's public events: plain nats-py and jsonschema, nothing else.

It connects with its own account (``partner`` here), keeps one durable consumer per public event
subject (``partner--<subject with dots as dashes>``), so that after a restart it carries on where
it stopped, validates every message against the envelope schema in the AsyncAPI documents, prints
one JSON line per message and acknowledges it. A message that does not match its schema is printed
as invalid and terminated (JetStream does not redeliver it).

    python partner_consumer.py --url nats://127.0.0.1:4222 --user partner \\
        --password-file /run/secrets/partner_nats_password --asyncapi docs/asyncapi

Options: ``--subject`` (repeatable; default: every public subject), ``--replay-from 2026-11-01T00:00:00Z``
(delete the durable consumers and read again from that time), ``--idle-exit 5`` (stop after 5 s
without messages; default: run until Ctrl-C). Exit codes: 0 done, 2 refused by the server (a subject
the account may not read), 3 the AsyncAPI documents do not describe a subject, 4 a consumer could
not be created now (the service owning its stream is not running; try again later).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import nats
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import APIError, NotFoundError, ServiceUnavailableError

# The public event subjects (docs/integrations.md). Each lives in its producer's stream.
PUBLIC_SUBJECTS = (
    "registry.evt.organisation.created",
    "registry.evt.organisation.updated",
    "registry.evt.organisation.archived",
    "registry.evt.region.updated",
    "registry.evt.network.updated",
    "registry.evt.interface_paper.issued",
    "events.evt.event.published",
    "events.evt.event.updated",
    "events.evt.event.cancelled",
    "events.evt.event.held_entered",
    "feedback.evt.survey.opened",
    "feedback.evt.survey.closed",
    "feedback.evt.survey.paper_entered",
    "feedback.evt.response.submitted",
)
REFUSED = 2
UNDOCUMENTED = 3
UNAVAILABLE = 4


class Refused(Exception):
    """The server refused what the account asked for."""


class Unavailable(Exception):
    """The server could not do it now; the same request may succeed later."""


def stream_of(subject: str) -> str:
    return f"{subject.split('.')[0].upper()}_EVENTS"


def durable_of(account: str, subject: str) -> str:
    return f"{account}--{subject.replace('.', '-')}"


def load_validators(folder: Path, wanted: list[str]) -> dict[str, jsonschema.protocols.Validator]:
    """One validator per subject: the payload schema of the publisher's message in the producer's
    AsyncAPI document (``<folder>/<service>.json``), its references resolved in that document."""
    validators: dict[str, jsonschema.protocols.Validator] = {}
    for subject in wanted:
        document = json.loads((folder / f"{subject.split('.')[0]}.json").read_text())
        message = document["components"]["messages"].get(f"{subject}:Publisher:Message")
        if message is None:
            raise KeyError(subject)
        schema = {**message["payload"], "components": document["components"]}
        validator_type = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
        validators[subject] = validator_type(schema)
    return validators


async def open_consumers(
    js: Any, account: str, wanted: list[str], replay_from: datetime | None
) -> dict[str, Any]:
    subscriptions = {}
    for subject in wanted:
        stream, durable = stream_of(subject), durable_of(account, subject)
        try:
            if replay_from is not None:
                await js.delete_consumer(stream, durable)
            else:
                await js.consumer_info(stream, durable)  # there from an earlier run: carry on
                subscriptions[subject] = await js.pull_subscribe_bind(durable=durable, stream=stream)
                continue
        except NotFoundError:
            pass
        except NatsTimeout as error:
            raise Refused(f"no consumer on {subject}") from error
        config = ConsumerConfig(
            name=durable,
            durable_name=durable,
            filter_subject=subject,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.BY_START_TIME if replay_from else DeliverPolicy.ALL,
            opt_start_time=replay_from,
            ack_wait=30,
        )
        try:
            await js.add_consumer(stream, config=config)
        except NatsTimeout as error:  # a refused request gets no answer; the server says why
            raise Refused(f"no consumer on {subject}") from error
        except ServiceUnavailableError as error:  # created by the stream's owner, which is down
            raise Unavailable(f"no consumer on {subject} now") from error
        except APIError as error:  # the owner or JetStream refused the settings, and says why
            raise Refused(f"no consumer on {subject}: {error.description}") from error
        subscriptions[subject] = await js.pull_subscribe_bind(durable=durable, stream=stream)
    return subscriptions


async def consume(subscription: Any, validator: jsonschema.protocols.Validator) -> int:
    try:
        messages = await subscription.fetch(64, timeout=0.5)
    except (NatsTimeout, TimeoutError):
        return 0
    for message in messages:
        line: dict[str, Any] = {"subject": message.subject, "sequence": message.metadata.sequence.stream}
        try:
            envelope = json.loads(message.data)
            validator.validate(envelope)
        except (ValueError, jsonschema.ValidationError) as error:
            line.update(valid=False, error=str(error).splitlines()[0])
            print(json.dumps(line), flush=True)
            await message.term()
            continue
        line.update(valid=True, id=envelope["id"], type=envelope["type"], data=envelope["data"])
        print(json.dumps(line, ensure_ascii=False), flush=True)
        await message.ack()
    return len(messages)


async def run(arguments: argparse.Namespace) -> int:
    wanted = arguments.subject or list(PUBLIC_SUBJECTS)
    try:
        validators = load_validators(arguments.asyncapi, wanted)
    except (KeyError, OSError) as error:
        print(json.dumps({"error": "not in the AsyncAPI documents", "subject": str(error)}), file=sys.stderr)
        return UNDOCUMENTED
    refusals: list[str] = []

    async def on_error(error: Exception) -> None:
        if "permissions violation" in str(error).lower():
            refusals.append(str(error))

    password = arguments.password_file.read_text().strip()
    client = await nats.connect(
        arguments.url,
        user=arguments.user,
        password=password,
        inbox_prefix=f"_INBOX.{arguments.user}",  # the only inbox the account may subscribe to
        error_cb=on_error,
        allow_reconnect=False,
    )
    try:
        js = client.jetstream(timeout=2)
        try:
            subscriptions = await open_consumers(js, arguments.user, wanted, arguments.replay_from)
        except Refused as error:
            print(json.dumps({"refused": str(error), "server": refusals}), file=sys.stderr)
            return REFUSED
        except Unavailable as error:
            print(json.dumps({"unavailable": str(error)}), file=sys.stderr)
            return UNAVAILABLE
        idle_since = asyncio.get_running_loop().time()
        while True:
            received = 0
            for subject, subscription in subscriptions.items():
                received += await consume(subscription, validators[subject])
            now = asyncio.get_running_loop().time()
            if received:
                idle_since = now
            elif arguments.idle_exit is not None and now - idle_since >= arguments.idle_exit:
                return 0
    finally:
        await client.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="nats://127.0.0.1:4222")
    parser.add_argument("--user", default="partner")
    parser.add_argument("--password-file", type=Path, required=True)
    parser.add_argument("--asyncapi", type=Path, default=Path(__file__).parents[1] / "asyncapi")
    parser.add_argument("--subject", action="append", help="a public event subject (repeatable)")
    parser.add_argument("--replay-from", type=datetime.fromisoformat, help="e.g. 2026-11-01T00:00:00+00:00")
    parser.add_argument("--idle-exit", type=float, help="stop after this many seconds without messages")
    try:
        return asyncio.run(run(parser.parse_args()))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
