"""Registry pages for people: the list, the detail page with memberships, consents and
responsibilities, the form to create (with a first membership) or edit a person, adding and
ending memberships, the JSON export (right of access) and erasure after a confirmation step."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from gateway_service import clock
from gateway_service.auth import Principal
from gateway_service.i18n import translate
from gateway_service.idempotency import forget_answers_about
from gateway_service.personal_data import export_personal_data
from gateway_service.web import hints
from gateway_service.web.confirmation import confirmation_page, confirmed
from gateway_service.web.downloads import disposition
from gateway_service.web.guards import checked_form, date_field, text
from gateway_service.web.listing import served, window
from gateway_service.web.messages import detail_message
from gateway_service.web.pages import (
    CHOICE_LIMIT,
    PAGE_SIZE,
    Manager,
    Viewer,
    checked,
    data_of,
    differing_fields,
    failure_status,
    form_errors,
    is_stale,
    optional,
    section,
    split_list,
    stale_notice,
    with_own_errors,
)
from gateway_service.web.rendering import date_formatter, language_of, phone_text, redirect, render
from gateway_service.web.services import ask, items_of, rpc_of
from netzwerkstatt import operations as ops
from netzwerkstatt import tabular

router = APIRouter(include_in_schema=False)

CONSENT_KINDS = ("network_event_contact", "photos", "contact_list_sharing")
FORMS_OF_ADDRESS = ("neutral", "ms", "mr")
LANGUAGES = ("de", "en")
PERSON_FIELDS = (
    "given_name",
    "family_name",
    "form_of_address",
    "title",
    "emails",
    "phone",
    "language",
    "notes",
)
FIELD_LABELS = {
    "given_name": "registry.given_name",
    "family_name": "registry.family_name",
    "form_of_address": "registry.form_of_address",
    "title": "registry.title",
    "emails": "registry.emails",
    "phone": "registry.phone",
    "language": "app.language",
    "notes": "registry.notes",
    "consents": "registry.consents",
}
MEMBERSHIP_FIELDS = ("organisation_id", "function", "start_date")
DATE_FIELDS = ("start_date",)


@router.get("/registry/people")
async def people(
    request: Request,
    principal: Viewer,
    name: Annotated[str, Query(max_length=200)] = "",
    organisation_id: Annotated[uuid.UUID | None, Query()] = None,
    sort: Annotated[str, Query(max_length=20)] = "family_name",
    dir: Annotated[str, Query(max_length=4)] = "asc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = PAGE_SIZE,
) -> HTMLResponse:
    shown = window(
        sort=sort,
        direction=dir,
        page=page,
        size=size,
        columns=("family_name", "given_name"),
        default_sort="family_name",
    )
    body: dict[str, Any] = {"name": name or None, **shown.request()}
    kept = {"name": name}
    if organisation_id:
        body["organisation_id"] = kept["organisation_id"] = str(organisation_id)
    answer = await ask(request, ops.registry.PERSON_LIST, body)
    found: dict[str, Any] = (
        answer.data if answer.ok and isinstance(answer.data, dict) else {"items": [], "total": 0}
    )
    listed = served(shown, found["items"], found["total"], path="/registry/people", kept=kept)
    return render(
        request,
        "people.html",
        section("registry", unavailable=not answer.ok, listing=listed, name=name),
    )


@router.get("/registry/people/new")
async def new_person(request: Request, principal: Manager) -> HTMLResponse:
    return await _form_page(request, principal, None, {}, {})


@router.post("/registry/people/new")
async def create_person(request: Request, principal: Manager) -> Response:
    form = await checked_form(request)
    values = _values(form, PERSON_FIELDS + MEMBERSHIP_FIELDS)
    values["consents"] = [kind for kind in CONSENT_KINDS if checked(form, f"consent_{kind}")]
    values["decision_maker"] = checked(form, "decision_maker")
    body = _person_body(values) | {"consents": values["consents"], "memberships": []}
    if values["organisation_id"]:
        body["memberships"] = [_membership_body(values)]
    own: dict[str, str] = {}
    if not principal.on_the_bus().is_admin and not values["organisation_id"]:
        # A coordinator's new person must belong to one of their organisations at once, or they
        # could not look after the record afterwards. The registry refuses it without one, after
        # naming the form's other problems: both are shown at once.
        own = {"organisation_id": translate("registry.choose_own_organisation", language_of(request))}
    answer = await ask(request, ops.registry.PERSON_CREATE, body)
    if answer.ok:
        return redirect(f"/registry/people/{answer.data['id']}?saved=1")
    if own and answer.forbidden:
        return await _form_page(request, principal, None, values, own, 422)
    errors = with_own_errors(answer, own)
    if "memberships" in errors:
        # The first membership's fields are the form's own (memberships.0.start_date → start_date).
        del errors["memberships"]
        for detail in answer.error.details if answer.error else []:
            parts = detail.field.split(".")
            if parts[0] == "memberships":
                name = parts[2] if len(parts) > 2 and parts[2] in MEMBERSHIP_FIELDS else "organisation_id"
                errors.setdefault(name, detail_message(detail))
    return await _form_page(request, principal, None, values, errors, failure_status(answer))


@router.get("/registry/people/{person_id}")
async def person(request: Request, person_id: uuid.UUID, principal: Viewer) -> HTMLResponse:
    item = await _person(request, person_id)
    may_change = await hints.may_change_person(request, principal, item)
    saved = request.query_params.get("saved") is not None
    return await _person_page(request, principal, item, may_change, {}, {}, saved=saved)


async def _person_page(
    request: Request,
    principal: Principal,
    item: dict[str, Any],
    may_change: bool,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
    saved: bool = False,
    ending: str = "",
) -> HTMLResponse:
    """The person page; a refused form on it keeps its input (``values``) with the refusal at its
    fields, the end of a membership at the row of ``ending`` (the organisation's id)."""
    duties = await ask(
        request, ops.registry.RESPONSIBILITY_LIST, {"person_id": str(item["id"]), "limit": CHOICE_LIMIT}
    )
    return render(
        request,
        "person.html",
        section(
            "registry",
            item=item,
            responsibilities=items_of(duties.data),
            may_change=may_change,
            may_erase=await hints.may_erase_person(request, principal, item),
            # A membership is ended by the organisation's networks only (None: every organisation).
            managed=await hints.managed_organisations(request, principal),
            organisations=await hints.organisation_choices(request, principal) if may_change else [],
            saved=saved,
            errors=errors,
            values=values,
            ending=ending,
        ),
        status_code=status_code,
    )


@router.get("/registry/people/{person_id}/edit")
async def edit_person(request: Request, person_id: uuid.UUID, principal: Manager) -> HTMLResponse:
    item = await _person(request, person_id)
    hints.editor_for(await hints.may_change_person(request, principal, item), principal)
    return await _form_page(request, principal, item, _values_of(item), {})


def _values_of(item: dict[str, Any]) -> dict[str, Any]:
    """The edit form's fields as the stored person fills them."""
    values: dict[str, Any] = {key: item.get(key) or "" for key in PERSON_FIELDS}
    values["emails"] = "\n".join(item["emails"])
    values["phone"] = phone_text(item.get("phone"))
    values["consents"] = [consent["kind"] for consent in item["consents"]]
    return values


@router.post("/registry/people/{person_id}/edit")
async def update_person(request: Request, person_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    item = await _person(request, person_id)
    values = _values(form, PERSON_FIELDS)
    values["consents"] = [kind for kind in CONSENT_KINDS if checked(form, f"consent_{kind}")]
    body = _person_body(values) | {
        "person_id": str(person_id),
        "expected_version": text(form, "version") or None,
        "consents": values["consents"],
        # An emptied field is cleared, not kept: the form shows every field.
        "title": optional(values["title"]),
        "notes": optional(values["notes"]),
    }
    answer = await ask(request, ops.registry.PERSON_UPDATE, body)
    if answer.ok:
        return redirect(f"/registry/people/{person_id}?saved=1")
    errors = form_errors(answer)
    if is_stale(answer):
        # The input stays; the form takes the version stored now, saying what differs from it.
        errors["expected_version"] = stale_notice(differing_fields(values, _values_of(item), FIELD_LABELS))
        return await _form_page(request, principal, item, values, errors, failure_status(answer))
    item_shown = item | {"version": text(form, "version")}
    return await _form_page(request, principal, item_shown, values, errors, failure_status(answer))


@router.post("/registry/people/{person_id}/memberships")
async def save_membership(request: Request, person_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    item = await _person(request, person_id)
    values = _values(form, MEMBERSHIP_FIELDS)
    values["decision_maker"] = checked(form, "decision_maker")
    body = _membership_body(values) | {"person_id": str(person_id)}
    answer = await ask(request, ops.registry.PERSON_MEMBERSHIP_SAVE, body)
    if answer.ok:
        return redirect(f"/registry/people/{person_id}?saved=1")
    return await _person_page(
        request, principal, item, True, values, form_errors(answer), failure_status(answer)
    )


@router.post("/registry/people/{person_id}/memberships/{organisation_id}/end")
async def end_membership(
    request: Request, person_id: uuid.UUID, organisation_id: uuid.UUID, principal: Manager
) -> Response:
    form = await checked_form(request)
    end_date = date_field(form, "end_date")  # empty: today
    # A date that cannot be read is not asked about: the registry refuses it, at its field, at once.
    if not confirmed(form) and _is_date(end_date):
        item = await _person(request, person_id)
        hints.editor_for(await hints.may_change_organisation(request, principal, organisation_id), principal)
        membership: dict[str, Any] = next(
            (row for row in item["memberships"] if str(row["organisation_id"]) == str(organisation_id)), {}
        )
        language = language_of(request)
        question = translate("registry.end_membership_question", language).format(
            person=f"{item['given_name']} {item['family_name']}",
            organisation=membership.get("organisation_name") or "–",
        )
        return confirmation_page(
            request,
            question=question,
            consequences=[
                translate("registry.end_membership_text_on", language).format(
                    date=date_formatter(language)(end_date)
                )
                if end_date
                else translate("registry.end_membership_text", language)
            ],
            action=f"/registry/people/{person_id}/memberships/{organisation_id}/end",
            yes=translate("registry.end_membership_yes", language),
            back=f"/registry/people/{person_id}",
            fields={"end_date": end_date} if end_date else {},
        )
    body = {"person_id": str(person_id), "organisation_id": str(organisation_id)}
    if end_date:
        body["end_date"] = end_date
    answer = await ask(request, ops.registry.PERSON_MEMBERSHIP_END, body)
    errors = form_errors(answer)
    if answer.ok or "end_date" not in errors:
        data_of(answer)  # any other refusal is the error page
        return redirect(f"/registry/people/{person_id}?saved=1")
    # The end date refused (not a date, or before the membership began): said at the row's field.
    item = await _person(request, person_id)
    return await _person_page(
        request,
        principal,
        item,
        await hints.may_change_person(request, principal, item),
        {"end_date": end_date},
        {"end_date": errors["end_date"]},
        failure_status(answer),
        ending=str(organisation_id),
    )


def _is_date(value: str) -> bool:
    """True for no date (today) and an ISO date, as ``date_field`` gives a date it could read."""
    try:
        return not value or bool(date.fromisoformat(value))
    except ValueError:
        return False


def _file_name(what: str, person: dict[str, Any]) -> str:
    """ "auskunft-mara-beispiel-2027-02-10.json": what the file is, whom it is about, and the day."""
    name = f"{person.get('given_name') or ''} {person.get('family_name') or ''}"
    return tabular.file_name(what, name, clock.today(), extension="json")


@router.get("/registry/people/{person_id}/export.json")
async def export_person(request: Request, person_id: uuid.UUID, principal: Manager) -> Response:
    """Everything the registry holds about the person, as a JSON file (right of access), for
    whoever looks after the person's record."""
    exported = data_of(await ask(request, ops.registry.PERSON_EXPORT, {"person_id": str(person_id)}))
    content = json.dumps(exported, ensure_ascii=False, indent=2)
    person = await _person(request, person_id)
    return Response(
        content,
        media_type="application/json",
        headers={
            "Content-Disposition": disposition(_file_name("registerdaten", person)),
            "Cache-Control": "no-store",
        },
    )


@router.get("/registry/people/{person_id}/personal-data.json")
async def export_personal_data_file(request: Request, person_id: uuid.UUID, principal: Manager) -> Response:
    """Everything every service holds about the person, as one JSON file (Art. 15 GDPR), with what
    erasure does to each part."""
    exported = await export_personal_data(rpc_of(request), person_id)
    person = await _person(request, person_id)
    return Response(
        exported.model_dump_json(indent=2),
        media_type="application/json",
        headers={
            "Content-Disposition": disposition(_file_name("auskunft", person)),
            "Cache-Control": "no-store",
        },
    )


@router.get("/registry/people/{person_id}/erase")
async def confirm_erasure(request: Request, person_id: uuid.UUID, principal: Manager) -> HTMLResponse:
    item = await _person(request, person_id)
    hints.editor_for(await hints.may_erase_person(request, principal, item))
    return render(request, "person_erase.html", section("registry", item=item, errors={}, typed=""))


@router.post("/registry/people/{person_id}/erase")
async def erase_person(request: Request, person_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    item = await _person(request, person_id)
    typed = _spaced(text(form, "confirm_name"))
    expected = _spaced(f"{item['given_name']} {item['family_name']}")
    if typed.casefold() != expected.casefold():
        language = language_of(request)
        if typed:
            message = translate("registry.erase_mismatch", language).format(typed=typed, name=expected)
        else:
            message = translate("registry.erase_unconfirmed", language).format(name=expected)
        return render(
            request,
            "person_erase.html",
            section("registry", item=item, errors={"confirm_name": message}, typed=typed),
            status_code=422,
        )
    erased = data_of(await ask(request, ops.registry.PERSON_ERASE, {"person_id": str(person_id)}))
    await forget_answers_about(request, person_id)
    return render(request, "person_erased.html", section("registry", erased=erased))


def _spaced(name: str) -> str:
    """A name as typed for comparing: without surrounding spaces, one space between its words (a
    non-breaking space or a tab counts as a space)."""
    return " ".join(name.split())


async def _person(request: Request, person_id: uuid.UUID) -> dict[str, Any]:
    item: dict[str, Any] = data_of(await ask(request, ops.registry.PERSON_GET, {"person_id": str(person_id)}))
    return item


def _values(form: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: date_field(form, name) if name in DATE_FIELDS else text(form, name) for name in names}


def _person_body(values: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "given_name": values["given_name"],
        "family_name": values["family_name"],
        "form_of_address": values["form_of_address"] or "neutral",
        "emails": split_list(values["emails"]),
        "phone": optional(values["phone"]),
        "language": values["language"] or "de",
    }
    if values["title"]:
        body["title"] = values["title"]
    if values["notes"]:
        body["notes"] = values["notes"]
    return body


def _membership_body(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "organisation_id": values["organisation_id"],
        "function": optional(values["function"]),
        "decision_maker": bool(values.get("decision_maker")),
        "start_date": optional(values["start_date"]),
    }


async def _form_page(
    request: Request,
    principal: Principal,
    item: dict[str, Any] | None,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    defaults: dict[str, Any] = dict.fromkeys(PERSON_FIELDS + MEMBERSHIP_FIELDS, "")
    defaults |= {"consents": [], "decision_maker": False}
    return render(
        request,
        "person_form.html",
        section(
            "registry",
            item=item,
            values=defaults | values,
            errors=errors,
            unavailable=status_code == 503,
            organisations=[] if item else await hints.organisation_choices(request, principal),
            consent_kinds=CONSENT_KINDS,
            forms_of_address=FORMS_OF_ADDRESS,
            languages=LANGUAGES,
        ),
        status_code=status_code,
    )
