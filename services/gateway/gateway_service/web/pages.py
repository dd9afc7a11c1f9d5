"""What the staff pages share: route guards, the sub-navigation of each section, turning service
answers into page data or errors, and field messages for forms."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.datastructures import FormData

from gateway_service.auth import Principal
from gateway_service.i18n import translate
from gateway_service.security.roles import Permission
from gateway_service.web import districts
from gateway_service.web.guards import staff, text
from gateway_service.web.messages import detail_message, message_of, page_language
from gateway_service.web.services import Answer, ask
from netzwerkstatt import operations as ops
from netzwerkstatt.errors import ServiceError, Unavailable
from netzwerkstatt.principal import OTHER_NETWORK

Viewer = Annotated[Principal, Depends(staff(Permission.VIEW))]
Manager = Annotated[Principal, Depends(staff(Permission.MANAGE))]
Operator = Annotated[Principal, Depends(staff(Permission.OPERATE))]

PAGE_SIZE = 25
# Selects of organisations and people show at most this many entries (the registry's page limit).
CHOICE_LIMIT = 200
# The pages show an event's invitations, registrations and agreements on one page (the largest
# page the events service gives).
EVENT_LIST_LIMIT = 500


@dataclass(frozen=True)
class NavLink:
    path: str
    title: str  # catalogue key
    manage: bool = False  # a page for those who may change data only (not offered to read-only)


NAVIGATION: dict[str, tuple[NavLink, ...]] = {
    "registry": (
        NavLink("/registry/organisations", "registry.organisations"),
        NavLink("/registry/people", "registry.people"),
        NavLink("/registry/networks", "registry.networks"),
        NavLink("/registry/regions", "registry.regions"),
        NavLink("/registry/responsibilities", "registry.responsibilities"),
        NavLink("/registry/interface-papers", "registry.interface_paper"),
        NavLink("/registry/import", "registry.import", manage=True),
    ),
    "events": (
        NavLink("/events/events", "events.events"),
        NavLink("/events/calendar", "calendar.title"),
        NavLink("/events/series", "events.series"),
        NavLink("/events/agreements", "events.agreements"),
        NavLink("/events/groupwork", "events.groupwork"),
    ),
    "feedback": (
        NavLink("/feedback/surveys", "feedback.surveys"),
        NavLink("/feedback/templates", "feedback.templates"),
    ),
    "notifications": (
        NavLink("/notifications/deliveries", "notifications.deliveries"),
        NavLink("/notifications/failed", "notifications.failed"),
        NavLink("/notifications/templates", "notifications.templates"),
        NavLink("/notifications/mails", "notifications.mails"),
    ),
}


def section_links(section: str) -> list[NavLink]:
    """The sub-navigation of a section."""
    return list(NAVIGATION.get(section, ()))


def section(section_name: str, /, **values: Any) -> dict[str, Any]:
    """A page's context with its section's sub-navigation."""
    return {"section": section_name, "links": section_links(section_name), **values}


def data_of(answer: Answer) -> Any:
    """The answer's data; a refusal or silence becomes the error page (with its HTTP status)."""
    if answer.unavailable:
        raise Unavailable("the responsible service does not answer right now")
    if answer.error is not None:
        raise answer.error
    return answer.data


def field_errors(error: ServiceError) -> dict[str, str]:
    """Field messages by the form field they belong to (``region_keys.0`` → ``region_keys``)."""
    errors: dict[str, str] = {}
    for detail in error.details:
        # Belonging to another network concerns the whole form, not the network field some forms have.
        name = "form" if detail.code == OTHER_NETWORK else detail.field.split(".")[0] or "form"
        message = detail_message(detail)
        if name not in errors:
            errors[name] = message
        elif message not in errors[name]:
            errors[name] = f"{errors[name]} {message}"
    if not errors:
        errors["form"] = message_of(error)
    return errors


def form_errors(answer: Answer) -> dict[str, str]:
    """A refusal's messages by field; a service that did not answer is said in words at ``form``
    (nothing was saved), like any refusal of the form as a whole."""
    if answer.error is not None:
        return field_errors(answer.error)
    return {"form": translate("error.not_saved", page_language.get())} if answer.unavailable else {}


