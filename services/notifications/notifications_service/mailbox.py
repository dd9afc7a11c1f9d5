"""The local mail sink's store as staff see it in the UI (list and read received e-mails)."""

from __future__ import annotations

from email.message import EmailMessage

from netzwerkstatt.contracts.notifications import MailAttachment, MailPage, MailSummary, MailView
from netzwerkstatt.errors import NotFound, RuleViolation
from notifications_service.mailsink import MailNotFoundError, MailStore
from notifications_service.settings import NotificationsSettings


def _store(settings: NotificationsSettings) -> MailStore:
    if settings.mail_sink_dir is None:
        raise RuleViolation.for_field(
            "mail_sink", "no local mail sink is configured (NOTIFICATIONS_MAIL_SINK_DIR)", "not_configured"
        )
    return MailStore(settings.mail_sink_dir)


def page(settings: NotificationsSettings, *, offset: int, limit: int) -> MailPage:
    stored = list(reversed(_store(settings).messages()))
    return MailPage(
        items=[MailSummary(**item.model_dump()) for item in stored[offset : offset + limit]],
        total=len(stored),
        offset=offset,
        limit=limit,
    )


def _body(message: EmailMessage, subtype: str) -> str | None:
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}" and not part.is_attachment():
            content: str = part.get_content()
            return content
    return None


def mail(settings: NotificationsSettings, mail_id: str) -> MailView:
    store = _store(settings)
    try:
        message = store.message(mail_id)
    except MailNotFoundError as error:
        raise NotFound.for_field("id", str(error), "unknown_mail") from error
    summary = next(item for item in store.messages() if item.id == mail_id)
    return MailView(
        **summary.model_dump(),
        text=_body(message, "plain"),
        html=_body(message, "html"),
        calendar=_body(message, "calendar"),
        attachments=[
            MailAttachment(
                filename=part.get_filename(),
                content_type=part.get_content_type(),
                size=len(part.get_payload(decode=True) or b""),
            )
            for part in message.iter_attachments()
            if isinstance(part, EmailMessage)
        ],
    )
