"""Asking before a change that cannot simply be taken back (cancelling a registration or an event,
removing a member or a responsibility, archiving, ending a membership, closing a survey, revoking a
token). The button's form is answered with a page that says what will happen, with "Ja, …" and
"Abbrechen"; only its "Ja" (the same form again, with ``confirmed``) makes the change. No scripts
are needed, and the page's form carries the session's form token like every other form. Erasing a
person asks more: the name typed (``person_erase.html``)."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from gateway_service.web.guards import text
from gateway_service.web.rendering import render

CONFIRMED_FIELD = "confirmed"


def confirmed(form: FormData) -> bool:
    """Whether the form comes from the confirmation page's "Ja"."""
    return text(form, CONFIRMED_FIELD) == "yes"


def confirmation_page(
    request: Request,
    *,
    question: str,
    consequences: list[str],
    action: str,
    yes: str,
    back: str,
    fields: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The page that asks ``question`` (already in the reader's words), says what follows and sends
    ``fields`` again to ``action`` on "Ja"; "Abbrechen" goes ``back``."""
    context = {
        "question": question,
        "consequences": consequences,
        "action": action,
        "yes": yes,
        "back": back,
        "fields": dict(fields or {}),
        "confirmed_field": CONFIRMED_FIELD,
    }
    return render(request, "confirm.html", context)
