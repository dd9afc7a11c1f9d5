"""Turn a rendered message into an e-mail ready for SMTP delivery.

Layout: multipart/alternative (plain text, HTML and, for calendar kinds, the iTIP part
`text/calendar; method=...` that calendar programs act on), wrapped in multipart/mixed with the same
.ics as an attachment for programs that only offer attachments. The Message-ID is derived from
the idempotency key, so a retried delivery carries the same Message-ID.
"""

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from email_validator import EmailNotValidError, validate_email

from notifications_service.messages.calendar import CalendarFile
from notifications_service.messages.context import Office, Recipient
from notifications_service.messages.errors import InvalidAddressError, MessageError, MissingAddressError
from notifications_service.messages.kinds import is_essential
from notifications_service.messages.templates import RenderedMessage


def validate_address(address: str | None, *, field: str, owner: str) -> str:
    """Check an address without DNS; return it in ASCII form (internationalised domains punycoded).

    Local parts with non-ASCII characters are refused: they need SMTPUTF8 along the whole route.
    """
    if address is None or not address.strip():
        raise MissingAddressError(f"{owner} has no e-mail address", field=field)
    try:
        result = validate_email(address.strip(), check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise InvalidAddressError(
            f"{owner}: '{address}' is not a valid e-mail address ({error})", field=field
        ) from error
    return result.ascii_email or result.normalized


def _address(display_name: str, addr_spec: str) -> Address:
    local_part, domain = addr_spec.rsplit("@", 1)
    return Address(display_name=display_name, username=local_part, domain=domain)


def compose_email(
    message: RenderedMessage,
    *,
    recipient: Recipient,
    sender: Office,
    idempotency_key: str,
    calendar: CalendarFile | None = None,
    sent_at: datetime | None = None,
) -> EmailMessage:
    recipient_address = validate_address(
        recipient.email,
        field="recipient.email",
        owner=f"contact '{recipient.contact_id}' ({recipient.first_name} {recipient.last_name})",
    )
    sender_address = validate_address(sender.email, field="sender.email", owner=f"office '{sender.name}'")
    if not is_essential(message.kind) and message.unsubscribe_url is None:
        raise MessageError(
            f"a {message.kind.value} message is optional and needs an unsubscribe link",
            field="unsubscribe_url",
        )

    email = EmailMessage()
    email["From"] = _address(sender.name, sender_address)
    email["To"] = _address(f"{recipient.first_name} {recipient.last_name}", recipient_address)
    email["Subject"] = message.subject
    email["Date"] = format_datetime(sent_at or datetime.now().astimezone())
    email["Message-ID"] = f"<{idempotency_key}@{sender_address.rsplit('@', 1)[1]}>"
    # RFC 3834: tells auto-responders not to answer.
    email["Auto-Submitted"] = "auto-generated"
    if message.unsubscribe_url is not None and not is_essential(message.kind):
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"

    email.set_content(message.text)
    email.add_alternative(message.html, subtype="html")
    if calendar is not None:
        params = {"method": calendar.method.value}
        email.add_alternative(calendar.content, subtype="calendar", params=params)
        email.add_attachment(calendar.content, subtype="calendar", params=params, filename=calendar.filename)
    # Set last: building the MIME tree moves Content-* headers into the first subpart.
    email["Content-Language"] = message.language.value
    return email
