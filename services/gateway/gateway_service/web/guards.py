"""Route guards of the staff UI: a signed-in principal with a permission, and form CSRF checks."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData

from gateway_service.auth import CSRF_FIELD, CsrfRejected, Principal, check_csrf, identify
from gateway_service.security.roles import Permission
from gateway_service.web.rendering import anonymous_form_token_matches


class LoginRequired(Exception):
    """A page of the staff UI was asked for without a session: the browser goes to the login."""


def staff(permission: Permission) -> Callable[[Request], Awaitable[Principal]]:
    async def guard(request: Request) -> Principal:
        principal = await identify(request)
        if principal is None:
            raise LoginRequired
        principal.require(permission)
        return principal

    return guard


async def checked_form(
    request: Request, *, anonymous: bool = False, max_part_size: int = 1024 * 1024
) -> FormData:
    """The submitted form, after its CSRF token was checked against the session (or, without a
    session or for the login form, against the anonymous form cookie)."""
    form = await request.form(max_part_size=max_part_size)
    submitted = form.get(CSRF_FIELD)
    token = submitted if isinstance(submitted, str) else None
    principal = None if anonymous else await identify(request)
    if principal is not None and principal.csrf_token is not None:
        check_csrf(principal, token)
    elif not anonymous_form_token_matches(request, token):
        raise CsrfRejected
    return form


def text(form: FormData, name: str) -> str:
    value: Any = form.get(name)
    return value.strip() if isinstance(value, str) else ""


# 20.11.2025 or 20.11.25, as people write dates in German.
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")


def read_date(value: str) -> date | None:
    """A date as a date input sends it (2025-11-20) or as people write it in German (20.11.2025,
    20.11.25); None when it is neither. Every date field of the forms is read here."""
    value = value.strip()
    german = _GERMAN_DATE.match(value)
    try:
        if german:
            day, month, year = (int(part) for part in german.groups())
            return date(year + 2000 if year < 100 else year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        return None


def date_or_text(value: str) -> str:
    """A typed date as the services and the date inputs take it (20.11.2025 → 2025-11-20); anything
    else as typed, for the service to refuse at its field together with the form's other problems."""
    day = read_date(value)
    return day.isoformat() if day else value


def date_field(form: FormData, name: str) -> str:
    """A date field of a form, read as ``date_or_text`` reads it."""
    return date_or_text(text(form, name))


# More digits than any count or page number a form or address carries (int() refuses over 4,300).
WHOLE_NUMBER_DIGITS = 18


def whole_number(value: str) -> int | None:
    """``value`` as a whole number when it is one written with the digits 0–9, else None.
    (``str.isdigit`` is true for "²" too, which ``int`` refuses, and for other scripts' digits.)"""
    if value.isascii() and value.isdigit() and len(value) <= WHOLE_NUMBER_DIGITS:
        return int(value)
    return None


def number_or_text(value: str) -> int | str:
    """A count as typed: a whole number as a number, anything else as typed for the service to
    refuse with its reason."""
    number = whole_number(value)
    return value if number is None else number
