"""Local mail sink."""

from __future__ import annotations

from netzwerkstatt.contracts.notifications import (
    GetMail,
    ListMail,
    MailPage,
    MailView,
)
from netzwerkstatt.principal import Access, Principal
from notifications_service import mailbox
from notifications_service.api.base import SettingsDep, operations


@operations("mailsink.list", access=Access.READ)
async def list_mail(request: ListMail, settings: SettingsDep) -> MailPage:
    """E-mails received by the local mail sink (development), newest first."""
    return mailbox.page(settings, offset=request.offset, limit=request.limit)


@operations("mailsink.get", access=Access.READ)
async def get_mail(request: GetMail, principal: Principal, settings: SettingsDep) -> MailView:
    """One e-mail of the local mail sink with its text, HTML and calendar parts. The participants'
    personal links carry their token for an admin only: each acts for the person it was sent to."""
    return mailbox.mail(settings, request.id, with_tokens=principal.is_admin)
