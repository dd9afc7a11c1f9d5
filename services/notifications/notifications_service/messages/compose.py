"""Turn a rendered message into an e-mail ready for SMTP delivery.

Layout: multipart/alternative (plain text, HTML and, for calendar kinds, the iTIP part
`text/calendar; method=...` that calendar programs act on), wrapped in multipart/mixed with the same
.ics as an attachment for programs that only offer attachments. The Message-ID is derived from
the idempotency key, so a retried delivery carries the same Message-ID.

The MIME text is written directly rather than through `email.message.EmailMessage`: the standard
library parses every header it is given back into objects, which cost several milliseconds per
message when thousands go out at once. The structure written here is fixed and small; headers with
non-ASCII text become RFC 2047 encoded words, bodies travel as quoted-printable (text, HTML) or
base64 (calendar, whose CRLF line ends must survive unchanged).
"""

import base64
import binascii
import itertools
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from email.utils import format_datetime, formataddr
from functools import lru_cache

from netzwerkstatt.mailaddress import MailAddressError, ascii_mail_address
from notifications_service.messages.calendar import CalendarFile
from notifications_service.messages.context import Office, Recipient
from notifications_service.messages.errors import InvalidAddressError, MessageError, MissingAddressError
from notifications_service.messages.kinds import is_essential
from notifications_service.messages.templates import RenderedMessage

CRLF = "\r\n"


@lru_cache(maxsize=8192)
def _checked_address(address: str) -> str:
    return ascii_mail_address(address)


def validate_address(address: str | None, *, field: str, owner: str) -> str:
    """Check an address without DNS; return it in ASCII form (internationalised domains punycoded).

    Local parts with non-ASCII characters are refused: they need SMTPUTF8 along the whole route.
    """
    if address is None or not address.strip():
        raise MissingAddressError(f"{owner} has no e-mail address", field=field)
    try:
        return _checked_address(address.strip())
    except MailAddressError as error:
        raise InvalidAddressError(f"{owner}: {error}", field=field) from error


@dataclass(frozen=True)
class ComposedEmail:
    """A finished e-mail: the SMTP envelope and the message as it goes over the wire (CRLF lines)."""

    sender: str
    recipient: str
    message_id: str
    raw: bytes

    def as_bytes(self) -> bytes:
        return self.raw

    def message(self) -> EmailMessage:
        """The e-mail parsed as a receiver would see it."""
        parsed = BytesParser(policy=default_policy).parsebytes(self.raw)
        assert isinstance(parsed, EmailMessage)  # guaranteed by the default policy
        return parsed


def _one_line(text: str) -> str:
    """Text for a header: every control character (line breaks above all, which would start a header
    of their own, a ``Bcc:`` say) and Unicode line separator becomes a space. The services refuse
    such names and titles; this holds for anything stored before or sent in another way."""
    if text.isprintable():
        return text
    return " ".join("".join(char if char.isprintable() else " " for char in text).split())


def _header(name: str, value: str) -> str:
    """One header line; non-ASCII text as RFC 2047 encoded words (folded between them). ASCII text
    is folded only beyond the hard limit of 998 characters: a fold in front of a long first word
    (a link) would leave a space at the start of the value."""
    value = _one_line(value)
    if value.isascii():
        encoded = Header(value, header_name=name, maxlinelen=998).encode(linesep=CRLF)
    else:
        encoded = Header(value, "utf-8", header_name=name).encode(linesep=CRLF)
    return f"{name}: {encoded}"


def _mailbox(display_name: str, address: str) -> str:
    # formataddr quotes ASCII names where needed and encodes non-ASCII ones.
    return formataddr((_one_line(display_name), address), charset="utf-8")


def _text_part(content: str, subtype: str) -> str:
    lines = CRLF.join(content.splitlines()) + CRLF
    body = binascii.b2a_qp(lines.encode("utf-8"), istext=True).decode("ascii")
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"{CRLF}'
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}{body}"
    )


