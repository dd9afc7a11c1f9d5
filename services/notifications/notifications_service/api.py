"""The subjects the notifications service answers (request-reply). Thin: parse → rules → store → reply."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from pydantic import HttpUrl, TypeAdapter, ValidationError

from netzwerkstatt.contracts.events import EventFacts
from netzwerkstatt.contracts.notifications import (
    SERVICE,
    ChangeSubscription,
    ConfigureReminders,
    DeliveryPage,
    DeliveryView,
    EventReminders,
    GetMail,
    ListDeliveries,
    ListMail,
    ListTemplates,
    MailPage,
    MailView,
    PersonNotificationsData,
    PreviewTemplate,
    PreviewView,
    ReminderScheduleView,
    SaveTemplate,
    SendAccepted,
    SendFeedbackRequest,
    SubscriptionView,
    TemplateKey,
    TemplateView,
)
from netzwerkstatt.contracts.registry import PersonRef
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.errors import NotFound
from netzwerkstatt.principal import Access
from netzwerkstatt.rpc import Operations, Provided
from notifications_service import mailbox, privacy, projections, queue, reminders, templates_store, views
from notifications_service.domain import (
    checked_offsets,
    invalid_template,
    merged_templates,
    template_key,
)
from notifications_service.messages.errors import MessageError
from notifications_service.messages.kinds import Language, MessageKind
from notifications_service.messages.templates import load_templates, preview, validate_templates
from notifications_service.outgoing import MessageFacts
from notifications_service.settings import NotificationsSettings
from notifications_service.store import contacts, events

operations = Operations(SERVICE)

SettingsDep = Annotated[NotificationsSettings, Provided("settings")]

_HTTP_URL = TypeAdapter(HttpUrl)


# -- sending on request -----------------------------------------------------------------------------


@operations("feedback_request.send", access=Access.SERVICE)
async def send_feedback_request(request: SendFeedbackRequest, db: DatabaseDep) -> SendAccepted:
    """Queue the e-mail with one attendee's personal survey link (the link is kept until sent)."""
    try:
        _HTTP_URL.validate_python(request.survey_url)
    except ValidationError as error:
        raise views.invalid("survey_url", "the survey link must be an http(s) URL") from error
    async with db.unit_of_work() as uow:
        known = await uow.session.scalar(
            sa.select(contacts.c.person_id).where(contacts.c.person_id == request.person_id)
        )
        if known is None:
            raise NotFound.for_field(
                "person_id", f"no contact with id {request.person_id}", "unknown_contact"
            )
        event = await projections.event_row(uow.session, request.event_id)
        if event is None:
            raise NotFound.for_field("event_id", f"no event with id {request.event_id}", "unknown_event")
        enqueued = await queue.enqueue(
            uow.session,
            kind=MessageKind.FEEDBACK_REQUEST,
            person_id=request.person_id,
            subject_id=str(request.event_id),
            version=0,
            facts=MessageFacts(
                event=EventFacts.model_validate(event.facts),
                survey_url=request.survey_url,
                survey_closes_at=request.closes_at,
            ),
            key=f"feedback_request:{request.idempotency_key}",
        )
    return SendAccepted(message_id=enqueued.message_id, duplicate=enqueued.duplicate)


# -- templates --------------------------------------------------------------------------------------


@operations("template.list", access=Access.READ)
async def list_templates(request: ListTemplates, db: DatabaseDep) -> list[TemplateView]:
    """Every kind in both languages: the template in use, its placeholders and rules."""
    async with db.read() as session:
        custom = await templates_store.load_custom(session)
    return [
        views.template_view(kind, language, custom.get((kind, language)))
        for kind in MessageKind
        for language in Language
        if request.kind in (None, kind.value) and request.language in (None, language.value)
    ]


@operations("template.preview", access=Access.READ)
async def preview_template(request: PreviewTemplate, db: DatabaseDep) -> PreviewView:
    """Render with fictional sample data; given parts replace the stored ones for this preview only."""
    kind, language = template_key(request)
    async with db.read() as session:
        custom = await templates_store.load_custom(session)
    current = custom.get((kind, language)) or load_templates(kind, language)
    templates = merged_templates(current, subject=request.subject, text=request.text, html=request.html)
    try:
        rendered = preview(kind, language, templates)
    except MessageError as error:
        raise invalid_template(error) from error
    return PreviewView(
        kind=kind.value,
        language=language.value,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
    )


