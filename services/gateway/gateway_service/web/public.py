"""Public pages for participants, reached by the token links in e-mails; no login.

Tokens are long random strings owned by the services. Every unknown, malformed or foreign token gets
the same answer (nothing to enumerate), requests are rate-limited per client address, and the path
is logged with the token masked (see ``gateway_service.app``)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from gateway_service import clock
from gateway_service.auth import database_of, settings_of
from gateway_service.i18n import Language, language_from, translate
from gateway_service.security import throttle
from gateway_service.web.calendar import event_calendar
from gateway_service.web.downloads import disposition
from gateway_service.web.guards import checked_form, number_or_text, text
from gateway_service.web.messages import detail_message
from gateway_service.web.rendering import language_of, render
from gateway_service.web.services import Answer, ask
from netzwerkstatt import operations as ops
from netzwerkstatt import tabular
from netzwerkstatt.errors import ErrorCode, FieldError

router = APIRouter(prefix="/p", include_in_schema=False)

# Link tokens are URL-safe random strings; a survey link's token is "<survey id>.<secret>".
TOKEN = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{15,255}$")


class RateLimited(Exception):
    pass


async def _guard(request: Request, token: str) -> bool:
    """Count the request against the address's limit; True when the token is well-formed."""
    address = request.client.host if request.client else "unknown"
    async with database_of(request).transaction() as connection:
        count = await throttle.count_request(connection, throttle.public_pages_key(address))
    if count > settings_of(request).public_requests_per_minute:
        raise RateLimited
    return bool(TOKEN.match(token))


def _language(request: Request, data: Any) -> Language:
    if "lang" in request.query_params:
        return language_from(request.query_params["lang"])
    if isinstance(data, dict) and data.get("language") in ("de", "en"):
        return language_from(str(data["language"]))
    return language_of(request)


def message(request: Request, key: str, status_code: int, language: Language | None = None) -> HTMLResponse:
    language = language or _language(request, None)
    return render(
        request, "public/message.html", {"message": key}, status_code=status_code, language=language
    )


def unknown(request: Request) -> HTMLResponse:
    # One answer for unknown, malformed and foreign tokens alike.
    return message(request, "public.unknown", 404)


def failure(request: Request, answer: Answer) -> HTMLResponse:
    if answer.unavailable:
        return message(request, "public.unavailable", 503)
    assert answer.error is not None
    if answer.error.code in (ErrorCode.CONFLICT, ErrorCode.RULE_VIOLATION):
        return message(request, "public.used", 409)
    return unknown(request)


# -- invitation -------------------------------------------------------------------------------------

ANSWERS = ("accept", "decline")


@router.get("/invitation/{token}")
async def invitation(request: Request, token: str, answer: str = "") -> HTMLResponse:
    """The e-mail's accept or decline link: a page to confirm the answer (a link alone changes
    nothing, so that mail scanners following links cannot answer for the participant)."""
    if not await _guard(request, token):
        return unknown(request)
    found = await ask(request, ops.events.INVITATION_BY_TOKEN, {"token": token})
    if not found.ok:
        return failure(request, found)
    data = found.data if isinstance(found.data, dict) else {}
    return _invitation_page(request, token, data, answer if answer in ANSWERS else "")


def _invitation_page(
    request: Request, token: str, data: dict[str, Any], answer: str, status_code: int = 200
) -> HTMLResponse:
    """The invitation as it stands: the event (called off or over, if so), the answer given so far
    and what may still change it."""
    return render(
        request,
        "public/invitation.html",
        _event_context(data, token) | {"answer": answer, "standing": _standing(data), "open": _open(data)},
        status_code=status_code,
        language=_language(request, None),
    )


def _standing(data: dict[str, Any]) -> str | None:
    """The invitation's answer so far, from the person's registration as it is now (staff or the
    registration's own link may have changed it): confirmed, waitlisted, declined, or None."""
    registration = data.get("registration_status")
    if registration in ("confirmed", "waitlisted"):
        return str(registration)
    if registration in ("cancelled", "declined") or data.get("status") == "declined":
        return "declined"
    return None


def _open(data: dict[str, Any]) -> bool:
    """Whether the event still takes registrations: published and before its deadline."""
    event = _event_of(data)
    if _event_state(event) is not None:
        return False
    deadline = event.get("registration_deadline")
    if isinstance(deadline, str):
        try:
            return clock.now() < datetime.fromisoformat(deadline)
        except ValueError:
            return True
    return True


