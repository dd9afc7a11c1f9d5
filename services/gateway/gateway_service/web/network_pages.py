"""Registry pages for networks (members, coordinating organisation, funded sub-projects), regions
(lookup by key or name, custom regions) and responsibilities (topic × organisation × region with
contacts, and the topics themselves)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from gateway_service.auth import Principal
from gateway_service.i18n import choices, term, translate
from gateway_service.security.roles import Permission
from gateway_service.web import districts, hints
from gateway_service.web.confirmation import confirmation_page, confirmed
from gateway_service.web.guards import checked_form, date_field, text
from gateway_service.web.messages import detail_message, message_of
from gateway_service.web.pages import (
    CHOICE_LIMIT,
    PAGE_SIZE,
    Manager,
    Operator,
    Viewer,
    data_of,
    failure_status,
    form_errors,
    new_record_id,
    optional,
    region_key_of,
    region_name_of,
    section,
    sent_before,
    split_list,
    with_own_errors,
)
from gateway_service.web.rendering import language_of, redirect, render
from gateway_service.web.services import ask, items_of
from netzwerkstatt import operations as ops
from netzwerkstatt.errors import NotFound

router = APIRouter(include_in_schema=False)


async def _organisations(request: Request, **filters: Any) -> list[dict[str, Any]]:
    answer = await ask(request, ops.registry.ORGANISATION_LIST, {"limit": CHOICE_LIMIT, **filters})
    return items_of(answer.data) if answer.ok else []


def contact_groups(
    people: list[dict[str, Any]], organisations: list[dict[str, Any]]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The people a responsibility may name, under each organisation offered that they currently
    belong to (a contact or substitute must be one of the responsible organisation's), by name."""
    offered = {str(organisation["id"]): str(organisation["name"]) for organisation in organisations}
    groups: dict[str, list[tuple[str, str]]] = {}
    for person in people:
        name = f"{person['given_name']} {person['family_name']}"
        for membership in person.get("memberships") or []:
            organisation_id = str(membership.get("organisation_id"))
            if organisation_id in offered and not membership.get("end_date"):
                groups.setdefault(organisation_id, []).append((str(person["id"]), name))
    return sorted(
        (
            (offered[organisation_id], sorted(members, key=lambda member: member[1].casefold()))
            for organisation_id, members in groups.items()
        ),
        key=lambda group: group[0].casefold(),
    )


# -- networks ---------------------------------------------------------------------------------------


# The fields of a new network (admins set networks up; their coordinators then keep them).
NETWORK_FIELDS = ("id", "name", "kind", "coordinating_organisation_id", "region_names")


