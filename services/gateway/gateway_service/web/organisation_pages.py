"""Registry pages for organisations: the filtered list, the detail page with networks, people and
responsibilities, the form to create or edit one, and archiving."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from gateway_service.i18n import Language, choices, translate
from gateway_service.web import districts, hints
from gateway_service.web.confirmation import confirmation_page, confirmed
from gateway_service.web.guards import checked_form, text
from gateway_service.web.listing import served, window
from gateway_service.web.messages import message_of
from gateway_service.web.pages import (
    CHOICE_LIMIT,
    PAGE_SIZE,
    Manager,
    Viewer,
    data_of,
    differing_fields,
    failure_status,
    is_stale,
    optional,
    section,
    split_list,
    stale_notice,
    uuid_or_none,
    with_own_errors,
)
from gateway_service.web.rendering import channel_text, language_of, redirect, render
from gateway_service.web.services import ask, items_of
from netzwerkstatt import operations as ops

router = APIRouter(include_in_schema=False)

# What staff write before the colon of a contact line (German or English), and the word shown.
CHANNEL_KINDS = {
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "phone": "phone",
    "telefon": "phone",
    "tel": "phone",
    "tel.": "phone",
    "fax": "fax",
    "telefax": "fax",
    "website": "website",
    "webseite": "website",
    "internet": "website",
    "web": "website",
}
CHANNEL_WORDS = {"email": "E-Mail", "phone": "Telefon", "fax": "Fax", "website": "Website"}


def organisation_types(language: Language) -> list[tuple[str, str]]:
    return choices("organisation_type", language)


FORM_FIELDS = ("name", "type", "region_keys", "street", "postal_code", "city", "contact_channels")
FIELD_LABELS = {
    "name": "common.name",
    "type": "common.type",
    "region_keys": "common.regions",
    "street": "registry.street",
    "postal_code": "registry.postal_code",
    "city": "registry.city",
    "contact_channels": "registry.contact_channels",
}


async def network_choices(request: Request) -> list[dict[str, Any]]:
    answer = await ask(request, ops.registry.NETWORK_LIST, {"limit": CHOICE_LIMIT})
    return items_of(answer.data) if answer.ok else []


@router.get("/registry/organisations")
async def organisations(
    request: Request,
    principal: Viewer,
    name: Annotated[str, Query(max_length=200)] = "",
    type: Annotated[str, Query(max_length=100)] = "",
    region: Annotated[str, Query(max_length=200)] = "",
    region_key: Annotated[str, Query(max_length=50)] = "",
    network_id: Annotated[str, Query(max_length=100)] = "",
    include_archived: bool = False,
    sort: Annotated[str, Query(max_length=20)] = "name",
    dir: Annotated[str, Query(max_length=4)] = "asc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = PAGE_SIZE,
) -> HTMLResponse:
    # Every filter may be left empty ("–"); a value that cannot match anything matches nothing.
    network = uuid_or_none(network_id)
    region = region or districts.label(region_key.strip()) if region_key else region
    key = districts.key_for(region) if region else None
    filters = {
        "name": name,
        "type": type,
        "region": region,
        "network_id": str(network) if network else "",
        "include_archived": "true" if include_archived else "",
    }
    body: dict[str, Any] = {key: value for key, value in filters.items() if value and key != "region"}
    shown = window(
        sort=sort, direction=dir, page=page, size=size, columns=("name", "archived"), default_sort="name"
    )
    body |= {"include_archived": include_archived, **shown.request()}
    if region:
        body["region_key"] = key or region.strip()
    answer = await ask(request, ops.registry.ORGANISATION_LIST, body)
    found: dict[str, Any] = (
        answer.data if answer.ok and isinstance(answer.data, dict) else {"items": [], "total": 0}
    )
    kept = {key: value for key, value in filters.items() if value}
    listed = served(shown, found["items"], found["total"], path="/registry/organisations", kept=kept)
    return render(
        request,
        "organisations.html",
        section(
            "registry",
            unavailable=answer.unavailable,
            error=message_of(answer.error) if answer.error else None,
            listing=listed,
            filters=filters,
            networks=await network_choices(request),
            types=organisation_types(language_of(request)),
        ),
        status_code=422 if answer.error else 200,
    )


@router.get("/registry/organisations/new")
async def new_organisation(request: Request, principal: Manager) -> HTMLResponse:
    networks = await hints.networks_to_create_in(request, principal)
    # A coordinator of exactly one network creates in it; the choice is shown all the same.
    only = {"network_id": str(networks[0]["id"])} if len(networks) == 1 else {}
    return _form_page(request, None, only, {}, networks=networks)


@router.post("/registry/organisations/new")
async def create_organisation(request: Request, principal: Manager) -> Response:
    form = await checked_form(request)
    values = {key: text(form, key) for key in (*FORM_FIELDS, "network_id")}
    body, errors = _organisation_body(values, language_of(request))
    # The registry decides whether the caller may create in this network (one of a coordinator's).
    body["network_id"] = str(network) if (network := uuid_or_none(values["network_id"])) else None
    answer = await ask(request, ops.registry.ORGANISATION_CREATE, body)
    if answer.ok:
        return redirect(f"/registry/organisations/{answer.data['id']}?saved=1")
    errors = _district_message(with_own_errors(answer, errors), values, language_of(request))
    status = failure_status(answer)
    networks = await hints.networks_to_create_in(request, principal)
    return _form_page(request, None, values, errors, status, networks=networks)


@router.get("/registry/organisations/{organisation_id}")
async def organisation(request: Request, organisation_id: uuid.UUID, principal: Viewer) -> HTMLResponse:
    ref = {"organisation_id": str(organisation_id)}
    item = data_of(await ask(request, ops.registry.ORGANISATION_GET, ref))
    networks = await ask(request, ops.registry.NETWORK_LIST, ref | {"limit": CHOICE_LIMIT})
    people = await ask(request, ops.registry.PERSON_LIST, ref | {"limit": CHOICE_LIMIT})
    duties = await ask(request, ops.registry.RESPONSIBILITY_LIST, ref | {"limit": CHOICE_LIMIT})
    return render(
        request,
        "organisation.html",
        section(
            "registry",
            item=item,
            networks=items_of(networks.data),
            people=items_of(people.data),
            responsibilities=items_of(duties.data),
            may_change=await hints.may_change_organisation(request, principal, organisation_id),
            saved=request.query_params.get("saved") is not None,
        ),
    )


@router.get("/registry/organisations/{organisation_id}/edit")
async def edit_organisation(request: Request, organisation_id: uuid.UUID, principal: Manager) -> HTMLResponse:
    hints.editor_for(await hints.may_change_organisation(request, principal, organisation_id), principal)
    item = data_of(
        await ask(request, ops.registry.ORGANISATION_GET, {"organisation_id": str(organisation_id)})
    )
    return _form_page(request, item, _values_of(item), {})


@router.post("/registry/organisations/{organisation_id}/edit")
async def update_organisation(request: Request, organisation_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    item = data_of(
        await ask(request, ops.registry.ORGANISATION_GET, {"organisation_id": str(organisation_id)})
    )
    values = {key: text(form, key) for key in FORM_FIELDS}
    body, errors = _organisation_body(values, language_of(request))
    body |= {"organisation_id": str(organisation_id), "expected_version": text(form, "version") or None}
    answer = await ask(request, ops.registry.ORGANISATION_UPDATE, body)
    if answer.ok:
        return redirect(f"/registry/organisations/{organisation_id}?saved=1")
    errors = _district_message(with_own_errors(answer, errors), values, language_of(request))
    status = failure_status(answer)
    if is_stale(answer):
        # The input stays; the form takes the version stored now, saying what differs from it.
        errors["expected_version"] = stale_notice(differing_fields(values, _values_of(item), FIELD_LABELS))
        return _form_page(request, item, values, errors, status)
    return _form_page(request, item | {"version": text(form, "version")}, values, errors, status)


@router.post("/registry/organisations/{organisation_id}/archive")
async def archive_organisation(request: Request, organisation_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    if not confirmed(form):
        # Who could not archive it is told so at once, not after saying yes.
        hints.editor_for(await hints.may_change_organisation(request, principal, organisation_id), principal)
        item = data_of(
            await ask(request, ops.registry.ORGANISATION_GET, {"organisation_id": str(organisation_id)})
        )
        language = language_of(request)
        return confirmation_page(
            request,
            question=translate("registry.archive_question", language).format(name=item["name"]),
            consequences=[translate("registry.archive_text", language)],
            action=f"/registry/organisations/{organisation_id}/archive",
            yes=translate("registry.archive_yes", language),
            back=f"/registry/organisations/{organisation_id}",
        )
    data_of(await ask(request, ops.registry.ORGANISATION_ARCHIVE, {"organisation_id": str(organisation_id)}))
    return redirect(f"/registry/organisations/{organisation_id}?saved=1")


def _values_of(item: dict[str, Any]) -> dict[str, str]:
    address = item.get("address") or {}
    channels = "\n".join(
        f"{CHANNEL_WORDS[channel['kind']]}: {channel_text(channel)}"
        + (f" | {channel['label']}" if channel.get("label") else "")
        for channel in item.get("contact_channels") or []
    )
    return {
        "name": item["name"],
        "type": item["type"],
        "region_keys": districts.labels(item.get("region_keys")),
        "street": address.get("street") or "",
        "postal_code": address.get("postal_code") or "",
        "city": address.get("city") or "",
        "contact_channels": channels,
    }


def _district_message(errors: dict[str, str], values: dict[str, str], language: Language) -> dict[str, str]:
    """Name the districts typed that nobody knows: the registry refuses them, even when it stopped at
    another field first (a request it cannot read is refused before its rules are checked)."""
    _, unknown = districts.keys_for(split_list(values["region_keys"]))
    if unknown and errors:
        errors["region_keys"] = translate("districts.unknown", language) + " " + ", ".join(unknown)
    return errors


def _organisation_body(values: dict[str, str], language: Language) -> tuple[dict[str, Any], dict[str, str]]:
    """The registry's request from the form; contact lines read ``kind: value | label``. A line
    that cannot be read is a message naming it and goes to the registry as typed (an unknown kind or
    an empty value, both refused), so the form's other problems are named at once."""
    channels: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, line in enumerate(values["contact_channels"].splitlines(), start=1):
        if not line.strip():
            continue
        word, colon, rest = line.partition(":")
        if word.strip().lower() in ("http", "https"):  # a bare web address
            word, colon, rest = "website", ":", line
        value, _, label = rest.partition("|")
        kind = CHANNEL_KINDS.get(word.strip().lower())
        if not colon or kind is None or not value.strip():
            problems.append(f"{number}: „{line.strip()}“")
            channels.append({"kind": word.strip(), "value": value.strip()})
            continue
        channels.append({"kind": kind, "value": value.strip(), "label": optional(label.strip())})
    errors = {
        "contact_channels": translate("registry.contact_lines_wrong", language) + " " + "; ".join(problems)
    }
    errors = errors if problems else {}
    # Names nobody knows go to the registry as they are: it refuses them together with every other
    # problem of the form (one pass), and the page words the district message itself.
    region_keys, unknown = districts.keys_for(split_list(values["region_keys"]))
    region_keys += unknown
    address = {key: optional(values[key]) for key in ("street", "postal_code", "city")}
    body = {
        "name": values["name"],
        "type": values["type"],
        "region_keys": region_keys,
        "address": address if any(address.values()) else None,
        "contact_channels": channels,
    }
    return body, errors


def _form_page(
    request: Request,
    item: dict[str, Any] | None,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    *,
    networks: list[dict[str, Any]] | None = None,
) -> HTMLResponse:
    return render(
        request,
        "organisation_form.html",
        section(
            "registry",
            item=item,
            values=dict.fromkeys((*FORM_FIELDS, "network_id"), "") | values,
            networks=networks or [],
            types=organisation_types(language_of(request)),
            errors=errors,
            unavailable=status_code == 503,
        ),
        status_code=status_code,
    )