def _event_state(event: dict[str, Any]) -> str | None:
    """What the pages say about the event itself: cancelled, completed, running (begun), or None
    while it is ahead."""
    status = event.get("status")
    return str(status) if status in ("cancelled", "completed", "running") else None


def _settled(event: dict[str, Any]) -> bool:
    """A cancelled or completed event: its links answer and change nothing any more."""
    return _event_state(event) in ("cancelled", "completed")


@router.post("/invitation/{token}")
async def respond(request: Request, token: str) -> HTMLResponse:
    if not await _guard(request, token):
        return unknown(request)
    form = await _participant_form(request)
    chosen = text(form, "answer")
    if chosen not in ANSWERS:
        return message(request, "public.choose_answer", 422)
    current = await ask(request, ops.events.INVITATION_BY_TOKEN, {"token": token})
    if not current.ok:
        return failure(request, current)
    state = current.data if isinstance(current.data, dict) else {}
    registered = _standing(state) in ("confirmed", "waitlisted")
    if _settled(_event_of(state)) or (chosen == "accept" and not registered and not _open(state)):
        return _invitation_page(request, token, state, "", 409)  # says why it cannot be answered
    if chosen == "decline" and registered and text(form, "confirmed") != "yes":
        # Giving up a place (or a waitlist position) is asked about first, as on the registration page.
        return _invitation_page(request, token, state, "decline")
    answer = await ask(request, ops.events.INVITATION_RESPOND, {"token": token, "answer": chosen})
    if not answer.ok:
        return _invitation_failure(request, answer)
    data = answer.data if isinstance(answer.data, dict) else {}
    registration = data.get("registration") or {}
    status = str(registration.get("status") or ("declined" if chosen == "decline" else "confirmed"))
    key = {"declined": "public.declined", "waitlisted": "public.waitlisted"}.get(status, "public.accepted")
    # What the mail that follows brings: the waitlist's mail has no calendar entry (that comes with
    # a place), a declined answer gets no mail.
    follows = {"declined": None, "waitlisted": "public.waitlist_mail_follows"}.get(
        status, "public.confirmation_follows"
    )
    event: dict[str, Any] = {}
    if status != "declined":  # the event as the link shows it (the link is the participant's only right)
        found = await ask(request, ops.events.INVITATION_BY_TOKEN, {"token": token})
        facts = found.data.get("event") if found.ok and isinstance(found.data, dict) else None
        event = facts if isinstance(facts, dict) else {}
    return render(
        request,
        "public/answered.html",
        {
            "message": key,
            "follows": follows,
            "position": registration.get("waitlist_position"),
            "event": event,
        },
        language=_language(request, None),
    )


def _invitation_failure(request: Request, answer: Answer) -> HTMLResponse:
    error = answer.error
    if error is not None and error.code == ErrorCode.RULE_VIOLATION:
        codes = {detail.code for detail in error.details}
        return message(
            request, "public.withdrawn" if "invitation_withdrawn" in codes else "public.not_possible", 409
        )
    return failure(request, answer)


@router.get("/invitation/{token}/calendar.ics")
async def invitation_calendar(request: Request, token: str) -> Response:
    if not await _guard(request, token):
        return unknown(request)
    answer = await ask(request, ops.events.INVITATION_BY_TOKEN, {"token": token})
    if not answer.ok:
        return failure(request, answer)
    data = answer.data if isinstance(answer.data, dict) else {}
    event = _event_of(data)
    return _calendar_file(event, str(event.get("event_id") or data.get("event_id") or ""), data)


# -- registration -----------------------------------------------------------------------------------


@router.get("/registration/{token}")
async def registration(request: Request, token: str) -> HTMLResponse:
    if not await _guard(request, token):
        return unknown(request)
    answer = await ask(request, ops.events.REGISTRATION_BY_TOKEN, {"token": token})
    if not answer.ok:
        return failure(request, answer)
    data = answer.data if isinstance(answer.data, dict) else {}
    return _registration_page(request, token, data)


def _registration_page(
    request: Request, token: str, data: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "public/registration.html",
        _event_context(data, token),
        status_code=status_code,
        language=_language(request, data),
    )


@router.post("/registration/{token}")
async def cancel(request: Request, token: str) -> HTMLResponse:
    if not await _guard(request, token):
        return unknown(request)
    await _participant_form(request)
    current = await ask(request, ops.events.REGISTRATION_BY_TOKEN, {"token": token})
    if not current.ok:
        return failure(request, current)
    data = current.data if isinstance(current.data, dict) else {}
    if _settled(_event_of(data)):
        return _registration_page(request, token, data, 409)  # the event was called off or is over
    if data.get("status") in ("cancelled", "declined"):
        return message(request, "public.used", 409)
    answer = await ask(request, ops.events.REGISTRATION_CANCEL, {"token": token})
    if not answer.ok:
        return failure(request, answer)
    return message(request, "public.cancelled", 200, _language(request, None))