@operations("template.save", access=Access.ADMIN)
async def save_template(request: SaveTemplate, db: DatabaseDep) -> TemplateView:
    """Store a customised template after checking it (unknown placeholders are refused)."""
    kind, language = template_key(request)
    templates = merged_templates(
        load_templates(kind, language), subject=request.subject, text=request.text, html=request.html
    )
    try:
        validate_templates(kind, language, templates)
        preview(kind, language, templates)
    except MessageError as error:
        raise invalid_template(error) from error
    async with db.unit_of_work() as uow:
        await templates_store.save_custom(uow.session, kind, language, templates)
    return views.template_view(kind, language, templates)


@operations("template.reset", access=Access.ADMIN)
async def reset_template(request: TemplateKey, db: DatabaseDep) -> TemplateView:
    """Go back to the shipped template."""
    kind, language = template_key(request)
    async with db.unit_of_work() as uow:
        await templates_store.delete_custom(uow.session, kind, language)
    return views.template_view(kind, language, None)


# -- delivery log -----------------------------------------------------------------------------------


@operations("delivery.list", access=Access.READ)
async def list_deliveries(request: ListDeliveries, db: DatabaseDep) -> DeliveryPage:
    """The delivery log, newest first; filter by status (e.g. failed), kind, person, event, address."""
    async with db.read() as session:
        rows, total = await queue.list_messages(
            session,
            status=request.status,
            kind=request.kind,
            person_id=request.person_id,
            event_id=request.event_id,
            recipient_email=request.recipient_email,
            offset=request.offset,
            limit=request.limit,
        )
    return DeliveryPage(
        items=[DeliveryView.model_validate(views.delivery(row)) for row in rows],
        total=total,
        offset=request.offset,
        limit=request.limit,
    )


# -- reminders --------------------------------------------------------------------------------------


@operations("reminder.configure", access=Access.CHANGE)
async def configure_reminders(request: ConfigureReminders, db: DatabaseDep) -> ReminderScheduleView:
    """Choose an event's reminder offsets (default: 7 days and 1 day before); re-plans at once."""
    offsets = checked_offsets(request.offsets)
    async with db.unit_of_work() as uow:
        if await projections.event_row(uow.session, request.event_id, lock=True) is None:
            raise NotFound.for_field("event_id", f"no event with id {request.event_id}", "unknown_event")
        await uow.session.execute(
            events.update()
            .where(events.c.event_id == request.event_id)
            .values(reminder_offsets_seconds=offsets)
        )
        await reminders.replan(uow.session, request.event_id)
        return await views.reminder_schedule(uow.session, request.event_id)


@operations("reminder.get", access=Access.READ)
async def get_reminders(request: EventReminders, db: DatabaseDep) -> ReminderScheduleView:
    """An event's reminder offsets and its planned, done and dropped jobs."""
    async with db.read() as session:
        if await projections.event_row(session, request.event_id) is None:
            raise NotFound.for_field("event_id", f"no event with id {request.event_id}", "unknown_event")
        return await views.reminder_schedule(session, request.event_id)


# -- opt-out ----------------------------------------------------------------------------------------


@operations("subscription.change", access=Access.TOKEN)
async def change_subscription(request: ChangeSubscription, db: DatabaseDep) -> SubscriptionView:
    """Unsubscribe from (or back to) optional messages by the token of the link in an e-mail."""
    async with db.unit_of_work() as uow:
        changed = await projections.opt_out(uow.session, request.token, opted_out=not request.subscribed)
    if changed is None:
        raise NotFound.for_field("token", "this unsubscribe link is not valid (any more)", "unknown_token")
    return SubscriptionView(subscribed=changed.opted_out_at is None)


# -- local mail sink --------------------------------------------------------------------------------


@operations("mailsink.list", access=Access.READ)
async def list_mail(request: ListMail, settings: SettingsDep) -> MailPage:
    """E-mails received by the local mail sink (development), newest first."""
    return mailbox.page(settings, offset=request.offset, limit=request.limit)


@operations("mailsink.get", access=Access.READ)
async def get_mail(request: GetMail, settings: SettingsDep) -> MailView:
    """One e-mail of the local mail sink with its text, HTML and calendar parts."""
    return mailbox.mail(settings, request.id)


# -- right of access --------------------------------------------------------------------------------


@operations("person.export", access=Access.READ)
async def export_person(request: PersonRef, db: DatabaseDep) -> PersonNotificationsData:
    """What notifications holds about a person: contact, messages written to them, and how many
    registrations and invitations it keeps for them (right of access). Nothing held: an empty document."""
    async with db.read() as session:
        return await privacy.person_data(session, request.person_id)
