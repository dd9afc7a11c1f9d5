"""JSON API of the notifications service for staff: templates and previews, the delivery log,
reminder offsets per event, the local mail sink's e-mails and the opt-out by link token."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from gateway_service.routes import Rpc
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.notifications import (
    MAIL_ID_PATTERN,
    ChangeSubscription,
    ConfigureReminders,
    DeliveryPage,
    EventReminders,
    GetMail,
    LanguageCode,
    ListDeliveries,
    ListMail,
    ListTemplates,
    MailPage,
    MailView,
    MessageKindName,
    PreviewTemplate,
    PreviewView,
    ReminderScheduleView,
    SaveTemplate,
    SubscriptionView,
    TemplateKey,
    TemplateView,
)

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("/templates", response_model=Page[TemplateView])
async def list_templates(client: Rpc, query: Annotated[ListTemplates, Query()]) -> Page[TemplateView]:
    """Every message kind in German and English: the template in use and its placeholders."""
    result: Page[TemplateView] = await client.send(ops.notifications.TEMPLATE_LIST, query)
    return result


@router.post("/templates/preview", response_model=PreviewView)
async def preview_template(body: PreviewTemplate, client: Rpc) -> PreviewView:
    """Render a template (stored or given) with fictional sample data; nothing is saved."""
    result: PreviewView = await client.send(ops.notifications.TEMPLATE_PREVIEW, body)
    return result


@router.put("/templates", response_model=TemplateView)
async def save_template(body: SaveTemplate, client: Rpc) -> TemplateView:
    """Save a customised template; unknown placeholders are refused with the part named."""
    result: TemplateView = await client.send(ops.notifications.TEMPLATE_SAVE, body)
    return result


@router.delete("/templates/{kind}/{language}", response_model=TemplateView)
async def reset_template(kind: MessageKindName, language: LanguageCode, client: Rpc) -> TemplateView:
    """Go back to the shipped template."""
    result: TemplateView = await client.send(
        ops.notifications.TEMPLATE_RESET, TemplateKey(kind=kind, language=language)
    )
    return result


@router.get("/deliveries", response_model=DeliveryPage)
async def list_deliveries(client: Rpc, query: Annotated[ListDeliveries, Query()]) -> DeliveryPage:
    """The delivery log, newest first: filter by status (e.g. failed), kind, person, event, address."""
    result: DeliveryPage = await client.send(ops.notifications.DELIVERY_LIST, query)
    return result


@router.get("/events/{event_id}/reminders", response_model=ReminderScheduleView)
async def get_reminders(event_id: uuid.UUID, client: Rpc) -> ReminderScheduleView:
    """An event's reminder offsets and its planned, done and dropped reminders."""
    result: ReminderScheduleView = await client.send(
        ops.notifications.REMINDER_GET, EventReminders(event_id=event_id)
    )
    return result


@router.put("/reminders", response_model=ReminderScheduleView)
async def configure_reminders(body: ConfigureReminders, client: Rpc) -> ReminderScheduleView:
    """Choose an event's reminder offsets (ISO 8601 durations such as P7D, PT2H)."""
    result: ReminderScheduleView = await client.send(ops.notifications.REMINDER_CONFIGURE, body)
    return result


@router.post("/subscription", response_model=SubscriptionView)
async def change_subscription(body: ChangeSubscription, client: Rpc) -> SubscriptionView:
    """Unsubscribe from (or back to) optional messages with the token of an e-mail's link."""
    result: SubscriptionView = await client.send(ops.notifications.SUBSCRIPTION_CHANGE, body)
    return result


@router.get("/mail", response_model=MailPage)
async def list_mail(client: Rpc, query: Annotated[ListMail, Query()]) -> MailPage:
    """E-mails the local mail sink received (development), newest first."""
    result: MailPage = await client.send(ops.notifications.MAILSINK_LIST, query)
    return result


@router.get("/mail/{mail_id}", response_model=MailView)
async def get_mail(mail_id: Annotated[str, Path(pattern=MAIL_ID_PATTERN)], client: Rpc) -> MailView:
    """One received e-mail with its text, HTML and calendar parts."""
    result: MailView = await client.send(ops.notifications.MAILSINK_GET, GetMail(id=mail_id))
    return result
