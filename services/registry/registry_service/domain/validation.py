"""Contact details checked and normalised: e-mail addresses, phone numbers, postal codes.

Each ``normalise_*`` function returns the canonical form or raises ``InvalidValue`` with a message
that says what is wrong. The ``Annotated`` types apply them inside pydantic models.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

import phonenumbers
from pydantic import AfterValidator

from netzwerkstatt.mailaddress import MailAddressError, mail_address

DEFAULT_PHONE_REGION = "DE"
_POSTAL_CODE = re.compile(r"\d{5}")


class InvalidValue(ValueError):
    """A value that cannot be used; the message is meant for the person who typed it, ``code``
    (when given) names the reason for callers that word it themselves."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


def normalise_email(value: str) -> str:
    """A deliverable address (the one rule of ``netzwerkstatt.mailaddress``) with its domain
    lower-cased; never looks the domain up."""
    try:
        return mail_address(value)
    except MailAddressError as error:
        raise InvalidValue(str(error), error.code) from None


def normalise_phone(value: str, default_region: str = DEFAULT_PHONE_REGION) -> str:
    """The number in E.164 form (e.g. +4934512345678); numbers without +country count as German."""
    candidate = value.strip()
    if not candidate:
        raise InvalidValue("the phone number is empty")
    if candidate.isdigit() and candidate.startswith("49") and len(candidate) >= 10:
        # What a spreadsheet makes of "+49 351 5550123" (a number: 493515550123) or of an area code
        # 049… that lost its 0: read as a German number without its 0, it would be a wrong number.
        raise InvalidValue(
            f"{candidate!r} is ambiguous: a +49 number that lost its + (a spreadsheet number), or an "
            "area code 049... that lost its 0; write it as +49 ... or 0...",
            "ambiguous_phone",
        )
    try:
        parsed = phonenumbers.parse(candidate, default_region)
    except phonenumbers.NumberParseException:
        raise InvalidValue(
            f"{candidate!r} is not a phone number: use digits, e.g. 0345 1234567 or +49 345 1234567"
        ) from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidValue(
            f"{candidate!r} is not a valid phone number (wrong number of digits or unknown area code)"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise_postal_code(value: str) -> str:
    """A German postal code: five digits, 01001 to 99998."""
    candidate = value.strip()
    if not _POSTAL_CODE.fullmatch(candidate):
        hint = " (a leading zero may have been lost)" if re.fullmatch(r"\d{4}", candidate) else ""
        raise InvalidValue(f"{candidate!r} is not a postal code: expected five digits{hint}")
    if candidate.startswith("00"):
        raise InvalidValue(f"{candidate!r} is not a postal code: German postal codes do not start with 00")
    return candidate


def problem_with(normalise: Callable[[str], str], value: str) -> str | None:
    """The message ``normalise`` raises for ``value``, or None when the value is fine."""
    try:
        normalise(value)
    except InvalidValue as error:
        return str(error)
    return None


EmailAddress = Annotated[str, AfterValidator(normalise_email)]
PhoneNumber = Annotated[str, AfterValidator(normalise_phone)]
PostalCode = Annotated[str, AfterValidator(normalise_postal_code)]
