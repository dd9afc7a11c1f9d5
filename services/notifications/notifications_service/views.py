"""The records of the service's tables as the views of its contract."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.contracts.notifications import (
    DeliveryView,
    ReminderJobView,
    ReminderScheduleView,
    TemplateView,
)
from netzwerkstatt.errors import FieldError, InvalidInput
from notifications_service import projections, reminders
from notifications_service.messages.context import placeholder_names
from notifications_service.messages.kinds import Language, MessageKind, calendar_method, is_essential
from notifications_service.messages.templates import TemplateSet, load_templates
from notifications_service.store.records import DeliveryRecord


def invalid(field: str, message: str, code: str = "invalid") -> InvalidInput:
    return InvalidInput(message, [FieldError(field=field, message=message, code=code)])


def template_view(kind: MessageKind, language: Language, custom: TemplateSet | None) -> TemplateView:
    templates = custom or load_templates(kind, language)
    method = calendar_method(kind)
    return TemplateView(
        kind=kind.value,
        language=language.value,
        essential=is_essential(kind),
        calendar_method=method.value if method else None,
        placeholders=sorted(placeholder_names(kind)),
        customised=custom is not None,
        subject=templates.subject,
        text=templates.text,
        html=templates.html,
    )


def delivery_view(message: DeliveryRecord) -> DeliveryView:
    return DeliveryView(
        message_id=message.id,
        kind=message.kind,
        status=message.status,
        person_id=message.person_id,
        recipient_email=message.recipient_email,
        subject_id=message.subject_id,
        event_id=message.event_id,
        email_subject=message.email_subject,
        language=message.language,
        attempts=message.attempts,
        last_error=message.last_error,
        error_code=message.error_code,
        created_at=message.created_at,
        next_attempt_at=message.next_attempt_at,
        sent_at=message.sent_at,
        updated_at=message.updated_at,
    )


async def reminder_schedule(session: AsyncSession, event_id: uuid.UUID) -> ReminderScheduleView:
    event = await projections.event_schedule(session, event_id)
    chosen = event.reminder_offsets_seconds if event is not None else None
    offsets = reminders.DEFAULT_OFFSETS_SECONDS if chosen is None else chosen
    jobs = await reminders.jobs_of(session, event_id)
    return ReminderScheduleView(
        event_id=event_id,
        offsets=[timedelta(seconds=seconds) for seconds in offsets],
        customised=chosen is not None,
        jobs=[
            ReminderJobView(
                offset=timedelta(seconds=job.offset_seconds),
                event_starts_at=job.event_starts_at,
                due_at=job.due_at,
                status=job.status,
                recipients=job.recipients,
            )
            for job in jobs
        ],
    )
