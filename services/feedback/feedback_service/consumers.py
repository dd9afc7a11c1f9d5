"""The events the feedback service reacts to: what it needs to know of events (titles, series,
editions; also of events entered afterwards as held), their completion (the survey opens, attendees
get links) and erasure requests."""

from __future__ import annotations

from feedback_service import lifecycle, store
from feedback_service.domain.anonymity import SurveyState
from feedback_service.domain.links import invitee_mark
from feedback_service.facts import event_record
from feedback_service.settings import FeedbackSettings
from netzwerkstatt.contracts.events import EventCompleted, EventPublished, EventUpdated, HeldEventEntered
from netzwerkstatt.contracts.feedback import SERVICE
from netzwerkstatt.contracts.registry import PersonErased
from netzwerkstatt.db import UnitOfWork
from netzwerkstatt.envelope import Envelope
from netzwerkstatt.inbox import Consumers
from netzwerkstatt.logs import get_logger

log = get_logger(__name__)


def consumers_for(settings: FeedbackSettings) -> Consumers:
    """The service's consumers, with its settings (opening on completion, period, template)."""
    consumers = Consumers(SERVICE)

    @consumers.on(EventPublished, name="event-published")
    async def project_published_event(uow: UnitOfWork, event: Envelope[EventPublished]) -> None:
        """Keep the event's title and series, so staff can open its survey by hand."""
        await store.upsert_event(uow.session, event_record(event.data.event))

    @consumers.on(EventUpdated, name="event-updated")
    async def project_updated_event(uow: UnitOfWork, event: Envelope[EventUpdated]) -> None:
        """Keep the event's title and series up to date."""
        await store.upsert_event(uow.session, event_record(event.data.event))

    @consumers.on(HeldEventEntered, name="event-held-entered")
    async def project_held_event(uow: UnitOfWork, event: Envelope[HeldEventEntered]) -> None:
        """Keep an event entered afterwards as held, so staff can enter its paper survey; no survey
        opens and nobody is invited (its attendees were never asked through the system)."""
        await store.upsert_event(uow.session, event_record(event.data.event))

    @consumers.on(EventCompleted, name="event-completed")
    async def open_survey_for_completed_event(uow: UnitOfWork, event: Envelope[EventCompleted]) -> None:
        """Open the event's survey (unless staff opened it already) and queue a link per attendee.

        The attendee list is used once, here: the persons go into the hand-out queue, which forgets
        each of them as soon as notifications accepted their link."""
        facts = event.data.event
        await store.upsert_event(uow.session, event_record(facts))
        survey = await store.survey_for_event(uow.session, facts.event_id, lock="update")
        if survey is None:
            if not settings.open_on_completion:
                return
            survey = await lifecycle.open_survey(uow, settings, event_id=facts.event_id)
        if survey.state is not SurveyState.OPEN:
            log.info("event completed after its survey closed; no links", survey_id=str(survey.id))
            return
        await lifecycle.invite(uow, survey, event.data.attendee_person_ids)

    @consumers.on(PersonErased, name="person-erased")
    async def forget_person(uow: UnitOfWork, event: Envelope[PersonErased]) -> None:
        """Answers never refer to a person; only a link not yet handed out and an invitee mark do."""
        person_id = event.data.person_id
        await store.delete_pending_for_person(uow.session, person_id)
        for survey in await store.open_survey_peppers(uow.session):
            if survey.pepper is not None:
                mark = invitee_mark(survey.pepper, person_id)
                await store.delete_invitee_mark(uow.session, survey.survey_id, mark)

    return consumers
