"""Handing the personal links to notifications, by request-reply (never an event, never the outbox).

Each round claims due pending hand-outs (row locks, SKIP LOCKED: replicas share the work, nobody
gets two links), issues one fresh token per person, asks notifications to send each link, and then,
in the same transaction, stores the digests of the accepted tokens and deletes those persons from
the queue. A refused or unanswered request keeps the person queued for a later round with a new
token: the earlier token's digest was never stored, so at most one link per person is ever valid.
Tokens exist only in this function's memory and in the request to notifications.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta

from feedback_service import store
from feedback_service.domain.anonymity import TokenDelivery, issue_tokens, token_digest
from feedback_service.domain.links import link_token, survey_url
from feedback_service.settings import FeedbackSettings
from feedback_service.store.records import PendingHandout, SurveyRecord
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts.notifications import SendFeedbackRequest
from netzwerkstatt.db import Database, utcnow
from netzwerkstatt.logs import get_logger
from netzwerkstatt.rpc import RpcClient

log = get_logger(__name__)

MAX_RETRY_DELAY = timedelta(hours=1)


async def _send(
    client: RpcClient, settings: FeedbackSettings, survey: SurveyRecord, delivery: TokenDelivery
) -> bool:
    token = link_token(survey.id, delivery.token)
    request = SendFeedbackRequest(
        person_id=delivery.person_id,
        event_id=survey.event_id,
        event_title=survey.title,
        survey_url=survey_url(settings.public_url, token),
        closes_at=survey.closes_at,
        # New with every token: a retry after a lost answer must send the new link, not be deduplicated.
        idempotency_key=f"feedback-link-{uuid.uuid4().hex}",
    )
    try:
        await client.send(
            ops.notifications.FEEDBACK_REQUEST_SEND, request, timeout=settings.handout_call_timeout_seconds
        )
    except Exception as error:
        # The error's text never contains the request, so it is safe to log its type and message.
        log.warning("a survey link could not be handed to notifications", error=type(error).__name__)
        return False
    return True


def _retry_at(now: datetime, attempts: int, settings: FeedbackSettings) -> datetime:
    delay = timedelta(seconds=settings.handout_retry_seconds * 2 ** min(attempts - 1, 10))
    return now + min(delay, MAX_RETRY_DELAY)


async def hand_out_links(
    database: Database, client: RpcClient, settings: FeedbackSettings, now: datetime | None = None
) -> tuple[int, int]:
    """One round; returns (links handed out, hand-outs postponed)."""
    moment = now or utcnow()
    handed_out = postponed = 0
    async with database.unit_of_work() as uow:
        claimed = await store.claim_pending_handouts(uow.session, moment, settings.handout_batch_size)
        by_survey: dict[uuid.UUID, list[PendingHandout]] = {}
        for handout in claimed:
            by_survey.setdefault(handout.survey_id, []).append(handout)
        for survey_id, handouts in by_survey.items():
            survey = await store.survey(uow.session, survey_id, lock="share")
            if survey is None or survey.pepper is None:
                continue
            pepper = survey.pepper
            issue = issue_tokens(pepper, [handout.person_id for handout in handouts])
            outcomes = await asyncio.gather(
                *(_send(client, settings, survey, delivery) for delivery in issue.deliveries)
            )
            accepted = [d for d, ok in zip(issue.deliveries, outcomes, strict=True) if ok]
            await store.finish_handouts(
                uow.session,
                survey_id,
                [delivery.person_id for delivery in accepted],
                [token_digest(pepper, delivery.token.get_secret_value()) for delivery in accepted],
            )
            for handout, ok in zip(handouts, outcomes, strict=True):
                if not ok:
                    attempts = handout.attempts + 1
                    await store.postpone_handout(
                        uow.session,
                        survey_id,
                        handout.person_id,
                        attempts,
                        _retry_at(moment, attempts, settings),
                    )
            handed_out += len(accepted)
            postponed += len(handouts) - len(accepted)
    if handed_out or postponed:
        log.info("survey links handed out", handed_out=handed_out, postponed=postponed)
    return handed_out, postponed
