"""The one rule for e-mail addresses, used by every service: an address must reach its recipient
through any mail server. Internationalised domains are fine (they travel as punycode); letters such
as ä, ö, ü or ß before the @ are refused when the address is entered, because they need SMTPUTF8 on
every server along the way, and a mail that cannot be sent would only show up in a delivery log."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email


class MailAddressError(ValueError):
    """An address that cannot be used; ``code`` names the reason for callers that word it."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def _checked(value: str) -> tuple[str, str]:
    candidate = value.strip()
    if not candidate:
        raise MailAddressError("the e-mail address is empty", "invalid_email")
    local_part = candidate.rpartition("@")[0]
    if local_part and not local_part.isascii():
        raise MailAddressError(
            f"{candidate!r}: letters such as ä, ö, ü or ß before the @ cannot be delivered by every "
            "mail server; write the address as its owner's mail server spells it without them "
            "(e.g. juergen.groessler@…)",
            "email_not_ascii",
        )
    try:
        checked = validate_email(candidate, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise MailAddressError(
            f"{candidate!r} is not a valid e-mail address: {error}", "invalid_email"
        ) from None
    return checked.normalized, checked.ascii_email or checked.normalized


def mail_address(value: str) -> str:
    """The address as stored and shown (a Unicode domain kept readable); raises ``MailAddressError``."""
    return _checked(value)[0]


def ascii_mail_address(value: str) -> str:
    """The address as sent over SMTP (an internationalised domain in punycode)."""
    return _checked(value)[1]