def with_own_errors(answer: Answer, own: dict[str, str]) -> dict[str, str]:
    """Every problem of a form in one pass: the owning service's field messages together with the
    gateway's own for the fields it could not read (a district name, a contact line). Such a value
    goes to the service as typed, which refuses it, so nothing is saved; at its field the
    gateway's words stand, and they stand too when the service stopped at another field first."""
    return form_errors(answer) | own if own else form_errors(answer)


def refusal_reason(answer: Answer) -> str | None:
    """A refusal's own words for a page of its own (another network's, named), else none: the page
    then says the role does not permit it."""
    return message_of(answer.error) if answer.error is not None and answer.error.details else None


def is_stale(answer: Answer) -> bool:
    """Refused because the record was changed since its form was opened."""
    return answer.error is not None and any(d.code == "stale_version" for d in answer.error.details)


def same_input(typed: object, stored: object) -> bool:
    """Do a form's input and the stored value (as the form shows it) say the same? Blanks, empty
    lines and the order of a list's entries (checkboxes) aside."""
    return _normalised(typed) == _normalised(stored)


def _normalised(value: object) -> list[str]:
    if isinstance(value, list | tuple | set):
        return sorted(str(entry) for entry in value)
    lines = str(value if value is not None else "").replace(",", "\n").splitlines()
    return [" ".join(line.split()) for line in lines if line.strip()]


def differing_fields(
    typed: Mapping[str, Any], stored: Mapping[str, Any], labels: Mapping[str, str]
) -> list[str]:
    """The words (``labels``: field → catalogue key) of the fields whose input differs from the
    stored value, in the order of ``labels``."""
    language = page_language.get()
    return [
        translate(label, language)
        for key, label in labels.items()
        if not same_input(typed.get(key), stored.get(key))
    ]


def stale_notice(differing: Sequence[str]) -> str:
    """What a form refused as stale says at ``expected_version``: the input is still in the form,
    which fields of it differ from what is stored now (``differing``, their labels), and that saving
    again replaces the stored state. The form then carries the version stored now, so the second
    save is a decision taken knowingly, not a blind overwrite."""
    language = page_language.get()
    if not differing:
        return translate("form.stale_same", language)
    return translate("form.stale_kept", language).format(fields=", ".join(differing))


def failure_status(answer: Answer) -> int:
    if answer.unavailable:
        return 503
    assert answer.error is not None
    return {"not_found": 404, "conflict": 409, "forbidden": 403}.get(answer.error.code.value, 422)


def split_list(value: str) -> list[str]:
    """Comma- or line-separated entries, trimmed, empty ones left out."""
    return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]


async def region_key_of(request: Request, typed: str) -> str:
    """The key of a region staff typed by name: a district, city, Land or Berlin Bezirk by its name
    ("Leipzig" is the city, "Leipzig (Landkreis)" or "Landkreis Leipzig" the district), a custom
    region by its name; a key as it is. A name that means nothing goes on as typed, for the
    registry to refuse at its field."""
    typed = typed.strip()
    if not typed:
        return ""
    key = districts.key_for(typed)
    if key is not None:
        return key
    found = await ask(request, ops.registry.REGION_SEARCH, {"text": typed, "kinds": ["custom"], "limit": 20})
    named = [
        region["key"]
        for region in (found.data if found.ok and isinstance(found.data, list) else [])
        if districts.fold(region["name"]) == districts.fold(typed)
    ]
    return named[0] if len(named) == 1 else typed


def region_name_of(key: str) -> str:
    """What a region field shows for a key: a shipped region's name, anything else as it is."""
    return districts.label(key) if key else ""


def optional(value: str) -> str | None:
    return value or None


def uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def new_record_id(form: FormData | None = None) -> str:
    """The id of the record a create form makes: chosen when the form is shown and sent along with
    it (hidden field ``id``), so that the form sent twice (a double click, a reload) names the same
    record, which the owning service makes once (see ``sent_before``)."""
    chosen = uuid_or_none(text(form, "id")) if form is not None else None
    return str(chosen or uuid.uuid4())


def sent_before(answer: Answer) -> bool:
    """A create refused because its own new id is taken: the same form was sent before and its
    record exists. The page then goes on as after the first sending."""
    return answer.error is not None and any(
        detail.field == "id" and detail.code == "duplicate_id" for detail in answer.error.details
    )


def checked(form: FormData, name: str) -> bool:
    return form.get(name) in ("on", "true", "1", "yes")
