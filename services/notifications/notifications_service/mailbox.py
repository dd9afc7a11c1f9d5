"""The local mail sink's store as staff see it in the UI (list and read received e-mails), and as
erasure sees it: the stores of the sinks this process runs forget an erased person's messages."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from icalendar import Calendar

from netzwerkstatt.contracts.notifications import (
    CalendarEntry,
    MailAttachment,
    MailPage,
    MailSummary,
    MailView,
)
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


# A participant's page link ends in a capability token (``/p/registration/<token>``): whoever
# holds it answers, cancels or unsubscribes for the person it was sent to.
_PERSONAL_LINK = re.compile(r"(/p/[a-z_]+/)[A-Za-z0-9_.%-]{16,}")
HIDDEN_TOKEN = "…"


def without_tokens(part: str | None) -> str | None:
    """A mail part with every personal link's token replaced by an ellipsis."""
    return None if part is None else _PERSONAL_LINK.sub(rf"\g<1>{HIDDEN_TOKEN}", part)


def calendar_entries(part: str | None) -> list[CalendarEntry]:
    """The appointments of a calendar part, for people to read (a part that is no calendar: none)."""
    if not part:
        return []
    try:
        calendar = Calendar.from_ical(part)
    except ValueError:
        return []
    method = str(calendar.get("METHOD", "")).lower() or None
    return [
        CalendarEntry(
            method=method,
            status=str(entry.get("STATUS", "")).lower() or None,
            title=str(entry.get("SUMMARY", "")),
            starts_at=_moment(entry.decoded("DTSTART", None)),
            ends_at=_moment(entry.decoded("DTEND", None)),
            location=str(entry.get("LOCATION", "")) or None,
        )
        for entry in calendar.walk("VEVENT")
    ]


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):  # an all-day entry
        return datetime.combine(value, time())
    return None


def mail(settings: NotificationsSettings, mail_id: str, *, with_tokens: bool) -> MailView:
    """One stored mail; its personal links' tokens only ``with_tokens`` (an admin reads them)."""
    store = _store(settings)
    try:
        message = store.message(mail_id)
    except MailNotFoundError as error:
        raise NotFound.for_field("id", str(error), "unknown_mail") from error
    summary = next(item for item in store.messages() if item.id == mail_id)
    shown = (lambda part: part) if with_tokens else without_tokens
    calendar = _body(message, "calendar")
    return MailView(
        **summary.model_dump(),
        text=shown(_body(message, "plain")),
        html=shown(_body(message, "html")),
        calendar=shown(calendar),
        calendar_entries=calendar_entries(calendar),
        links_hidden=not with_tokens,
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


# The folders of the mail sinks running in this process (``background.Background`` adds and removes them).
_running_sinks: set[Path] = set()


def sink_started(directory: Path) -> None:
    _running_sinks.add(directory)


def sink_stopped(directory: Path) -> None:
    _running_sinks.discard(directory)


def forget_address(address: str) -> int:
    """Erasure: remove every stored message to the address from the running sinks' folders."""
    return sum(MailStore(directory).forget(address) for directory in sorted(_running_sinks))
