"""Rules for staff input: reminder offsets and templates, as clear per-field errors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from enum import StrEnum

from netzwerkstatt.contracts.notifications import TemplateKey
from netzwerkstatt.errors import FieldError, InvalidInput
from notifications_service.messages.errors import MessageError, TemplateError
from notifications_service.messages.kinds import Language, MessageKind, is_essential
from notifications_service.messages.templates import TemplatePart, TemplateSet

MAX_REMINDER_OFFSET = timedelta(days=365)


def checked_offsets(offsets: Sequence[timedelta]) -> list[int]:
    """Offsets in whole seconds, largest first; each must lie between one minute and a year."""
    problems: list[FieldError] = []
    seconds: list[int] = []
    for index, offset in enumerate(offsets):
        if offset < timedelta(minutes=1) or offset > MAX_REMINDER_OFFSET:
            problems.append(
                FieldError(
                    field=f"offsets.{index}",
                    message="a reminder offset must be between one minute and 365 days before the start",
                    code="out_of_range",
                )
            )
        elif int(offset.total_seconds()) in seconds:
            problems.append(
                FieldError(field=f"offsets.{index}", message="offset given twice", code="duplicate")
            )
        else:
            seconds.append(int(offset.total_seconds()))
    if problems:
        raise InvalidInput("the reminder offsets cannot be used", problems)
    return sorted(seconds, reverse=True)


def template_key(request: TemplateKey) -> tuple[MessageKind, Language]:
    return MessageKind(request.kind), Language(request.language)


def merged_templates(
    current: TemplateSet, *, subject: str | None, text: str | None, html: str | None
) -> TemplateSet:
    return TemplateSet(
        subject=current.subject if subject is None else subject,
        text=current.text if text is None else text,
        html=current.html if html is None else html,
    )


def _part_of(template: str) -> str:
    for part in TemplatePart:
        if template.endswith(part.suffix):
            return part.value
    return "template"


def invalid_template(error: MessageError) -> InvalidInput:
    """A template problem as an error naming the part (subject, text or html) it is in."""
    field = _part_of(error.template) if isinstance(error, TemplateError) else error.field
    code = re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__.removesuffix("Error")).lower()
    detail = FieldError(field=field, message=str(error), code=code, params=error.params)
    return InvalidInput("the template cannot be used", [detail])


class DeliveryProblem(StrEnum):
    """Why a message is waiting, failed or was not sent: a code the staff pages render in words (the
    delivery log's ``last_error`` keeps the detail, such as the mail server's answer, for operators)."""

    WAITING_FOR_CONTACT = "waiting_for_contact"
    UNKNOWN_CONTACT = "unknown_contact"
    WAITING_FOR_LINK = "waiting_for_link"  # a link or the organiser's address: the events service gives both
    CANNOT_BE_BUILT = "cannot_be_built"
    RECIPIENT_REFUSED = "recipient_refused"
    MAIL_SERVER_REFUSED = "mail_server_refused"
    MAIL_SERVER_UNREACHABLE = "mail_server_unreachable"
    OPTED_OUT = "opted_out"
    NO_CONSENT = "no_consent"
    RECIPIENT_ERASED = "recipient_erased"


def suppression_reason(
    kind: MessageKind, *, opted_out: bool, consents_to_event_contact: bool
) -> DeliveryProblem | None:
    """Why a message is not sent to this contact, or None if it goes out.

    Essential messages (their own invitation, registration, a cancellation, an agreement they own)
    always go out. Optional ones respect the opt-out; a save-the-date is unsolicited news about
    a future event and also needs the consent to event contact recorded in the registry."""
    if is_essential(kind):
        return None
    if opted_out:
        return DeliveryProblem.OPTED_OUT
    if kind is MessageKind.SAVE_THE_DATE and not consents_to_event_contact:
        return DeliveryProblem.NO_CONSENT
    return None
