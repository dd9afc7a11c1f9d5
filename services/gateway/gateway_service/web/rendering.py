"""Rendering pages: one Jinja2 environment (autoescaped), the translation function, the signed-in
principal and the form token every template gets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from gateway_service.auth import Principal, settings_of
from gateway_service.i18n import LANGUAGES, Language, language_from, translator
from gateway_service.security import secrets
from gateway_service.security.roles import Permission

TEMPLATES = Path(__file__).parent.parent / "templates"
LANGUAGE_COOKIE = "nw_lang"
# Forms shown without a staff session (login, public pages) carry a token bound to this cookie.
FORM_COOKIE = "nw_form"

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
    """Figures as the page's language writes them: 4,67 and 12,50 % in German, 4.67 in English."""

    def figure(value: Any) -> str:
        if value is None:
            return "–"
        text = str(value)
        return text.replace(".", ",") if language == "de" else text

    return figure


def date_formatter(language: Language) -> Callable[[Any], str]:
    """ISO dates as the page's language writes them: 20.11.2025 in German, 2025-11-20 in English."""

    def date_text(value: Any) -> str:
        if value is None or value == "":
            return "–"
        text = str(value)[:10]
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return str(value)
        return day.strftime("%d.%m.%Y") if language == "de" else text

    return date_text


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
        "date_text": date_formatter(language),
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