@router.get("/registration/{token}/calendar.ics")
async def calendar(request: Request, token: str) -> Response:
    if not await _guard(request, token):
        return unknown(request)
    answer = await ask(request, ops.events.REGISTRATION_BY_TOKEN, {"token": token})
    if not answer.ok:
        return failure(request, answer)
    data = answer.data if isinstance(answer.data, dict) else {}
    event = _event_of(data)
    return _calendar_file(event, str(event.get("event_id") or data.get("event_id") or ""), data)


def _calendar_file(event: dict[str, Any], uid: str, answered: dict[str, Any]) -> Response:
    """The event in the person's calendar; cancelled there once they cancelled or declined."""
    called_off = answered.get("status") in ("cancelled", "declined")
    return Response(
        event_calendar(event, uid, called_off=called_off),
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": disposition(
                tabular.file_name("veranstaltung", str(event.get("title") or ""), extension="ics")
            ),
            "Cache-Control": "no-store",
        },
    )


async def _participant_form(request: Request) -> FormData:
    """A public page's form, checked against the anonymous form cookie its page was rendered with:
    the link acts for the participant, also in a browser where someone is signed in as staff (whose
    session token the page never carried, and whose principal must not act on the link's behalf)."""
    return await checked_form(request, anonymous=True)


def _event_of(data: dict[str, Any]) -> dict[str, Any]:
    """Replies carry the event facts either nested (``{"event": {...}}``) or at the top level."""
    nested = data.get("event")
    return nested if isinstance(nested, dict) else data


def _event_context(data: dict[str, Any], token: str) -> dict[str, Any]:
    event = _event_of(data)
    return {"data": data, "event": event, "token": token, "event_state": _event_state(event)}


# -- feedback ---------------------------------------------------------------------------------------


def _questions(data: Any) -> list[dict[str, Any]]:
    for holder in (data, data.get("survey") if isinstance(data, dict) else None):
        if isinstance(holder, dict) and isinstance(holder.get("questions"), list):
            return [question for question in holder["questions"] if isinstance(question, dict)]
    return []


def _answers(questions: list[dict[str, Any]], form: Any) -> list[dict[str, Any]]:
    """The form's answers in the feedback service's shape; unanswered questions are left out."""
    answers: list[dict[str, Any]] = []
    for question in questions:
        key, kind = str(question.get("key")), str(question.get("type"))
        if kind == "multiple_choice":
            chosen = [value for value in form.getlist(key) if isinstance(value, str) and value]
            if chosen:
                answers.append({"type": kind, "question_key": key, "options": chosen})
            continue
        value = form.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        if kind == "rating":
            answers.append({"type": kind, "question_key": key, "value": number_or_text(value)})
        elif kind == "single_choice":
            answers.append({"type": kind, "question_key": key, "option": value})
        else:
            answers.append({"type": kind, "question_key": key, "text": value.strip()})
    return answers


def _answer_problem(detail: FieldError, kind: str, language: Language) -> str:
    """A refused answer in words; a missing one by what the question asks for: a choice or a text."""
    if detail.code == "missing_required":
        key = "public.write_an_answer" if kind == "free_text" else "public.choose_an_answer"
        return translate(key, language)
    return detail_message(detail, language)


def _survey_failure(request: Request, answer: Answer) -> HTMLResponse:
    """A closed survey (or one not open yet) says so; every other refusal is an unknown link."""
    if answer.error is not None and answer.error.code == ErrorCode.RULE_VIOLATION:
        return message(request, "public.survey_closed", 409)
    return failure(request, answer)


@router.get("/feedback/{token}")
async def survey(request: Request, token: str) -> HTMLResponse:
    if not await _guard(request, token):
        return unknown(request)
    answer = await ask(request, ops.feedback.SURVEY_FOR_TOKEN, {"token": token})
    if not answer.ok:
        return _survey_failure(request, answer)
    data = answer.data if isinstance(answer.data, dict) else {}
    return _survey_page(request, token, data, data.get("answers") or {}, {}, 200)


