"""The events the notifications service reacts to: projections of people, events and registrations,
and the messages those facts call for (queued in the same transaction as the inbox entry)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from netzwerkstatt.contracts.events import (
    AgreementDue,
    EventCancelled,
    EventFacts,
    EventPublished,
    EventUpdated,
    InvitationDeclined,
    InvitationIssued,
    NextEditionPlanned,
    RegistrationCancelled,
    RegistrationConfirmed,
    RegistrationFacts,
    RegistrationPromoted,
    RegistrationWaitlisted,
)
from netzwerkstatt.contracts.registry import PersonCreated, PersonErased, PersonUpdated
from netzwerkstatt.db import UnitOfWork
from netzwerkstatt.envelope import Envelope
from netzwerkstatt.inbox import Consumers
from netzwerkstatt.logs import get_logger
from notifications_service import mailbox, projections, queue, reminders
from notifications_service.messages.kinds import MessageKind
from notifications_service.outgoing import MessageFacts, invitation_link, registration_link

log = get_logger(__name__)

consumers = Consumers("notifications")

# -- people -----------------------------------------------------------------------------------------


@consumers.on(PersonCreated, name="person-created")
async def project_new_person(uow: UnitOfWork, event: Envelope[PersonCreated]) -> None:
    """Keep the person as a contact: name, form of address, e-mail, language, consent."""
    await projections.upsert_contact(uow.session, event.data.person)


@consumers.on(PersonUpdated, name="person-updated")
async def project_changed_person(uow: UnitOfWork, event: Envelope[PersonUpdated]) -> None:
    """Keep the newest version of the contact; queued messages use it when they are sent."""
    await projections.upsert_contact(uow.session, event.data.person)


@consumers.on(PersonErased, name="person-erased")
async def forget_person(uow: UnitOfWork, event: Envelope[PersonErased]) -> None:
    """Remove the contact and scrub their data from the delivery log; counts stay."""
    person_id = event.data.person_id
    await projections.hold_for_erasure(uow.session, person_id)
    addresses = await projections.known_addresses(uow.session, person_id)
    await projections.erase_contact(uow.session, person_id, event.data.erased_at)
    scrubbed = await queue.scrub_person(uow.session, person_id)
    # The local mail sink (development) keeps copies of the mails: they go too.
    sink_files = sum(mailbox.forget_address(address) for address in addresses)
    log.info("contact erased", messages_scrubbed=scrubbed, mail_sink_files=sink_files)


# -- events -----------------------------------------------------------------------------------------


@consumers.on(EventPublished, name="event-published")
async def plan_published_event(uow: UnitOfWork, event: Envelope[EventPublished]) -> None:
    """Keep the event and plan its reminders."""
    if await projections.upsert_event(uow.session, event.data.event):
        await reminders.replan(uow.session, event.data.event.event_id)


@consumers.on(EventUpdated, name="event-updated")
async def tell_participants_of_change(uow: UnitOfWork, event: Envelope[EventUpdated]) -> None:
    """Keep the event; if dates, times or venue changed, tell the confirmed participants (with an
    updated calendar entry) and those on the waiting list (without one), and move the reminders."""
    facts = event.data.event
    if not await projections.upsert_event(uow.session, facts):
        return
    await reminders.replan(uow.session, facts.event_id)
    if not event.data.schedule_changed:
        return
    registered = await projections.registrations_of(uow.session, facts.event_id, {"confirmed", "waitlisted"})
    for registration in registered:
        await queue.enqueue(
            uow.session,
            kind=MessageKind.EVENT_CHANGED
            if registration.status == "confirmed"
            else MessageKind.WAITLIST_CHANGED,
            person_id=registration.person_id,
            subject_id=str(facts.event_id),
            version=facts.version,
            facts=MessageFacts(
                event=facts,
                link=registration_link(registration.registration_id),
                changed_fields=event.data.changed_fields,
            ),
        )


@consumers.on(EventCancelled, name="event-cancelled")
async def tell_everyone_of_cancellation(uow: UnitOfWork, event: Envelope[EventCancelled]) -> None:
    """Drop the reminders; registered people and open invitees get the cancellation (calendar CANCEL),
    with its reason when staff gave one."""
    facts = event.data.event
    if facts.cancel_reason is None and event.data.reason:
        facts = facts.model_copy(update={"cancel_reason": event.data.reason})  # an older publisher's fact
    await projections.upsert_event(uow.session, facts)
    await reminders.drop(uow.session, facts.event_id)
    registered = await projections.registrations_of(uow.session, facts.event_id, {"confirmed", "waitlisted"})
    invited = await projections.open_invitations_without_registration(uow.session, facts.event_id)
    people = dict.fromkeys([row.person_id for row in registered] + [row.person_id for row in invited])
    for person_id in people:
        await _tell_of_cancellation(uow, facts, person_id)


async def _tell_of_cancellation(uow: UnitOfWork, facts: EventFacts, person_id: uuid.UUID) -> None:
    """One cancellation notice per person and event version, whichever fact leads to it first."""
    await queue.enqueue(
        uow.session,
        kind=MessageKind.EVENT_CANCELLED,
        person_id=person_id,
        subject_id=str(facts.event_id),
        version=facts.version,
        facts=MessageFacts(event=facts),
    )


async def _newest(uow: UnitOfWork, facts: EventFacts) -> EventFacts:
    """The event as last projected, if newer than the one a fact carries. The projection's row was
    locked by the statement that kept the event with the fact (an earlier statement, so this read
    sees what committed before the lock was granted): a concurrent change either waits for this
    transaction (and then finds its registration) or has committed (and is read here)."""
    return await projections.newer_event_facts(uow.session, facts) or facts


@consumers.on(NextEditionPlanned, name="next-edition-planned")
async def send_save_the_date(uow: UnitOfWork, event: Envelope[NextEditionPlanned]) -> None:
    """Save-the-date for the next edition to the audience of the last one (optional kind)."""
    facts = event.data.event
    await projections.upsert_event(uow.session, facts)
    erased = await projections.erased_among(uow.session, event.data.audience_person_ids)
    for person_id in dict.fromkeys(event.data.audience_person_ids):
        if person_id in erased:
            continue
        await queue.enqueue(
            uow.session,
            kind=MessageKind.SAVE_THE_DATE,
            person_id=person_id,
            subject_id=str(facts.event_id),
            version=0,  # one save-the-date per edition, whatever changes later
            facts=MessageFacts(event=facts, series_title=facts.series_title),
        )


# -- invitations and registrations ------------------------------------------------------------------


@consumers.on_batch(InvitationIssued, name="invitation-issued")
async def send_invitations(uow: UnitOfWork, events: Sequence[Envelope[InvitationIssued]]) -> None:
    """Invitation with accept/decline links and a calendar REQUEST. A mailing invites hundreds at
    once, so a batch's invitations are written together: a statement per event version for the
    invitations, one for the messages, instead of statements per invitation."""
    issued = [event.data for event in events]
    erased = await projections.erased_among(uow.session, [data.person_id for data in issued])
    by_event: dict[tuple[uuid.UUID, int], list[InvitationIssued]] = {}
    for data in issued:
        if data.person_id in erased:
            log.info("invitation of an erased person ignored", invitation_id=str(data.invitation_id))
            continue
        by_event.setdefault((data.event.event_id, data.event.version), []).append(data)
    queued: list[queue.Queued] = []
    # One order of the events' rows for every transaction that keeps several of them.
    for key in sorted(by_event):
        invited = by_event[key]
        facts = invited[0].event
        await projections.add_invitations(
            uow.session, facts, [(data.invitation_id, data.person_id) for data in invited]
        )
        current = await _newest(uow, facts)
        if current.status == "cancelled":
            # The cancellation overtook the invitations: nobody is invited to what no longer takes place.
            log.info(
                "invitations to a cancelled event not sent", event_id=str(facts.event_id), count=len(invited)
            )
            continue
        queued += [
            queue.Queued(
                kind=MessageKind.INVITATION,
                person_id=data.person_id,
                subject_id=str(data.invitation_id),
                version=current.version,
                facts=MessageFacts(event=current, link=invitation_link(data.invitation_id)),
            )
            for data in invited
        ]
    await queue.enqueue_all(uow.session, queued)


@consumers.on(InvitationDeclined, name="invitation-declined")
async def note_declined_invitation(uow: UnitOfWork, event: Envelope[InvitationDeclined]) -> None:
    """Who declined is not told of a later cancellation."""
    await projections.decline_invitation(uow.session, event.data.invitation_id)


async def _registration_message(
    uow: UnitOfWork,
    kind: MessageKind,
    registration: RegistrationFacts,
    *,
    plan_reminders: bool = False,
    told_already: bool = False,
) -> None:
    """Project the registration; only a newer version than the one held leads to a message. The
    message shows the event as last projected: a change or cancellation that overtook this fact
    found no registration to tell, so this message tells it. A person ``told_already`` (confirmed
    another way) gets no message of this kind, only the reminders and a cancellation. A fact about
    a person erased meanwhile (it came on another stream than the erasure) is ignored."""
    if await projections.erased_among(uow.session, [registration.person_id]):
        log.info(
            "registration of an erased person ignored", registration_id=str(registration.registration_id)
        )
        return
    if not await projections.upsert_registration(uow.session, registration):
        log.info("older registration version ignored", registration_id=str(registration.registration_id))
        return
    event = await _newest(uow, registration.event)
    if event.status == "cancelled" and kind is not MessageKind.REGISTRATION_CANCELLED:
        await _tell_of_cancellation(uow, event, registration.person_id)
        return
    if plan_reminders:
        await reminders.replan(uow.session, event.event_id)
    if told_already:
        log.info(
            "registration confirmed another way; no confirmation sent",
            registration_id=str(registration.registration_id),
        )
        return
    await queue.enqueue(
        uow.session,
        kind=kind,
        person_id=registration.person_id,
        subject_id=str(registration.registration_id),
        version=registration.version,
        facts=MessageFacts(
            event=event,
            link=registration_link(registration.registration_id),
            waitlist_position=registration.waitlist_position,
        ),
    )


@consumers.on(RegistrationConfirmed, name="registration-confirmed")
async def confirm_registration(uow: UnitOfWork, event: Envelope[RegistrationConfirmed]) -> None:
    """Confirmation with cancel link and calendar REQUEST; reminders are planned. A registration
    staff entered as confirmed another way (``already_confirmed``) gets its reminders only."""
    await _registration_message(
        uow,
        MessageKind.REGISTRATION_CONFIRMED,
        event.data.registration,
        plan_reminders=True,
        told_already=event.data.confirmation == "already_confirmed",
    )


@consumers.on(RegistrationWaitlisted, name="registration-waitlisted")
async def tell_waitlisted(uow: UnitOfWork, event: Envelope[RegistrationWaitlisted]) -> None:
    """Placed on the waitlist, with the position."""
    await _registration_message(uow, MessageKind.WAITLISTED, event.data.registration)


@consumers.on(RegistrationPromoted, name="registration-promoted")
async def tell_promoted(uow: UnitOfWork, event: Envelope[RegistrationPromoted]) -> None:
    """Moved up from the waitlist: told at once, with a calendar REQUEST."""
    await _registration_message(uow, MessageKind.PROMOTED, event.data.registration, plan_reminders=True)


@consumers.on(RegistrationCancelled, name="registration-cancelled")
async def confirm_cancellation(uow: UnitOfWork, event: Envelope[RegistrationCancelled]) -> None:
    """Cancellation confirmed, with a calendar CANCEL."""
    await _registration_message(uow, MessageKind.REGISTRATION_CANCELLED, event.data.registration)


# -- agreements -------------------------------------------------------------------------------------


@consumers.on(AgreementDue, name="agreement-due")
async def remind_agreement_owner(uow: UnitOfWork, event: Envelope[AgreementDue]) -> None:
    """The person who owns a due agreement is reminded of it."""
    agreement = event.data.agreement
    if agreement.owner_person_id is None:
        log.info(
            "due agreement has no owning person; nobody to write", agreement_id=str(agreement.agreement_id)
        )
        return
    if await projections.erased_among(uow.session, [agreement.owner_person_id]):
        log.info(
            "due agreement's owner was erased; nobody to write", agreement_id=str(agreement.agreement_id)
        )
        return
    await queue.enqueue(
        uow.session,
        kind=MessageKind.AGREEMENT_DUE,
        person_id=agreement.owner_person_id,
        subject_id=str(agreement.agreement_id),
        version=agreement.version,
        facts=MessageFacts(agreement_text=agreement.text, due_date=agreement.due_date),
    )