@router.get("/registry/networks")
async def networks(
    request: Request, principal: Viewer, name: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    values = dict.fromkeys(NETWORK_FIELDS, "") | {"id": new_record_id()}
    return await _networks_page(request, principal, name, values, {})


async def _networks_page(
    request: Request,
    principal: Principal,
    name: str,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    answer = await ask(request, ops.registry.NETWORK_LIST, {"name": name or None, "limit": CHOICE_LIMIT})
    admin = principal.may(Permission.OPERATE)
    return render(
        request,
        "networks.html",
        section(
            "registry",
            unavailable=not answer.ok,
            rows=items_of(answer.data),
            name=name,
            may_create=admin,
            kinds=choices("network_kind", language_of(request)) if admin else [],
            organisations=await hints.organisation_choices(request, principal) if admin else [],
            values=values,
            errors=errors,
        ),
        status_code=status_code,
    )


@router.post("/registry/networks")
async def create_network(request: Request, principal: Operator) -> Response:
    """A new network, set up by an admin: its name, kind, coordinating organisation and regions
    (by name); members and sub-projects are added on its page."""
    form = await checked_form(request)
    values = {field: text(form, field) for field in NETWORK_FIELDS} | {"id": new_record_id(form)}
    keys, unknown = districts.keys_for(split_list(values["region_names"]))
    own = {}
    if unknown:
        own["region_keys"] = translate("districts.unknown", language_of(request)) + " " + ", ".join(unknown)
    body = {
        "id": values["id"],
        "name": values["name"],
        "kind": values["kind"],
        "coordinating_organisation_id": optional(values["coordinating_organisation_id"]),
        "region_keys": keys + unknown,  # names nobody knows as typed: the registry refuses them
    }
    answer = await ask(request, ops.registry.NETWORK_CREATE, body)
    if not answer.ok and not sent_before(answer):
        return await _networks_page(
            request, principal, "", values, with_own_errors(answer, own), failure_status(answer)
        )
    return redirect(f"/registry/networks/{values['id']}")


@router.get("/registry/networks/{network_id}")
async def network(request: Request, network_id: uuid.UUID, principal: Viewer) -> HTMLResponse:
    return await _network_page(request, principal, network_id, {}, {})


async def _network_page(
    request: Request,
    principal: Principal,
    network_id: uuid.UUID,
    errors: dict[str, str],
    values: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    item = data_of(await ask(request, ops.registry.NETWORK_GET, {"network_id": str(network_id)}))
    members = await _organisations(request, network_id=str(network_id))
    names = {str(member["id"]): member["name"] for member in members}
    coordinator = item.get("coordinating_organisation_id")
    if coordinator and str(coordinator) not in names:
        found = await ask(request, ops.registry.ORGANISATION_GET, {"organisation_id": str(coordinator)})
        names[str(coordinator)] = found.data["name"] if found.ok else str(coordinator)
    may_change = hints.may_change(principal, network_id)
    return render(
        request,
        "network.html",
        section(
            "registry",
            item=item,
            members=members,
            names=names,
            may_change=may_change,
            candidates=await _organisations(request)
            if may_change and principal.may(Permission.MANAGE)
            else [],
            errors=errors,
            values={"name": "", "programme": "", "funders": "", "start_date": "", "end_date": ""} | values,
            saved=request.query_params.get("saved") is not None,
        ),
        status_code=status_code,
    )


async def _member_removal_confirmation(
    request: Request, network: dict[str, Any], organisation_id: str
) -> HTMLResponse:
    organisation = data_of(
        await ask(request, ops.registry.ORGANISATION_GET, {"organisation_id": organisation_id})
    )
    language = language_of(request)
    return confirmation_page(
        request,
        question=translate("registry.remove_member_question", language).format(
            organisation=organisation["name"], network=network["name"]
        ),
        consequences=[translate("registry.remove_member_text", language)],
        action=f"/registry/networks/{network['id']}/members",
        yes=translate("registry.remove_yes", language),
        back=f"/registry/networks/{network['id']}",
        fields={"organisation_id": organisation_id, "action": "remove"},
    )


@router.post("/registry/networks/{network_id}/members")
async def change_members(request: Request, network_id: uuid.UUID, principal: Manager) -> Response:
    """Add or remove one member, or name the coordinating organisation."""
    form = await checked_form(request)
    item = data_of(await ask(request, ops.registry.NETWORK_GET, {"network_id": str(network_id)}))
    members = [str(member) for member in item["member_organisation_ids"]]
    organisation_id, action = text(form, "organisation_id"), text(form, "action")
    body: dict[str, Any] = {"network_id": str(network_id), "expected_version": item["version"]}
    if action == "add":
        body["member_organisation_ids"] = [*members, organisation_id]
    elif action == "remove":
        if not confirmed(form):
            hints.editor_for(hints.may_change(principal, network_id), principal, [network_id])
            return await _member_removal_confirmation(request, item, organisation_id)
        body["member_organisation_ids"] = [member for member in members if member != organisation_id]
    elif action == "coordinate":
        body["coordinating_organisation_id"] = organisation_id
        if organisation_id not in members:
            body["member_organisation_ids"] = [*members, organisation_id]
    else:
        return await _network_page(
            request, principal, network_id, {"action": "add | remove | coordinate"}, {}, 422
        )
    answer = await ask(request, ops.registry.NETWORK_UPDATE, body)
    if answer.ok:
        return redirect(f"/registry/networks/{network_id}?saved=1")
    errors = form_errors(answer)
    if "member_organisation_ids" in errors or "coordinating_organisation_id" in errors:
        errors["organisation_id"] = errors.pop("member_organisation_ids", "") or errors.pop(
            "coordinating_organisation_id", ""
        )
    return await _network_page(request, principal, network_id, errors, {}, failure_status(answer))


SUB_PROJECT_FIELDS = ("name", "organisation_id", "programme", "funders", "start_date", "end_date")
SUB_PROJECT_DATES = ("start_date", "end_date")


@router.post("/registry/networks/{network_id}/sub-projects")
async def add_sub_project(request: Request, network_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    item = data_of(await ask(request, ops.registry.NETWORK_GET, {"network_id": str(network_id)}))
    values = {
        key: date_field(form, key) if key in SUB_PROJECT_DATES else text(form, key)
        for key in SUB_PROJECT_FIELDS
    }
    project = {
        "name": values["name"],
        "organisation_id": optional(values["organisation_id"]),
        "programme": optional(values["programme"]),
        "funders": split_list(values["funders"]),
        "start_date": optional(values["start_date"]),
        "end_date": optional(values["end_date"]),
    }
    body = {
        "network_id": str(network_id),
        "expected_version": item["version"],
        "sub_projects": [*item["sub_projects"], project],
    }
    answer = await ask(request, ops.registry.NETWORK_UPDATE, body)
    if answer.ok:
        return redirect(f"/registry/networks/{network_id}?saved=1")
    index = len(item["sub_projects"])
    # a sub-project's problems at its fields; a refusal (another network's) for the whole form
    errors = {
        detail.field.removeprefix(f"sub_projects.{index}.").split(".")[0]: detail_message(detail)
        for detail in (answer.error.details if answer.error and not answer.forbidden else [])
    } or form_errors(answer)
    return await _network_page(request, principal, network_id, errors, values, failure_status(answer))


# -- regions ----------------------------------------------------------------------------------------


@router.get("/registry/regions")
async def regions(
    request: Request, principal: Viewer, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    rows: list[dict[str, Any]] = []
    error, unavailable = None, False
    if q.strip():
        by_key = await ask(request, ops.registry.REGION_GET, {"key": q.strip()})
        if by_key.ok:
            rows = [by_key.data]
        else:
            found = await ask(request, ops.registry.REGION_SEARCH, {"text": q.strip(), "limit": 50})
            unavailable = found.unavailable
            rows = found.data if found.ok and isinstance(found.data, list) else []
            error = message_of(found.error) if found.error else None
    return render(
        request,
        "regions.html",
        section("registry", q=q, rows=rows, error=error, unavailable=unavailable, errors={}, values={}),
    )


@router.post("/registry/regions")
async def create_region(request: Request, principal: Manager) -> Response:
    form = await checked_form(request)
    values = {"name": text(form, "name"), "district_keys": text(form, "district_keys")}
    keys, unknown = districts.keys_for(split_list(values["district_keys"]))
    body = {"name": values["name"], "district_keys": keys + unknown}  # the registry names the unknown
    answer = await ask(request, ops.registry.REGION_CREATE_CUSTOM, body)
    if answer.ok:
        return redirect(f"/registry/regions?q={answer.data['key']}")
    errors = form_errors(answer)
    if unknown:  # named as typed, as every other district field names them
        errors["district_keys"] = (
            translate("districts.unknown", language_of(request)) + " " + ", ".join(unknown)
        )
    return render(
        request,
        "regions.html",
        section(
            "registry",
            q="",
            rows=[],
            error=None,
            unavailable=False,
            errors=errors,
            values=values,
        ),
        status_code=failure_status(answer),
    )


# -- responsibilities and topics --------------------------------------------------------------------


RESPONSIBILITY_FIELDS = (
    "topic",
    "organisation_id",
    "region",
    "contact_person_id",
    "substitute_person_id",
)


@router.get("/registry/responsibilities")
async def responsibilities(
    request: Request,
    principal: Viewer,
    topic: Annotated[str, Query(max_length=100)] = "",
    region: Annotated[str, Query(max_length=200)] = "",
    region_key: Annotated[str, Query(max_length=50)] = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> HTMLResponse:
    # The region is typed by name (a key, as older links carry it, is read too).
    return await _responsibilities_page(
        request, principal, topic, region.strip() or region_key.strip(), offset, {}, {}
    )


async def _responsibilities_page(
    request: Request,
    principal: Principal,
    topic: str,
    region: str,
    offset: int,
    errors: dict[str, str],
    values: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    region_key = await region_key_of(request, region)
    if region and region_key != region:
        region = region_name_of(region_key)  # a key typed is shown by its name
    body = {"topic": topic or None, "region_key": region_key or None, "offset": offset, "limit": PAGE_SIZE}
    may_manage = principal.may(Permission.MANAGE)
    # The page's lists are independent of each other: asked at the same time.
    answer, topics, people, organisations = await asyncio.gather(
        ask(request, ops.registry.RESPONSIBILITY_LIST, body),
        ask(request, ops.registry.TOPIC_LIST, {"limit": CHOICE_LIMIT}),
        hints.people_choices(request, principal),
        hints.organisation_choices(request, principal) if may_manage else _nothing(),
    )
    if answer.error and "region_key" in form_errors(answer):
        errors = errors | {"filter_region": _unknown_region(request, region)}
        status_code = 422
    page: dict[str, Any] = (
        answer.data if answer.ok and isinstance(answer.data, dict) else {"items": [], "total": 0}
    )
    person_names = {str(person["id"]): f"{person['given_name']} {person['family_name']}" for person in people}
    # Contacts the choices do not hold (people of other networks' organisations), by name.
    others = sorted(
        {
            str(row[key])
            for row in page["items"]
            for key in ("contact_person_id", "substitute_person_id")
            if row.get(key) and str(row[key]) not in person_names
        }
    )
    found = await asyncio.gather(
        *(ask(request, ops.registry.PERSON_GET, {"person_id": person_id}) for person_id in others)
    )
    for person_id, person in zip(others, found, strict=True):
        if person.ok:
            person_names[person_id] = f"{person.data['given_name']} {person.data['family_name']}"
    return render(
        request,
        "responsibilities.html",
        section(
            "registry",
            unavailable=not answer.ok,
            page=page,
            topics=items_of(topics.data) if topics.ok else [],
            person_names=person_names,
            contact_groups=contact_groups(people, organisations),
            organisations=organisations,
            filters={"topic": topic, "region": region},
            offset=offset,
            page_size=PAGE_SIZE,
            errors=errors,
            values=dict.fromkeys(RESPONSIBILITY_FIELDS, "") | {"label_de": "", "label_en": ""} | values,
        ),
        status_code=status_code,
    )


async def _nothing() -> list[dict[str, Any]]:
    return []


def _unknown_region(request: Request, typed: str) -> str:
    return translate("registry.region_unknown", language_of(request)).format(value=typed)


@router.post("/registry/responsibilities")
async def assign_responsibility(request: Request, principal: Manager) -> Response:
    form = await checked_form(request)
    values = {key: text(form, key) for key in RESPONSIBILITY_FIELDS}
    body = {key: optional(value) for key, value in values.items() if key != "region"}
    body["region_key"] = optional(await region_key_of(request, values["region"]))
    if not confirmed(form) and (asked := await _replacing(request, values, body)) is not None:
        return asked
    answer = await ask(request, ops.registry.RESPONSIBILITY_ASSIGN, body)
    if answer.ok:
        return redirect(f"/registry/responsibilities?topic={values['topic']}")
    errors = form_errors(answer)
    if "topic" in errors and not values["topic"]:
        # The topic is chosen from a list: none chosen is asked for as a choice, not as a text.
        errors["topic"] = translate("registry.topic_not_chosen", language_of(request))
    if "region_key" in errors:
        errors["region"] = (
            _unknown_region(request, values["region"]) if values["region"] else errors["region_key"]
        )
        del errors["region_key"]
    return await _responsibilities_page(request, principal, "", "", 0, errors, values, failure_status(answer))


async def _replacing(request: Request, values: dict[str, str], body: dict[str, Any]) -> HTMLResponse | None:
    """The form enters a topic × organisation × region that exists already with other contacts: the
    registry replaces it, so the page asks first, naming whom it replaces by whom (else ``None``)."""
    if not (body["topic"] and body["organisation_id"] and body["region_key"]):
        return None
    listed = await ask(
        request,
        ops.registry.RESPONSIBILITY_LIST,
        {
            "topic": body["topic"],
            "organisation_id": body["organisation_id"],
            "region_key": body["region_key"],
        },
    )
    rows = items_of(listed.data) if listed.ok else []
    row = next((row for row in rows if row["region_key"] == body["region_key"]), None)
    people = ("contact_person_id", "substitute_person_id")
    if row is None or all(str(row.get(key) or "") == str(body.get(key) or "") for key in people):
        return None
    language = language_of(request)

    async def name_of(person_id: object) -> str:
        if not person_id:
            return translate("registry.no_one", language)
        found = await ask(request, ops.registry.PERSON_GET, {"person_id": str(person_id)})
        return f"{found.data['given_name']} {found.data['family_name']}" if found.ok else str(person_id)

    question = translate("registry.replace_responsibility_question", language).format(
        topic=term("topic", row["topic"], language, row.get("topic_label")),
        organisation=row["organisation_name"],
        region=districts.label(str(row["region_key"])),
    )
    consequences = [
        translate("registry.replace_responsibility_now", language).format(
            contact=await name_of(row.get("contact_person_id")),
            substitute=await name_of(row.get("substitute_person_id")),
        ),
        translate("registry.replace_responsibility_then", language).format(
            contact=await name_of(body.get("contact_person_id")),
            substitute=await name_of(body.get("substitute_person_id")),
        ),
    ]
    return confirmation_page(
        request,
        question=question,
        consequences=consequences,
        action="/registry/responsibilities",
        yes=translate("registry.replace_yes", language),
        back="/registry/responsibilities",
        fields=values,
    )


@router.post("/registry/responsibilities/{responsibility_id}/remove")
async def remove_responsibility(
    request: Request, responsibility_id: uuid.UUID, principal: Manager
) -> Response:
    """The form names the organisation; the registry's list of that organisation's
    responsibilities confirms it, so a forged organisation id finds nothing."""
    form = await checked_form(request)
    organisation_id = text(form, "organisation_id")
    listed = data_of(
        await ask(
            request, ops.registry.RESPONSIBILITY_LIST, {"organisation_id": organisation_id, "limit": 200}
        )
    )
    row = next((row for row in listed["items"] if row["id"] == str(responsibility_id)), None)
    if row is None:
        raise NotFound.for_field("responsibility_id", "no such responsibility of this organisation")
    if not confirmed(form):
        language = language_of(request)
        question = translate("registry.remove_responsibility_question", language).format(
            topic=term("topic", row["topic"], language, row.get("topic_label")),
            organisation=row["organisation_name"],
            region=districts.label(str(row["region_key"])),
        )
        return confirmation_page(
            request,
            question=question,
            consequences=[translate("registry.remove_responsibility_text", language)],
            action=f"/registry/responsibilities/{responsibility_id}/remove",
            yes=translate("registry.remove_yes", language),
            back="/registry/responsibilities",
            fields={"organisation_id": organisation_id},
        )
    data_of(
        await ask(request, ops.registry.RESPONSIBILITY_REMOVE, {"responsibility_id": str(responsibility_id)})
    )
    return redirect("/registry/responsibilities")


@router.post("/registry/topics")
async def create_topic(request: Request, principal: Manager) -> Response:
    """Staff name a topic in German and English; the registry derives its code from the German."""
    form = await checked_form(request)
    values = {key: text(form, key) for key in ("label_de", "label_en")}
    answer = await ask(request, ops.registry.TOPIC_CREATE, values)
    if answer.ok:
        return redirect(f"/registry/responsibilities?topic={quote(str(data_of(answer)['code']))}")
    return await _responsibilities_page(
        request, principal, "", "", 0, form_errors(answer), values, failure_status(answer)
    )
