"""Rendering pages: one Jinja2 environment (autoescaped), the translation function, the signed-in
principal and the form token every template gets."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import phonenumbers
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from gateway_service.auth import Principal, settings_of
from gateway_service.i18n import CATALOGUE, LANGUAGES, Language, language_from, term, translate, translator
from gateway_service.security import secrets
from gateway_service.security.roles import Permission
from gateway_service.web import districts

TEMPLATES = Path(__file__).parent.parent / "templates"
LANGUAGE_COOKIE = "nw_lang"
# Forms shown without a staff session (login, public pages) carry a token bound to this cookie.
FORM_COOKIE = "nw_form"
# Times are shown as the coordinating offices read them.
LOCAL_TIME = ZoneInfo("Europe/Berlin")

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def language_of(request: Request) -> Language:
    return language_from(request.cookies.get(LANGUAGE_COOKIE))


def form_token(request: Request) -> str:
    """The token a form must send back: the session's CSRF token, or the anonymous form cookie's."""
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is not None and principal.csrf_token:
        return principal.csrf_token
    token = request.cookies.get(FORM_COOKIE) or getattr(request.state, "new_form_cookie", None)
    if not token:
        token = secrets.new_token()
        request.state.new_form_cookie = token
    return str(token)


def anonymous_form_token_matches(request: Request, submitted: str | None) -> bool:
    cookie = request.cookies.get(FORM_COOKIE)
    return bool(cookie and submitted and secrets.same(cookie, submitted))


def set_form_cookie(request: Request, response: HTMLResponse | RedirectResponse) -> None:
    token = getattr(request.state, "new_form_cookie", None)
    if token:
        response.set_cookie(
            FORM_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=settings_of(request).secure_cookies,
            path="/",
        )


def figure_formatter(language: Language) -> Callable[[Any], str]:
    """Figures as the page's language writes them (Babel): 4,67 and 1.250 in German, 4.67 and 1,250
    in English; a value that is no number is shown as it is."""

    def figure(value: Any) -> str:
        if value is None or value == "":
            return "–"
        if isinstance(value, bool):
            return str(value)
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        # As many decimals as the value carries (a mean of 3.00 stays "3,00"), grouped per locale.
        exponent = number.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        pattern = "#,##0." + "0" * places if places else "#,##0"
        return format_decimal(number, format=pattern, locale=language, decimal_quantization=False)

    return figure


def share_formatter(language: Language) -> Callable[[Any], str]:
    """A share (0.89) as the page's language writes a percentage: "89 %" in German, "89%" in English."""

    def share(value: Any) -> str:
        if value is None or value == "":
            return "–"
        return format_percent(Decimal(str(value)), locale=language)

    return share


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    return moment.astimezone(LOCAL_TIME) if moment.tzinfo else moment


def local_moment(value: Any) -> datetime | None:
    """A moment as a cell of a file holds it: German local time to the minute, without a zone (a
    spreadsheet's date-time has none)."""
    moment = _moment(value) if value not in (None, "") else None
    return moment.replace(tzinfo=None, second=0, microsecond=0) if moment is not None else None


def entries_formatter(language: Language) -> Callable[[Any], str]:
    """A list's count with its noun in singular or plural: "1 Eintrag insgesamt", "25 Einträge
    insgesamt"."""
    figure = figure_formatter(language)

    def entries(total: Any) -> str:
        key = "common.total_one" if total == 1 else "common.total"
        return f"{figure(total)} {translate(key, language)}"

    return entries


def delivery_problem_formatter(language: Language) -> Callable[[Any], str]:
    """Why a delivery waits or failed, in words (the delivery log's ``error_code``); the service's
    technical detail (``last_error``, English, often the mail server's answer) stays off the page."""

    def delivery_problem(row: Any) -> str:
        code = row.get("error_code") if isinstance(row, dict) else None
        key = f"delivery.problem_{code}"
        if code and key in CATALOGUE:
            return translate(key, language)
        if code or (isinstance(row, dict) and row.get("last_error")):
            return translate("delivery.problem_other", language)
        return "–"

    return delivery_problem


def date_formatter(language: Language) -> Callable[[Any], str]:
    """Dates as the page's language writes them (Babel): 20.11.2025 in German, Nov 20, 2025 in
    English; an ISO date-time is shown as the local day."""

    def date_text(value: Any) -> str:
        if value is None or value == "":
            return "–"
        if isinstance(value, date) and not isinstance(value, datetime):
            return format_date(value, "medium", locale=language)
        text = str(value)
        moment = _moment(text) if len(text) > 10 else None
        if moment is not None:
            return format_date(moment.date(), "medium", locale=language)
        try:
            return format_date(date.fromisoformat(text[:10]), "medium", locale=language)
        except ValueError:
            return text

    return date_text


