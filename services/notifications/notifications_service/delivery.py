"""The delivery worker: claims due messages, renders and sends them, records the outcome.

- Claiming uses ``SELECT ... FOR UPDATE SKIP LOCKED``: several workers and replicas never take the
  same message, and the row lock is held until the outcome is committed.
- Per recipient, messages go out in the order they were queued: a message is only claimed when no
  earlier message to the same recipient is still pending (also while that one waits for a retry).
- Temporary failures (server unreachable, 4xx) are retried with exponential backoff; permanent ones
  (5xx, no or invalid address, a message that cannot be rendered) are recorded and announced as
  ``DeliveryFailed``; sent messages as ``DeliverySent``. Both in the same transaction as the log.
- At most one resent mail per worker and crash: right after the SMTP server accepted a message, a
  delivery mark is committed by a statement of its own (``queue.record_accepted``, autocommit, on a
  connection the worker keeps while it has mail to send). If the process dies before the batch's
  commit, the message's next worker finds the mark and records it as sent without sending it again.
  Only a crash between the server's acceptance and that short commit sends a message twice, with the
  same Message-ID (receivers can dedupe).
- A mark that cannot be committed (the database went away right after the server accepted) is kept
  in memory and committed before this process claims anything again; a claim that another worker
  started during the outage finds it there: a database outage sends nothing twice.
- The participants' links (accept an invitation, cancel a registration, its calendar file) and the
  e-mail address of each event's organiser (the Reply-To and calendar organizer) are asked of the
  events service for each batch, one request for all of them (``events.link.issue``): the tokens
  exist only in that reply and in the e-mail, never in a stream, an outbox or this schema, and the
  address, which staff may have given as a person's, is kept off the streams. While the events
  service does not answer, the messages that need a link or are about an event wait (not counted as
  an attempt); the others go out.
- Each worker is a supervised ``BackgroundLoop`` (``notifications-delivery-<n>``). Stopping the
  service lets a worker finish the mail it is sending, mark it and record its batch (up to twice the
  SMTP limit) instead of cutting it off after the server accepted it: a restart sends nothing twice.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta

from pydantic import ValidationError

from netzwerkstatt import metrics
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts.events import IssueLinks, LinkTarget
from netzwerkstatt.contracts.notifications import DeliveryFacts, DeliveryFailed, DeliverySent
from netzwerkstatt.db import Database, HeldAutocommit, UnitOfWork, utcnow
from netzwerkstatt.errors import ServiceError
from netzwerkstatt.logs import get_logger
from netzwerkstatt.loops import BackgroundLoop, Loops
from netzwerkstatt.rpc import RpcClient
from notifications_service import queue
from notifications_service.domain import DeliveryProblem, suppression_reason
from notifications_service.messages.context import Office
from notifications_service.messages.errors import MessageError
from notifications_service.messages.kinds import Language, MessageKind
from notifications_service.outgoing import Links, MessageFacts, OutgoingEmail, build_email, link_needed
from notifications_service.settings import NotificationsSettings
from notifications_service.smtp import SendFailure, SmtpSender
from notifications_service.store import templates as templates_store
from notifications_service.store.records import ClaimedContact, ClaimedMessage

log = get_logger(__name__)

CONTACT_RECHECK_MAX_SECONDS = 30.0

MAX_IDLE_BACKOFF_SECONDS = 5.0


@dataclass(frozen=True)
class WorkerConnections:
    """A worker's own connections, kept from one mail to the next: to the mail server, and to the
    database for the delivery marks."""

    smtp: SmtpSender
    marks: HeldAutocommit

    async def close(self) -> None:
        try:
            await self.smtp.close()
        finally:
            await self.marks.close()


@dataclass(frozen=True)
class EventsReply:
    """What the events service gave for a batch: the links' tokens and the organisers' addresses."""

    tokens: dict[LinkTarget, str]
    organiser_emails: dict[uuid.UUID, str | None]


@dataclass(frozen=True)
class BatchOutcome:
    processed: int
    server_unreachable: bool = False


def _suppression(kind: MessageKind, contact: ClaimedContact) -> DeliveryProblem | None:
    return suppression_reason(
        kind, opted_out=contact.opted_out, consents_to_event_contact=contact.consents_to_event_contact
    )


def _to_be_sent(message: ClaimedMessage) -> bool:
    """A known contact who has not opted out of this kind."""
    return message.contact is not None and _suppression(message.kind, message.contact) is None


def _parsed_facts(message: ClaimedMessage) -> MessageFacts | ValidationError:
    """The message's facts, read once per claim; facts that do not parse are reported when the
    message is rendered."""
    try:
        return MessageFacts.model_validate(message.stored_facts or {})
    except ValidationError as error:
        return error


class DeliveryWorker:
    def __init__(self, settings: NotificationsSettings, database: Database, events: RpcClient) -> None:
        self.settings = settings
        self.database = database
        self.events = events
        self.links = Links(settings.public_url)
        self.default_office = Office(name=settings.sender_name, email=settings.sender_email)
        self.loops: list[BackgroundLoop] = []
        # Delivery marks of accepted messages whose commit failed, shared by this process' workers.
        self._unmarked: list[queue.SentMessage] = []
        # One worker at a time commits them: two resuming together would each store the first and
        # each take one off the list, dropping the second unstored.
        self._unmarked_lock = asyncio.Lock()
        # Messages a worker of this process is sending and has not yet marked. The claim's lock ends
        # with its transaction, which an outage ends while the mail is on its way: another worker
        # that claims the message then must leave it to the one sending it.
        self._in_flight: set[uuid.UUID] = set()
        # Set on stop: each worker ends its batch after the mail under way.
        self._stopping = False
        self._sent = metrics.MAILS_SENT.labels("notifications")
        self._failures = {
            permanent: metrics.SMTP_FAILURES.labels(
                "notifications", "permanent" if permanent else "temporary"
            )
            for permanent in (True, False)
        }

    def start(self, loops: Loops) -> None:
        self._stopping = False
        for number in range(self.settings.delivery_workers):
            self.loops.append(loops.run(self._worker(number)))

    def _worker(self, number: int) -> BackgroundLoop:
        connections = WorkerConnections(SmtpSender(self.settings), self.database.held_autocommit())
        poll = self.settings.delivery_poll_seconds
        unreachable_pause = poll

        async def deliver() -> float:
            nonlocal unreachable_pause
            outcome = await self.deliver_batch(connections)
            if outcome.server_unreachable:
                pause, unreachable_pause = (
                    unreachable_pause,
                    min(unreachable_pause * 2, MAX_IDLE_BACKOFF_SECONDS),
                )
                return pause
            unreachable_pause = poll
            if outcome.processed == 0:
                await connections.close()  # do not keep idle connections open
                return poll
            return 0.0

        return BackgroundLoop(
            f"notifications-delivery-{number}",
            deliver,
            pause=poll,
            max_backoff=MAX_IDLE_BACKOFF_SECONDS,
            deadline=max(60.0, 4 * self.settings.smtp_timeout_seconds),
            cleanup=connections.close,
            # Connecting and sending one mail, each within the SMTP limit; then the mark and the commit.
            grace=2 * self.settings.smtp_timeout_seconds,
        )

    async def stop(self) -> None:
        self._stopping = True
        await asyncio.gather(*(loop.stop() for loop in self.loops))
        self.loops.clear()

    def wake(self) -> None:
        for loop in self.loops:
            loop.wake()

    async def deliver_batch(self, connections: WorkerConnections) -> BatchOutcome:
        """Claim, send and record one batch; stops early when the mail server is unreachable."""
        processed = 0
        unreachable = False
        await self._commit_unmarked()
        async with self.database.unit_of_work() as uow:
            claimed_now = await queue.claim_due(uow.session, self.settings.delivery_batch_size)
            messages = [message for message in claimed_now if message.id not in self._in_flight]
            if not messages:
                return BatchOutcome(processed=0)
            templates = await templates_store.load_custom(uow.session)
            sent: list[tuple[ClaimedMessage, queue.SentMessage]] = []
            # Accepted by the mail server before an interruption: recorded now, never sent again. The
            # marks another worker of this process still holds back (its commit failed in an outage
            # that this claim outlasted) are taken first, the stored ones after: a held-back mark is
            # stored before it leaves that list, so one moving over meanwhile is found in either.
            claimed = {message.id for message in messages}
            held_back = {mark.message_id: mark for mark in self._unmarked if mark.message_id in claimed}
            accepted = await queue.accepted_before(uow.session, list(claimed)) | held_back
            facts = {
                message.id: _parsed_facts(message)
                for message in messages
                if message.id not in accepted and _to_be_sent(message)
            }
            # The links the batch's e-mails need; their tokens in one request.
            links = {
                message.id: link
                for message in messages
                if isinstance(read := facts.get(message.id), MessageFacts)
                and (link := link_needed(message.kind, read)) is not None
            }
            about_events = [
                read.event.event_id
                for read in facts.values()
                if isinstance(read, MessageFacts) and read.event is not None
            ]
            reply = await self._ask_events(
                list(dict.fromkeys(links.values())), list(dict.fromkeys(about_events))
            )
            recovered = 0
            for message in messages:
                if self._stopping:
                    break  # the rest stay pending for the next process; the sent ones are recorded
                if message.id in accepted:
                    sent.append((message, accepted[message.id]))
                    processed += 1
                    recovered += 1
                    continue
                parsed = facts[message.id] if message.id in facts else _parsed_facts(message)
                reachable = await self._deliver(
                    uow, message, parsed, connections, templates, sent, links.get(message.id), reply
                )
                processed += 1
                if not reachable:
                    unreachable = True
                    break
            await self._record_sent(uow, sent)
        if recovered:
            # One line per batch, not per mail: after a crash a whole batch may come back this way.
            log.info("messages accepted before an interruption recorded, not sent again", count=recovered)
        return BatchOutcome(processed=processed, server_unreachable=unreachable)

    async def _ask_events(self, targets: list[LinkTarget], events: list[uuid.UUID]) -> EventsReply | None:
        """The tokens of the links the batch's deliverable messages need and the organisers of the
        events they are about (None: the events service did not give them)."""
        if not targets and not events:
            return EventsReply(tokens={}, organiser_emails={})
        try:
            issued = await self.events.send(
                ops.events.LINK_ISSUE, IssueLinks(targets=targets, organisers_of=events)
            )
        except ServiceError as error:
            # Unreachable, or refused (a misconfiguration the log names): the e-mails that need a
            # link or are about an event wait, every other one goes out.
            log.warning(
                "the events service did not give links and organisers; those messages wait",
                code=str(error.code),
                error=error.message,
            )
            return None
        return EventsReply(
            tokens={LinkTarget(kind=link.kind, id=link.id): link.token for link in issued.links},
            organiser_emails={organiser.event_id: organiser.email for organiser in issued.organisers},
        )

    async def _commit_unmarked(self) -> None:
        """The delivery marks a database outage held back, committed before anything is claimed,
        so the next claim of their messages records them instead of sending them again."""
        async with self._unmarked_lock:
            while self._unmarked:
                async with self.database.autocommit() as marking:
                    await queue.record_accepted(marking, self._unmarked[0])
                self._unmarked.pop(0)

    async def _record_sent(
        self, uow: UnitOfWork, sent: list[tuple[ClaimedMessage, queue.SentMessage]]
    ) -> None:
        """The batch's sent messages in one update, each with its fact, committed with the batch."""
        await queue.mark_sent(uow.session, [mark for _, mark in sent])
        self._sent.inc(len(sent))
        for message, mark in sent:
            # The row is locked by this worker, so its attempts are exactly the stored ones plus this.
            facts = self._facts(message, message.attempts + 1)
            await uow.record(DeliverySent(delivery=facts, sent_at=mark.sent_at), subject=str(message.id))

    async def _deliver(
        self,
        uow: UnitOfWork,
        message: ClaimedMessage,
        facts: MessageFacts | ValidationError,
        connections: WorkerConnections,
        templates: templates_store.CustomTemplates,
        sent: list[tuple[ClaimedMessage, queue.SentMessage]],
        link: LinkTarget | None,
        reply: EventsReply | None,
    ) -> bool:
        """Handle one claimed message; returns False if the mail server could not be reached."""
        kind = message.kind
        age = (utcnow() - message.created_at).total_seconds()
        if message.contact is None:
            if age < self.settings.contact_wait_seconds:
                # Look again sooner while the message is young (the contact usually follows within
                # seconds), then less often, so waiting messages never crowd out the deliverable ones.
                wait = min(
                    max(self.settings.delivery_retry_base_seconds, age / 2), CONTACT_RECHECK_MAX_SECONDS
                )
                retry_at = utcnow() + timedelta(seconds=wait)
                await queue.retry_later(
                    uow.session,
                    message.id,
                    at=retry_at,
                    problem=DeliveryProblem.WAITING_FOR_CONTACT,
                    count_attempt=False,
                )
            else:
                await self._failed(
                    uow,
                    message,
                    DeliveryProblem.UNKNOWN_CONTACT,
                    "the recipient is not (or no longer) a known contact",
                    None,
                )
            return True
        suppressed = _suppression(kind, message.contact)
        if suppressed is not None:
            await queue.mark_suppressed(uow.session, message.id, suppressed)
            return True
        contact = message.contact.facts
        language = Language.ENGLISH if contact.language == Language.ENGLISH.value else Language.GERMAN
        about_event = isinstance(facts, MessageFacts) and facts.event is not None
        if reply is None and (link is not None or about_event):
            retry_at = utcnow() + timedelta(seconds=self.settings.delivery_retry_base_seconds)
            await queue.retry_later(
                uow.session,
                message.id,
                at=retry_at,
                problem=DeliveryProblem.WAITING_FOR_LINK,
                count_attempt=False,
            )
            return True
        try:
            if isinstance(facts, ValidationError):
                raise facts
            outgoing = build_email(
                kind,
                facts,
                contact,
                default_office=self.default_office,
                links=self.links,
                idempotency_key=message.idempotency_key,
                templates=templates.get((kind, language)),
                token=reply.tokens.get(link) if reply is not None and link is not None else None,
                organiser_email=(
                    reply.organiser_emails.get(facts.event.event_id)
                    if reply is not None and facts.event is not None
                    else None
                ),
            )
        except (MessageError, ValidationError) as error:
            await self._failed(
                uow, message, DeliveryProblem.CANNOT_BE_BUILT, f"cannot be built: {error}", contact.email
            )
            return True
        self._in_flight.add(message.id)
        try:
            return await self._send_and_mark(uow, message, connections, outgoing, sent, age)
        finally:
            # Marked, or its mark held in ``_unmarked`` for the next claim to find.
            self._in_flight.discard(message.id)

    async def _send_and_mark(
        self,
        uow: UnitOfWork,
        message: ClaimedMessage,
        connections: WorkerConnections,
        outgoing: OutgoingEmail,
        sent: list[tuple[ClaimedMessage, queue.SentMessage]],
        age: float,
    ) -> bool:
        try:
            await connections.smtp.send(outgoing.email)
        except SendFailure as failure:
            self._failures[failure.permanent].inc()
            if failure.permanent or age >= self.settings.delivery_give_up_after_seconds:
                await self._failed(
                    uow, message, failure.problem, failure.reason, outgoing.address, count_attempt=True
                )
                return True
            retry_at = utcnow() + timedelta(seconds=self._backoff(message.attempts))
            await queue.retry_later(
                uow.session, message.id, at=retry_at, problem=failure.problem, reason=failure.reason
            )
            log.info("delivery failed temporarily", message_id=str(message.id), reason=failure.reason)
            return not failure.server_unreachable
        mark = queue.SentMessage(
            message_id=message.id,
            address=outgoing.address,
            subject=outgoing.subject,
            language=outgoing.language.value,
            sent_at=utcnow(),
        )
        # At once, on the worker's own connection: from here on a crash does not send this mail again.
        # One statement that commits by itself (one round trip instead of BEGIN, INSERT, COMMIT).
        try:
            await queue.record_accepted(connections.marks, mark)
        except BaseException:
            # Also when cancelled mid-commit: the mark may or may not be stored, storing it twice is
            # harmless. The next iteration commits it first.
            self._unmarked.append(mark)
            raise
        sent.append((message, mark))
        return True

    def _backoff(self, attempts: int) -> float:
        seconds: float = self.settings.delivery_retry_base_seconds * 2 ** min(attempts, 20)
        return min(seconds, self.settings.delivery_retry_max_seconds)

    async def _failed(
        self,
        uow: UnitOfWork,
        message: ClaimedMessage,
        problem: DeliveryProblem,
        reason: str,
        address: str | None,
        *,
        count_attempt: bool = False,
    ) -> None:
        attempts = await queue.mark_failed(
            uow.session,
            message.id,
            problem=problem,
            reason=reason,
            address=address,
            count_attempt=count_attempt,
        )
        log.warning(
            "delivery failed permanently", message_id=str(message.id), kind=message.kind.value, reason=reason
        )
        await uow.record(
            DeliveryFailed(
                delivery=self._facts(message, attempts), problem=problem.value, reason=reason, permanent=True
            ),
            subject=str(message.id),
        )

    @staticmethod
    def _facts(message: ClaimedMessage, attempts: int) -> DeliveryFacts:
        return DeliveryFacts(
            message_id=message.id,
            kind=message.kind.value,
            person_id=message.person_id,
            subject_id=message.subject_id,
            attempts=attempts,
        )
