"""The pages of an event's work: agenda editor, invitations (audience and how far their e-mails have
got), registrations with the waitlist, the check-in list per day, printable lists, participation
figures as charts, and the event's agreements."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from gateway_service import clock
from gateway_service.auth import Principal
from gateway_service.i18n import Language, choices, term, translate, translator
from gateway_service.web import districts, hints
from gateway_service.web.agreement_pages import organisations_at, with_responsible
from gateway_service.web.charts import Bar, bar_chart
from gateway_service.web.confirmation import confirmation_page, confirmed
from gateway_service.web.event_forms import (
    AGENDA_FORMATS,
    agenda_errors,
    agenda_request,
    agenda_rows,
    posted_agenda_rows,
)
from gateway_service.web.event_pages import event_of
from gateway_service.web.guards import checked_form, date_field, text
from gateway_service.web.messages import detail_message, message_of
from gateway_service.web.pages import (
    CHOICE_LIMIT,
    EVENT_LIST_LIMIT,
    Manager,
    Viewer,
    checked,
    data_of,
    failure_status,
    form_errors,
    new_record_id,
    optional,
    section,
    sent_before,
    split_list,
    with_own_errors,
)
from gateway_service.web.rendering import language_of, redirect, render
from gateway_service.web.services import ask, items_of
from netzwerkstatt import operations as ops


def event_page(event: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": event["id"], "limit": EVENT_LIST_LIMIT}


router = APIRouter(include_in_schema=False)

DELIVERY_STATES = ("pending", "sent", "failed", "suppressed", "cancelled")


def _page(
    request: Request, template: str, event: dict[str, Any], principal: Principal, tab: str, **values: Any
) -> HTMLResponse:
    status_code = values.pop("status_code", 200)
    return render(
        request,
        template,
        section(
            "events", event=event, tab=tab, may_change=hints.may_change_event(principal, event), **values
        ),
        status_code=status_code,
    )


async def _changeable(request: Request, event_id: uuid.UUID, principal: Principal) -> dict[str, Any]:
    event = await event_of(request, event_id)
    # a hint for the page; the events service decides each change
    hints.editor_for(hints.may_change_event(principal, event), principal, [event.get("network_id")])
    return event


# -- agenda -----------------------------------------------------------------------------------------


@router.get("/events/{event_id:uuid}/agenda")
async def agenda(request: Request, event_id: uuid.UUID, principal: Viewer, saved: str = "") -> HTMLResponse:
    event = await event_of(request, event_id)
    items = data_of(await ask(request, ops.events.AGENDA_GET, {"event_id": str(event_id)}))["items"]
    return _agenda_page(
        request, event, principal, items, agenda_rows(items, _first_day(event)), {}, [], saved=bool(saved)
    )


def _first_day(event: dict[str, Any]) -> str:
    days = event.get("days") or []
    return str(days[0]["date"]) if days else ""


def _agenda_page(
    request: Request,
    event: dict[str, Any],
    principal: Principal,
    items: list[dict[str, Any]],
    rows: list[dict[str, str]],
    errors: dict[str, str],
    general: list[str],
    status_code: int = 200,
    *,
    saved: bool = False,
) -> HTMLResponse:
    by_day: dict[str, list[dict[str, Any]]] = {str(day["date"]): [] for day in event.get("days") or []}
    for item in items:
        by_day.setdefault(str(item["day"]), []).append(item)
    return _page(
        request,
        "events/agenda.html",
        event,
        principal,
        "agenda",
        by_day=by_day,
        rows=rows,
        formats=AGENDA_FORMATS,
        cells=errors,
        general=general,
        saved=saved,
        status_code=status_code,
    )


@router.post("/events/{event_id:uuid}/agenda")
async def save_agenda(request: Request, event_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    event = await _changeable(request, event_id, principal)
    rows = posted_agenda_rows(form)
    answer = await ask(
        request, ops.events.AGENDA_SET, {"event_id": str(event_id), "items": agenda_request(rows)}
    )
    if answer.ok:
        return redirect(f"/events/{event_id}/agenda?saved=1")
    current = await ask(request, ops.events.AGENDA_GET, {"event_id": str(event_id)})
    items = current.data["items"] if current.ok else []
    if answer.error is not None:
        details = [(detail.field, detail_message(detail)) for detail in answer.error.details]
        cells, general = agenda_errors(details) if details else ({}, [message_of(answer.error)])
    else:
        cells, general = {}, ["unavailable"]
    shown = rows + agenda_rows([], _first_day(event))
    return _agenda_page(request, event, principal, items, shown, cells, general, failure_status(answer))


# -- invitations ------------------------------------------------------------------------------------


@router.get("/events/{event_id:uuid}/invitations")
async def invitations(
    request: Request,
    event_id: uuid.UUID,
    principal: Viewer,
    issued: str = "",
    person_name: Annotated[str, Query(max_length=100)] = "",
) -> HTMLResponse:
    event = await event_of(request, event_id)
    return await _invitations_page(request, event, principal, {}, {}, issued=issued, person_name=person_name)


async def people_named(request: Request, name: str) -> list[dict[str, str]]:
    """Registry people whose name contains the text, to choose from by name instead of by id."""
    if not name.strip():
        return []
    answer = await ask(request, ops.registry.PERSON_LIST, {"name": name.strip(), "limit": 20})
    return [
        {
            "id": str(row["id"]),
            "name": f"{row.get('given_name', '')} {row.get('family_name', '')}".strip(),
            "organisations": ", ".join(
                str(m.get("organisation_name", "")) for m in row.get("memberships") or []
            ),
        }
        for row in items_of(answer.data)
    ]


async def _invitations_page(
    request: Request,
    event: dict[str, Any],
    principal: Principal,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
    *,
    issued: str = "",
    person_name: str = "",
    preview: dict[str, Any] | None = None,
) -> HTMLResponse:
    invitations = data_of(await ask(request, ops.events.INVITATION_LIST, event_page(event)))
    listed = invitations["items"]
    # Over all of them, not only the rows listed: where they stand now, following the registrations
    states: dict[str, int] = invitations["states"]
    networks = await ask(request, ops.registry.NETWORK_LIST, {"limit": CHOICE_LIMIT})
    progress = await _mail_progress(request, event["id"], int(invitations.get("total") or len(listed)))
    return _page(
        request,
        "events/invitations.html",
        event,
        principal,
        "invitations",
        rows=listed,
        states=states,
        invited=int(invitations["total"]),
        networks=items_of(networks.data),
        values={
            "network_ids": [],
            "region_keys": "",
            "organisation_types": [],
            "chosen_people": [],
        }
        | values,
        preview=preview,
        types=choices("organisation_type", language_of(request)),
        errors=errors,
        issued=issued,
        progress=progress,
        person_name=person_name,
        candidates=await people_named(request, person_name),
        status_code=status_code,
    )


async def _mail_progress(request: Request, event_id: str, invited: int) -> dict[str, Any] | None:
    """How far the invitation e-mails have got: counts per delivery state from the delivery log.
    Every invitation gets one e-mail; those notifications has not queued yet (it learns of the
    invitations a moment later, by event) count as pending, so the page keeps refreshing."""
    answers = await asyncio.gather(
        *(
            ask(
                request,
                ops.notifications.DELIVERY_LIST,
                {"event_id": event_id, "kind": "invitation", "status": state, "limit": 1},
            )
            for state in DELIVERY_STATES
        )
    )  # asked at once: the page waits for the slowest answer, not for the sum of them
    if not all(answer.ok for answer in answers):
        return None
    counts = {
        state: int(answer.data.get("total") or 0)
        for state, answer in zip(DELIVERY_STATES, answers, strict=True)
    }
    counts["pending"] += max(0, invited - sum(counts.values()))
    total = sum(counts.values())
    done = total - counts["pending"]
    return {
        "counts": counts,
        "total": total,
        "done": done,
        "percent": round(100 * done / total) if total else 100,
    }


@router.post("/events/{event_id:uuid}/invitations")
async def issue_invitations(request: Request, event_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    event = await _changeable(request, event_id, principal)
    values: dict[str, Any] = {
        "network_ids": [value for value in form.getlist("network_ids") if isinstance(value, str) and value],
        "region_keys": text(form, "region_keys"),
        "organisation_types": [
            value for value in form.getlist("organisation_types") if isinstance(value, str)
        ],
        "chosen_people": [
            value for value in form.getlist("chosen_people") if isinstance(value, str) and value
        ],
        "decision_makers_only": checked(form, "decision_makers_only"),
    }
    region_keys, unknown = districts.keys_for(split_list(values["region_keys"]))
    own = {}
    if unknown:
        own["region_keys"] = translate("districts.unknown", language_of(request)) + " " + ", ".join(unknown)
    body = {
        "event_id": str(event_id),
        "network_ids": values["network_ids"],
        "region_keys": region_keys,
        "organisation_types": values["organisation_types"],
        "person_ids": [value for value in values["chosen_people"] if value],
        "decision_makers_only": values["decision_makers_only"],
    }
    if text(form, "preview") or own:
        # Whom this audience reaches, before anything is sent; the form keeps what was chosen. With
        # districts nobody knows nothing is sent: the preview names the audience's other problems.
        shown = await ask(request, ops.events.INVITATION_PREVIEW, body)
        if not shown.ok:
            return await _invitations_page(
                request, event, principal, values, with_own_errors(shown, own), failure_status(shown)
            )
        if own:
            return await _invitations_page(request, event, principal, values, own, 422)
        return await _invitations_page(request, event, principal, values, {}, preview=shown.data)
    answer = await ask(request, ops.events.INVITATION_ISSUE, body)
    if not answer.ok:
        return await _invitations_page(
            request, event, principal, values, form_errors(answer), failure_status(answer)
        )
    issued = f"{len(answer.data['issued'])}-{answer.data['already_invited']}"
    return redirect(f"/events/{event_id}/invitations?issued={issued}")


# -- registrations ----------------------------------------------------------------------------------


@router.get("/events/{event_id:uuid}/registrations")
async def registrations(
    request: Request,
    event_id: uuid.UUID,
    principal: Viewer,
    person_name: Annotated[str, Query(max_length=100)] = "",
    registered: Annotated[uuid.UUID | None, Query()] = None,
    confirmation: Annotated[str, Query(max_length=20)] = "",
    cancelled: Annotated[uuid.UUID | None, Query()] = None,
    substituted: Annotated[uuid.UUID | None, Query()] = None,
) -> HTMLResponse:
    """``registered``, ``cancelled`` or ``substituted`` name the registration just changed (on
    this page or the substitute's), to say what became of it."""
    event = await event_of(request, event_id)
    done = Done(
        registered,
        confirmation == "already_confirmed",
        cancelled,
        known=confirmation == "known",
        substituted=substituted,
    )
    return await _registrations_page(request, event, principal, {}, person_name=person_name, done=done)


@dataclass(frozen=True)
class Done:
    """What was just done on the registrations page: a registration entered (and whether it was
    confirmed another way) or cancelled."""

    registered: uuid.UUID | None = None
    told_already: bool = False
    cancelled: uuid.UUID | None = None
    known: bool = False  # the person had a place or waited already: nothing new, no e-mail
    substituted: uuid.UUID | None = None  # the substitute's registration, who took over a place


def registration_notice(listing: dict[str, Any], done: Done, language: Language) -> str | None:
    """The registration just entered or cancelled in words, as it stands now: confirmed, on the
    waitlist with its place (the event full, or the organisation's seats taken), or cancelled; and
    who is told by e-mail."""
    rows: list[dict[str, Any]] = listing["items"]
    wanted = done.registered or done.cancelled or done.substituted
    row = next((row for row in rows if row["id"] == str(wanted)), None) if wanted else None
    if row is None:
        return None
    name = row.get("person_name") or translate("person.erased", language)
    if done.substituted is not None:
        member = next((other for other in rows if other["person_id"] == row.get("substitute_for")), None)
        member_name = (member or {}).get("person_name") or translate("person.erased", language)
        key = f"events.substituted_{row['status']}_notice"
        return translate(key, language).format(
            name=name, member=member_name, place=row.get("waitlist_position") or "–"
        )
    if done.cancelled is not None:
        key = "events.registration_cancelled_notice"
    elif done.known and row["status"] in ("confirmed", "waitlisted"):
        key = f"events.registered_before_{row['status']}_notice"
    elif row["status"] == "waitlisted":
        full = listing.get("capacity") is not None and listing["confirmed"] >= listing["capacity"]
        key = "events.registered_waitlisted_notice" if full else "events.registered_waitlisted_seats_notice"
    elif row["status"] == "confirmed":
        key = "events.registered_told_already_notice" if done.told_already else "events.registered_notice"
    else:
        return None
    return translate(key, language).format(name=name, place=row.get("waitlist_position") or "–")


async def _registrations_page(
    request: Request,
    event: dict[str, Any],
    principal: Principal,
    errors: dict[str, str],
    status_code: int = 200,
    *,
    person_name: str = "",
    done: Done | None = None,
) -> HTMLResponse:
    listing = data_of(
        await ask(request, ops.events.REGISTRATION_LIST, {"event_id": event["id"], "limit": EVENT_LIST_LIMIT})
    )
    rows = listing["items"]
    waitlist = sorted(
        (row for row in rows if row["status"] == "waitlisted"), key=lambda row: row["waitlist_position"] or 0
    )
    return _page(
        request,
        "events/registrations.html",
        event,
        principal,
        "registrations",
        listing=listing,
        confirmed=[row for row in rows if row["status"] == "confirmed"],
        waitlist=waitlist,
        others=[row for row in rows if row["status"] not in ("confirmed", "waitlisted")],
        errors=errors,
        notice=registration_notice(listing, done, language_of(request)) if done else None,
        person_name=person_name,
        candidates=await people_named(request, person_name),
        status_code=status_code,
    )


@router.post("/events/{event_id:uuid}/registrations")
async def register(request: Request, event_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    event = await _changeable(request, event_id, principal)
    body = {
        "event_id": str(event_id),
        "person_id": text(form, "person_id"),
        "confirmation": "already_confirmed" if checked(form, "already_confirmed") else "mail",
    }
    # A person registered again keeps their place (the service answers with it) and gets no
    # second e-mail: the page is to say so, not that a confirmation goes out.
    before = await ask(
        request, ops.events.REGISTRATION_LIST, {"event_id": str(event_id), "limit": EVENT_LIST_LIMIT}
    )
    known = {
        row["person_id"]
        for row in (items_of(before.data) if before.ok else [])
        if row["status"] in ("confirmed", "waitlisted")
    }
    answer = await ask(request, ops.events.REGISTRATION_REGISTER, body)
    if not answer.ok:
        return await _registrations_page(
            request, event, principal, form_errors(answer), failure_status(answer)
        )
    confirmation = "known" if body["person_id"] in known else body["confirmation"]
    query = f"registered={answer.data['id']}&confirmation={confirmation}"
    return redirect(f"/events/{event_id}/registrations?{query}")


@router.post("/events/{event_id:uuid}/registrations/{registration_id:uuid}/cancel")
async def cancel_registration(
    request: Request, event_id: uuid.UUID, registration_id: uuid.UUID, principal: Manager
) -> Response:
    form = await checked_form(request)
    event = await _changeable(request, event_id, principal)
    if not confirmed(form):
        registration = data_of(
            await ask(request, ops.events.REGISTRATION_GET, {"registration_id": str(registration_id)})
        )
        language = language_of(request)
        name = registration.get("person_name") or translate("person.erased", language)
        consequences = [translate("events.cancel_registration_text", language)]
        if registration["status"] == "confirmed" and event.get("waitlisted"):
            # Only when someone waits: with an empty waitlist the place simply becomes free.
            consequences.append(translate("events.cancel_registration_moves_up", language))
        return confirmation_page(
            request,
            question=translate("events.cancel_registration_question", language).format(name=name),
            consequences=consequences,
            action=f"/events/{event_id}/registrations/{registration_id}/cancel",
            yes=translate("events.cancel_registration_yes", language),
            back=f"/events/{event_id}/registrations",
        )
    answer = await ask(request, ops.events.REGISTRATION_CANCEL, {"registration_id": str(registration_id)})
    if not answer.ok:
        return await _registrations_page(
            request, event, principal, form_errors(answer), failure_status(answer)
        )
    return redirect(f"/events/{event_id}/registrations?cancelled={registration_id}")


# -- check-in and printable lists -----------------------------------------------------------------------


@router.get("/events/{event_id:uuid}/check-in")
async def check_in(
    request: Request, event_id: uuid.UUID, principal: Viewer, day: Annotated[date | None, Query()] = None
) -> HTMLResponse:
    event = await event_of(request, event_id)
    return await _check_in_page(request, event, principal, day, {})


async def _check_in_page(
    request: Request,
    event: dict[str, Any],
    principal: Principal,
    day: date | None,
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    attendance = data_of(await ask(request, ops.events.ATTENDANCE_LIST, {"event_id": event["id"]}))
    days = [str(item) for item in attendance["days"]]
    chosen = str(day) if day is not None and str(day) in days else (days[0] if days else "")
    return _page(
        request,
        "events/check_in.html",
        event,
        principal,
        "check_in",
        attendance=attendance,
        days=days,
        day=chosen,
        errors=errors,
        status_code=status_code,
    )


@router.post("/events/{event_id:uuid}/check-in")
async def record_attendance(request: Request, event_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    event = await _changeable(request, event_id, principal)
    day = text(form, "day")
    body = {
        "event_id": str(event_id),
        "registration_id": text(form, "registration_id"),
        "day": day,
        "present": text(form, "present") != "false",
    }
    answer = await ask(request, ops.events.ATTENDANCE_RECORD, body)
    if not answer.ok:
        shown = date.fromisoformat(day) if _is_date(day) else None
        return await _check_in_page(
            request, event, principal, shown, form_errors(answer), failure_status(answer)
        )
    return redirect(f"/events/{event_id}/check-in?day={day}#row-{body['registration_id']}")


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@router.get("/events/{event_id:uuid}/participants")
async def participant_list(request: Request, event_id: uuid.UUID, principal: Viewer) -> HTMLResponse:
    sheet = data_of(await ask(request, ops.events.EVENT_PRINTABLE, {"event_id": str(event_id)}))
    return printable_page(request, sheet)


@router.get("/events/{event_id:uuid}/sign-in-sheet")
async def sign_in_sheet(
    request: Request, event_id: uuid.UUID, principal: Viewer, day: Annotated[date | None, Query()] = None
) -> HTMLResponse:
    body = {"event_id": str(event_id), "day": str(day) if day else None}
    sheet = data_of(await ask(request, ops.events.EVENT_PRINTABLE, body))
    return printable_page(request, sheet | {"day": sheet["day"] or sheet["days"][0]["date"]})


def printable_page(request: Request, sheet: dict[str, Any]) -> HTMLResponse:
    """The participant list, or a day's sign-in sheet (``sheet["day"]``), printed in the reader's
    language: self-contained, with its own print styles and no scripts."""
    t = translator(language_of(request))
    venue = sheet.get("venue") or {}
    response = render(
        request,
        "events/printable.html",
        {
            "sheet": sheet,
            "heading": t("print.sign_in_sheet" if sheet.get("day") else "print.participant_list"),
            "venue": ", ".join(str(venue[part]) for part in ("name", "room", "address") if venue.get(part)),
        },
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    )
    return response


# -- participation figures ------------------------------------------------------------------------------


@router.get("/events/{event_id:uuid}/figures")
async def figures(request: Request, event_id: uuid.UUID, principal: Viewer) -> HTMLResponse:
    event = await event_of(request, event_id)
    data = data_of(await ask(request, ops.events.EVENT_FIGURES, {"event_id": str(event_id)}))["figures"]
    represented, total = int(data["districts_represented"]), int(data["districts_total"])
    t = translator(language_of(request))
    districts = bar_chart(
        "chart-districts",
        t("events.districts_represented"),
        [
            Bar(t("events.represented"), represented, f"{represented} / {total}"),
            Bar(t("events.missing"), total - represented, str(total - represented)),
        ],
    )
    language = language_of(request)
    types = sorted(
        (
            (term("organisation_type", code, language), count)
            for code, count in data["institution_types"].items()
        ),
        key=lambda item: (-item[1], item[0]),
    )
    institutions = bar_chart(
        "chart-types", t("events.institution_types"), [Bar(name, count, str(count)) for name, count in types]
    )
    return _page(
        request,
        "events/figures.html",
        event,
        principal,
        "figures",
        figures=data,
        types=types,
        districts_chart=districts,
        types_chart=institutions,
    )


# -- agreements of an event -------------------------------------------------------------------------


@router.get("/events/{event_id:uuid}/agreements")
async def event_agreements(request: Request, event_id: uuid.UUID, principal: Viewer) -> HTMLResponse:
    event = await event_of(request, event_id)
    return await _agreements_page(request, event, principal, {}, {})


async def _with_edition(request: Request, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each carried-over agreement with the edition it was made at (title, number, first day), which
    the series' list names by id only."""
    event_ids = sorted({str(row["event_id"]) for row in rows if row.get("event_id")})
    answers = await asyncio.gather(
        *(ask(request, ops.events.EVENT_GET, {"event_id": event_id}) for event_id in event_ids)
    )
    editions = {
        event_id: answer.data for event_id, answer in zip(event_ids, answers, strict=True) if answer.ok
    }
    return [row | {"edition_event": editions.get(str(row.get("event_id")))} for row in rows]


async def _agreements_page(
    request: Request,
    event: dict[str, Any],
    principal: Principal,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    listed = data_of(await ask(request, ops.events.AGREEMENT_LIST, event_page(event)))["items"]
    # What earlier editions of the series left unfinished is carried over to this one.
    carried: list[dict[str, Any]] = []
    if event.get("series_id"):
        series = await ask(request, ops.events.SERIES_GET, {"series_id": str(event["series_id"])})
        if series.ok:
            carried = [
                row
                for row in series.data.get("open_agreements") or []
                if str(row.get("event_id")) != str(event["id"])
            ]
            carried = await _with_edition(request, carried)
    organisations = await organisations_at(request, str(event["id"]))
    return _page(
        request,
        "events/event_agreements.html",
        event,
        principal,
        "agreements",
        rows=await with_responsible(request, listed),
        carried=await with_responsible(request, carried),
        today=clock.today().isoformat(),
        organisations=sorted(organisations.items(), key=lambda item: item[1]),
        values={"text": "", "owner_organisation_id": "", "due_on": "", "id": new_record_id()} | values,
        errors=errors,
        status_code=status_code,
    )


@router.post("/events/{event_id:uuid}/agreements")
async def create_agreement(request: Request, event_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    event = await _changeable(request, event_id, principal)
    values = {name: text(form, name) for name in ("text", "owner_organisation_id")}
    values["due_on"] = date_field(form, "due_on")
    values["id"] = new_record_id(form)
    body = {
        "id": values["id"],
        "event_id": str(event_id),
        "text": values["text"],
        "owner_organisation_id": values["owner_organisation_id"],
        "due_on": optional(values["due_on"]),
    }
    answer = await ask(request, ops.events.AGREEMENT_CREATE, body)
    if not answer.ok and not sent_before(answer):
        return await _agreements_page(
            request, event, principal, values, form_errors(answer), failure_status(answer)
        )
    return redirect(f"/events/{event_id}/agreements")
