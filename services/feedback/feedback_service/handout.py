"""Handing the personal links to notifications, by request-reply (never an event, never the outbox).

A round has three steps, so that neither a crash nor a lost answer ever sends a person two e-mails:

1. One transaction claims due pending hand-outs (row locks, SKIP LOCKED: replicas share the work),
   issues one fresh token per person, stores the tokens' digests (sorted, in one insert: their order
   says nothing about whose is whose) and gives each person a send key, kept until notifications has
   answered. The rows are left to this round for a while.
2. Each link is asked of notifications under its person's send key, notifications' idempotency key:
   whatever reaches notifications twice under one key is one e-mail.
3. One transaction settles the answers. Accepted: the person is forgotten. Accepted before (an
   earlier request under the same key got through, and its link works): the person is forgotten and
   this round's link withdrawn. Refused: the link is withdrawn, the person waits for a later round.
   No answer: the link stays valid, as its e-mail may be on its way; the next round asks again
   under the same key, and notifications either has that e-mail already or takes the new link.

A person thus holds at most one working link. A link whose request got lost on the way before a
crash, or before an answer that never came, stays valid without being sent: nobody holds it.
Tokens exist only in this module's memory and in the request to notifications.
"""

from __future__ import annotations

import asyncio
import enum
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from feedback_service import store
from feedback_service.domain.anonymity import TokenDelivery, issue_tokens
from feedback_service.domain.links import link_token, survey_url
from feedback_service.settings import FeedbackSettings
from feedback_service.store.records import PendingHandout, SurveyRecord
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts.notifications import SendFeedbackRequest
from netzwerkstatt.db import Database, utcnow
from netzwerkstatt.errors import NoAnswer, ServiceError
from netzwerkstatt.logs import get_logger
from netzwerkstatt.rpc import RpcClient

log = get_logger(__name__)

MAX_RETRY_DELAY = timedelta(hours=1)


class Outcome(enum.Enum):
    SENT = "sent"
    SENT_BEFORE = "sent_before"
    REFUSED = "refused"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Link:
    """One person's link of this round, with the key its e-mail is asked for under."""

    handout: PendingHandout
    delivery: TokenDelivery
    send_key: uuid.UUID


@dataclass(frozen=True)
class SurveyRound:
    survey: SurveyRecord
    links: tuple[Link, ...]


async def _send(client: RpcClient, settings: FeedbackSettings, survey: SurveyRecord, link: Link) -> Outcome:
    request = SendFeedbackRequest(
        person_id=link.delivery.person_id,
        event_id=survey.event_id,
        event_title=survey.title,
        survey_url=survey_url(settings.public_url, link_token(survey.id, link.delivery.token)),
        closes_at=survey.closes_at,
        idempotency_key=f"feedback-link-{link.send_key.hex}",
    )
    try:
        accepted = await client.send(
            ops.notifications.FEEDBACK_REQUEST_SEND, request, timeout=settings.handout_call_timeout_seconds
        )
    except NoAnswer:
        log.warning("no answer from notifications to a survey link; asked again under the same key")
        return Outcome.UNKNOWN
    except ServiceError as error:
        # An answer: notifications did not take the link. Its text never contains the request.
        log.warning("a survey link was refused by notifications", error=error.code.value)
        return Outcome.REFUSED
    except Exception as error:
        log.warning("a survey link could not be handed to notifications", error=type(error).__name__)
        return Outcome.UNKNOWN
    return Outcome.SENT_BEFORE if accepted.duplicate else Outcome.SENT


def _retry_at(now: datetime, attempts: int, settings: FeedbackSettings) -> datetime:
    delay = timedelta(seconds=settings.handout_retry_seconds * 2 ** min(attempts - 1, 10))
    return now + min(delay, MAX_RETRY_DELAY)


def _busy_for(settings: FeedbackSettings) -> timedelta:
    """How long a round keeps its claimed persons from other rounds: longer than its requests can
    take; should it crash, its persons are due again after that."""
    return timedelta(seconds=max(4 * settings.handout_call_timeout_seconds, settings.handout_retry_seconds))


async def _start_round(database: Database, settings: FeedbackSettings, moment: datetime) -> list[SurveyRound]:
    """Step 1: claim, issue, store the digests and send keys."""
    rounds: list[SurveyRound] = []
    async with database.unit_of_work() as uow:
        claimed = await store.claim_pending_handouts(uow.session, moment, settings.handout_batch_size)
        by_survey: dict[uuid.UUID, list[PendingHandout]] = {}
        for handout in claimed:
            by_survey.setdefault(handout.survey_id, []).append(handout)
        for survey_id, handouts in by_survey.items():
            survey = await store.survey(uow.session, survey_id, lock="share")
            if survey is None or survey.pepper is None:
                continue
            issue = issue_tokens(survey.pepper, [handout.person_id for handout in handouts])
            links = tuple(
                Link(
                    handout=handout,
                    delivery=delivery,
                    send_key=handout.send_key or uuid.uuid4(),
                )
                for handout, delivery in zip(handouts, issue.deliveries, strict=True)
            )
            await store.start_handouts(
                uow.session,
                survey_id,
                {link.handout.person_id: link.send_key for link in links},
                issue.digests,
                moment + _busy_for(settings),
            )
            rounds.append(SurveyRound(survey=survey, links=links))
    return rounds


async def _settle(
    database: Database,
    settings: FeedbackSettings,
    moment: datetime,
    answered: list[tuple[SurveyRound, list[Outcome]]],
) -> tuple[int, int]:
    """Step 3: forget whom notifications has, withdraw the links it did not take, reschedule."""
    handed_out = postponed = 0
    async with database.unit_of_work() as uow:
        for survey_round, outcomes in answered:
            survey_id = survey_round.survey.id
            done = [
                link.handout.person_id
                for link, outcome in zip(survey_round.links, outcomes, strict=True)
                if outcome in (Outcome.SENT, Outcome.SENT_BEFORE)
            ]
            dead = [
                link.delivery.digest
                for link, outcome in zip(survey_round.links, outcomes, strict=True)
                if outcome in (Outcome.SENT_BEFORE, Outcome.REFUSED)
            ]
            await store.forget_handouts(uow.session, survey_id, done)
            await store.withdraw_digests(uow.session, survey_id, dead)
            for link, outcome in zip(survey_round.links, outcomes, strict=True):
                if outcome in (Outcome.REFUSED, Outcome.UNKNOWN):
                    attempts = link.handout.attempts + 1
                    await store.postpone_handout(
                        uow.session,
                        survey_id,
                        link.handout.person_id,
                        attempts,
                        _retry_at(moment, attempts, settings),
                    )
            handed_out += len(done)
            postponed += len(outcomes) - len(done)
    return handed_out, postponed


async def hand_out_links(
    database: Database, client: RpcClient, settings: FeedbackSettings, now: datetime | None = None
) -> tuple[int, int]:
    """One round; returns (links handed out, hand-outs postponed)."""
    moment = now or utcnow()
    rounds = await _start_round(database, settings, moment)
    if not rounds:
        return 0, 0
    answered = [
        (
            survey_round,
            list(
                await asyncio.gather(
                    *(_send(client, settings, survey_round.survey, link) for link in survey_round.links)
                )
            ),
        )
        for survey_round in rounds
    ]
    handed_out, postponed = await _settle(database, settings, moment, answered)
    if handed_out or postponed:
        log.info("survey links handed out", handed_out=handed_out, postponed=postponed)
    return handed_out, postponed
