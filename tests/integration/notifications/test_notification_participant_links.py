"""The participants' links come from the events service when the e-mail is sent: the invitation or
registration event names the row, never a token; so does the e-mail address of an event's organiser,
which no stream carries. While the events service does not answer, only the e-mails that need a link
or are about an event wait; no token is kept in this service's tables."""

from __future__ import annotations

import asyncio
import uuid

import sqlalchemy as sa
from nats.js import JetStreamContext
from notification_flows import (
    ORGANISER_EMAIL,
    PUBLIC_URL,
    LinkIssuer,
    event,
    link_token,
    mails_to,
    person,
    publish,
    registration,
    text_of,
)

from netzwerkstatt.contracts.events import (
    AgreementDue,
    AgreementFacts,
    InvitationIssued,
    RegistrationCancelled,
)
from netzwerkstatt.contracts.registry import PersonCreated
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.services import eventually, every_row_as_text
from notifications_service.mailsink import MailSink


async def test_the_invitation_link_is_issued_for_the_email_and_kept_nowhere_here(
    service: ServiceRuntime, producer: JetStreamContext, mail_sink: MailSink, link_issuer: LinkIssuer
) -> None:
    someone = person()
    assert someone.email is not None
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    facts = event()
    invitation_id = uuid.uuid4()
    await publish(
        producer,
        InvitationIssued(invitation_id=invitation_id, event=facts, person_id=someone.person_id),
        subject=facts.event_id,
    )

    (mail,) = await eventually(lambda: _mails(mail_sink, someone.email or ""))
    token = link_token("invitation", invitation_id)
    assert f"{PUBLIC_URL}/p/invitation/{token}?answer=accept" in text_of(mail)
    assert mail["Reply-To"].addresses[0].addr_spec == ORGANISER_EMAIL
    assert link_issuer.requests >= 1
    assert token not in await every_row_as_text(service.database)


async def test_while_the_events_service_does_not_answer_only_emails_with_links_or_about_an_event_wait(
    service: ServiceRuntime, producer: JetStreamContext, mail_sink: MailSink, link_issuer: LinkIssuer
) -> None:
    link_issuer.available = False
    invitee, owner, leaver = person(), person(), person()
    assert invitee.email is not None
    assert owner.email is not None
    assert leaver.email is not None
    for someone in (invitee, owner, leaver):
        await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    facts = event()
    invitation_id = uuid.uuid4()
    await publish(
        producer,
        InvitationIssued(invitation_id=invitation_id, event=facts, person_id=invitee.person_id),
        subject=facts.event_id,
    )
    agreement = AgreementFacts(
        agreement_id=uuid.uuid4(),
        event_id=facts.event_id,
        text="Fachkräfteportal gemeinsam pflegen",
        owner_organisation_id=None,
        owner_person_id=owner.person_id,
        due_date=facts.days[0].date,
        status="open",
        version=1,
    )
    await publish(producer, AgreementDue(agreement=agreement), subject=agreement.agreement_id)
    # A cancellation carries no link, but is signed by the event's organiser.
    cancelled = registration(facts, leaver.person_id, status="cancelled", version=2)
    await publish(producer, RegistrationCancelled(registration=cancelled), subject=cancelled.registration_id)

    # The agreement reminder is about no event and goes out; the invitation and the cancellation
    # wait, not failed.
    await eventually(lambda: _mails(mail_sink, owner.email or ""))
    await asyncio.sleep(1.5)
    assert mails_to(mail_sink, invitee.email) == []
    assert mails_to(mail_sink, leaver.email) == []
    messages = service.database.table("messages")
    async with service.database.read() as session:
        status, attempts = (
            await session.execute(
                sa.select(messages.c.status, messages.c.attempts).where(
                    messages.c.person_id == invitee.person_id
                )
            )
        ).one()
    assert (status, attempts) == ("pending", 0)

    link_issuer.available = True
    (mail,) = await eventually(lambda: _mails(mail_sink, invitee.email or ""), timeout=20)
    assert link_token("invitation", invitation_id) in text_of(mail)
    (cancellation,) = await eventually(lambda: _mails(mail_sink, leaver.email or ""), timeout=20)
    assert cancellation["Reply-To"].addresses[0].addr_spec == ORGANISER_EMAIL


async def _mails(sink: MailSink, address: str) -> list[object]:
    return list(mails_to(sink, address))