def _survey_page(
    request: Request,
    token: str,
    data: Any,
    given: dict[str, Any],
    errors: dict[str, str],
    status_code: int,
    *,
    saved: bool = False,
) -> HTMLResponse:
    """The questions, filled in with the link's earlier answers (or what was just sent)."""
    language = _language(request, data)
    return render(
        request,
        "public/feedback.html",
        {
            "data": data if isinstance(data, dict) else {},
            "questions": _questions(data),
            "given": given,
            "errors": errors,
            "token": token,
            "saved": saved,
        },
        status_code=status_code,
        language=language,
    )


@router.post("/feedback/{token}")
async def submit(request: Request, token: str) -> HTMLResponse:
    if not await _guard(request, token):
        return unknown(request)
    form = await _participant_form(request)
    current = await ask(request, ops.feedback.SURVEY_FOR_TOKEN, {"token": token})
    if not current.ok:
        return _survey_failure(request, current)
    answers = _answers(_questions(current.data), form)
    answer = await ask(request, ops.feedback.RESPONSE_SUBMIT, {"token": token, "answers": answers})
    if answer.error is not None and answer.error.code == ErrorCode.VALIDATION and answer.error.details:
        kinds = {str(question.get("key")): str(question.get("type")) for question in _questions(current.data)}
        language = _language(request, current.data)
        errors = {}
        for detail in answer.error.details:
            key = detail.field.split(".")[-1]
            errors[key] = _answer_problem(detail, kinds.get(key, ""), language)
        given = {
            item["question_key"]: next(
                value for name, value in item.items() if name not in ("type", "question_key")
            )
            for item in answers
        }
        return _survey_page(request, token, current.data, given, errors, 422)
    if not answer.ok:
        return _survey_failure(request, answer)
    return message(request, "public.thanks", 200, _language(request, current.data))


# -- unsubscribe ------------------------------------------------------------------------------------


# The values of the page's two buttons: "false" unsubscribes, "true" subscribes again.
SUBSCRIPTION_CHOICES = {"false": False, "true": True}


@router.get("/unsubscribe/{token}")
async def unsubscribe_page(request: Request, token: str) -> HTMLResponse:
    """The page of a link that exists: it says whether optional e-mails are unsubscribed and offers
    what changes that; an unknown, malformed or foreign link gets the one answer every public page
    gives, before anything is offered."""
    if not await _guard(request, token):
        return unknown(request)
    return await _subscription_page(request, token)


async def _subscription_page(
    request: Request, token: str, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    answer = await ask(request, ops.notifications.SUBSCRIPTION_GET, {"token": token})
    if not answer.ok:
        return failure(request, answer)
    subscribed = bool(answer.data.get("subscribed", True)) if isinstance(answer.data, dict) else True
    return render(
        request,
        "public/unsubscribe.html",
        {"token": token, "subscribed": subscribed, "error": error},
        status_code=status_code,
    )


async def _one_click(request: Request) -> bool:
    """A mail program's one-click unsubscribe (RFC 8058), which the optional e-mails offer in their
    ``List-Unsubscribe-Post`` header: it posts ``List-Unsubscribe=One-Click`` to the link with no
    cookie and no form token. The link's token is the right to unsubscribe, as on the page."""
    form = await request.form(max_part_size=1024 * 1024)
    return form.get("List-Unsubscribe") == "One-Click"


@router.post("/unsubscribe/{token}")
async def unsubscribe(request: Request, token: str) -> HTMLResponse:
    """Unsubscribe from optional e-mails (``subscribed=false``, or a mail program's one click) or
    take it back (``true``); any other value is refused on the page as it stands, and changes
    nothing."""
    if not await _guard(request, token):
        return unknown(request)
    if await _one_click(request):
        subscribed = False
    else:
        form = await _participant_form(request)
        choice = text(form, "subscribed")
        if choice not in SUBSCRIPTION_CHOICES:
            return await _subscription_page(request, token, "public.choose_subscription", 422)
        subscribed = SUBSCRIPTION_CHOICES[choice]
    answer = await ask(
        request, ops.notifications.SUBSCRIPTION_CHANGE, {"token": token, "subscribed": subscribed}
    )
    if not answer.ok:
        return failure(request, answer)
    now_subscribed = bool(answer.data.get("subscribed")) if isinstance(answer.data, dict) else subscribed
    return render(
        request, "public/unsubscribe.html", {"token": token, "subscribed": now_subscribed, "changed": True}
    )


@router.api_route("/{rest:path}", methods=["GET", "POST"])
async def anything_else(request: Request, rest: str) -> HTMLResponse:
    """Every other public path answers like an unknown token (and counts against the limit)."""
    await _guard(request, "")
    return unknown(request)