def moment_formatter(language: Language) -> Callable[..., str]:
    """A date-time as the page's language writes it, in German local time: 20.11.2025, 10:00 (with
    ``seconds=True`` 20.11.2025, 10:00:07, where the second tells apart what came in one minute)."""

    def moment_text(value: Any, seconds: bool = False) -> str:
        if value is None or value == "":
            return "–"
        moment = _moment(value)
        if moment is None:
            return str(value)
        day = format_date(moment.date(), "medium", locale=language)
        return f"{day}, {format_time(moment.time(), 'medium' if seconds else 'short', locale=language)}"

    return moment_text


def time_formatter(language: Language) -> Callable[[Any], str]:
    """A time of day (``10:00:00``) as the language writes it: 10:00, or 10:00 AM in English."""

    def time_text(value: Any) -> str:
        if value is None or value == "":
            return "–"
        try:
            moment = value if isinstance(value, time) else time.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return format_time(moment, "short", locale=language)

    return time_text


def district_name(key: Any) -> str:
    """A district's (or Land's, or Bezirk's) name instead of its official key; other keys as they are."""
    if key is None or key == "":
        return "–"
    return districts.label(str(key))


def district_names(keys: Any) -> str:
    """Several regions by name, in the order given: "Leipzig, Landkreis Leipzig"."""
    return districts.labels(keys) or "–"


def phone_text(value: Any) -> str:
    """A phone number as services hold it (E.164, +4930123456) in the international form people
    write, the country and area code set apart (+49 30 123456); the same in every language. A
    value that is no such number (an old record's) is shown as it was written."""
    if not value:
        return ""
    held = str(value)
    if not held.startswith("+"):
        return held
    try:
        parsed = phonenumbers.parse(held, None)
    except phonenumbers.NumberParseException:
        return held
    if not phonenumbers.is_valid_number(parsed):
        return held
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# Contact channels whose value is a phone number (held in E.164 like a person's phone).
PHONE_CHANNELS = frozenset({"phone", "fax"})


def channel_text(channel: Mapping[str, Any]) -> str:
    """An organisation's contact channel's value as people read it: a phone or fax number by
    ``phone_text``, an e-mail address or website as held."""
    value = channel.get("value")
    if channel.get("kind") in PHONE_CHANNELS:
        return phone_text(value)
    return str(value or "")


def person_name_formatter(language: Language) -> Callable[[Any], str]:
    """A person's name as a service sends it; none for a person erased from the registry."""
    erased = translate("person.erased", language)

    def person_name(value: Any) -> str:
        return str(value) if value else erased

    return person_name


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    language: Language | None = None,
) -> HTMLResponse:
    language = language or language_of(request)
    principal: Principal | None = getattr(request.state, "principal", None)
    values = {
        "t": translator(language),
        "figure": figure_formatter(language),
        "share": share_formatter(language),
        "entries": entries_formatter(language),
        "delivery_problem": delivery_problem_formatter(language),
        "date_text": date_formatter(language),
        "moment_text": moment_formatter(language),
        "time_text": time_formatter(language),
        "name_text": person_name_formatter(language),
        "phone_text": phone_text,
        "channel_text": channel_text,
        "template_name": template_name_formatter(language),
        "term": lambda kind, code, fallback=None: term(kind, code, language, fallback),
        "district": district_name,
        "districts": district_names,
        "district_choices": districts.choices,
        "lands": districts.lands,
        "language": language,
        "other_language": next(code for code in LANGUAGES if code != language),
        "principal": principal,
        "may_manage": principal is not None and principal.may(Permission.MANAGE),
        "may_operate": principal is not None and principal.may(Permission.OPERATE),
        "csrf_token": form_token(request),
        "path": request.url.path,
        "query": str(request.url.query),
        **(context or {}),
    }
    html = environment.get_template(template).render(values)
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    set_form_cookie(request, response)
    return response


def template_name_formatter(language: Language) -> Callable[[Mapping[str, Any]], str]:
    """A survey template's name for the reader: a built-in evaluation's in the reader's language
    (its stored name is in its questions' language), any other as staff named it."""

    def name(template: Mapping[str, Any]) -> str:
        if template.get("built_in"):
            questions = translate(f"language.{template.get('language')}", language)
            return translate("feedback.builtin_template_name", language).format(language=questions)
        return str(template.get("name") or "")

    return name


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def local_path(target: str | None, default: str = "/") -> str:
    """Only redirect within the gateway: a path, never another host (``//host`` or ``https://``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def forbidden_page(request: Request, reason: str | None = None) -> HTMLResponse:
    """A refusal by role or network as a page: the same words wherever a page is refused, unless
    the refusal gives its own ``reason`` (in words: who else may do it)."""
    context = {
        "title": "error.forbidden",
        "message_key": None if reason else "error.forbidden_text",
        "message": reason,
    }
    return render(request, "error.html", context, status_code=403)