def _calendar_part(calendar: CalendarFile, *, attachment: bool) -> str:
    body = base64.encodebytes(calendar.content.encode("utf-8")).decode("ascii").replace("\n", CRLF)
    disposition = (
        f'Content-Disposition: attachment; filename="{calendar.filename}"{CRLF}' if attachment else ""
    )
    return (
        f'Content-Type: text/calendar; charset="utf-8"; method={calendar.method.value}{CRLF}'
        f"Content-Transfer-Encoding: base64{CRLF}{disposition}{CRLF}{body}"
    )


# A random tag per process and a count: boundaries differ between messages and between the parts of
# one, without a call for random bytes per part.
_BOUNDARY_TAG = uuid.uuid4().hex
_boundary_numbers = itertools.count()


def _multipart(subtype: str, parts: list[str]) -> str:
    # The boundary cannot occur in the parts: they are quoted-printable or base64, and neither
    # produces "=_" followed by this tag.
    boundary = f"=_nws_{_BOUNDARY_TAG}_{next(_boundary_numbers)}"
    inner = "".join(f"--{boundary}{CRLF}{part}{CRLF}" for part in parts)
    return f'Content-Type: multipart/{subtype}; boundary="{boundary}"{CRLF}{CRLF}{inner}--{boundary}--{CRLF}'


def compose_email(
    message: RenderedMessage,
    *,
    recipient: Recipient,
    sender: Office,
    idempotency_key: str,
    calendar: CalendarFile | None = None,
    reply_to: str | None = None,
    sent_at: datetime | None = None,
) -> ComposedEmail:
    """``sender``: the name and address the mail comes from (the system's own address, which the
    receivers' SPF and DMARC checks accept); ``reply_to``: where answers go, if elsewhere (the
    organising office's address)."""
    recipient_address = validate_address(
        recipient.email,
        field="recipient.email",
        owner=f"contact '{recipient.contact_id}' ({recipient.first_name} {recipient.last_name})",
    )
    sender_address = validate_address(sender.email, field="sender.email", owner=f"office '{sender.name}'")
    reply_address = (
        None
        if reply_to is None
        else validate_address(reply_to, field="reply_to", owner=f"office '{sender.name}'")
    )
    if not is_essential(message.kind) and message.unsubscribe_url is None:
        raise MessageError(
            f"a {message.kind.value} message is optional and needs an unsubscribe link",
            field="unsubscribe_url",
        )

    message_id = f"<{idempotency_key}@{sender_address.rsplit('@', 1)[1]}>"
    headers = [
        f"From: {_mailbox(sender.name, sender_address)}",
        f"To: {_mailbox(f'{recipient.first_name} {recipient.last_name}', recipient_address)}",
        _header("Subject", message.subject),
        f"Date: {format_datetime(sent_at or datetime.now().astimezone())}",
        f"Message-ID: {message_id}",
        # RFC 3834: tells auto-responders not to answer.
        "Auto-Submitted: auto-generated",
        f"Content-Language: {message.language.value}",
        "MIME-Version: 1.0",
    ]
    if reply_address is not None and reply_address != sender_address:
        headers.append(f"Reply-To: {_mailbox(sender.name, reply_address)}")
    if message.unsubscribe_url is not None and not is_essential(message.kind):
        headers.append(_header("List-Unsubscribe", f"<{message.unsubscribe_url}>"))
        headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")

    alternatives = [_text_part(message.text, "plain"), _text_part(message.html, "html")]
    if calendar is None:
        body = _multipart("alternative", alternatives)
    else:
        alternatives.append(_calendar_part(calendar, attachment=False))
        body = _multipart(
            "mixed",
            [_multipart("alternative", alternatives), _calendar_part(calendar, attachment=True)],
        )
    raw = CRLF.join(headers) + CRLF + body
    return ComposedEmail(
        sender=sender_address, recipient=recipient_address, message_id=message_id, raw=raw.encode("ascii")
    )
