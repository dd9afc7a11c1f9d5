"""The right of access (Art. 15 GDPR) as a page to print and hand to the person: what the JSON
document (``personal_data.py``) holds, service by service, in the reader's words. Codes become
the catalogue's words, ids become the names of organisations and events (or are left out where the
person could not use them), moments are German local time; the purposes, recipients, storage
duration, what erasure would do and the person's rights follow in plain words."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from gateway_service.i18n import Language, language_from
from gateway_service.personal_data import ERASURE_REACH, PersonalDataExport, export_personal_data
from gateway_service.web.pages import Manager, section
from gateway_service.web.rendering import render
from gateway_service.web.services import rpc_of

router = APIRouter(include_in_schema=False)

# The areas of the page, in the order a person reads them, with the services whose data they show.
AREAS = ("registry", "events", "feedback", "notifications")
# The person's rights the page names (Art. 15(1)(e) and (f) GDPR, and withdrawing a consent).
RIGHTS = ("rectification", "erasure", "restriction", "consent", "complaint")


@router.get("/registry/people/{person_id}/personal-data")
async def personal_data_page(
    request: Request, person_id: uuid.UUID, principal: Manager, language: Language | None = None
) -> HTMLResponse:
    """The printable Art. 15 document: the same data and the same guard as the JSON download
    (``/registry/people/{id}/personal-data.json``): whoever looks after the person's record; an
    unknown or erased person, another network's person or a silent service are the same refusals,
    as pages. It is written for the person, so in their language unless staff choose the other."""
    exported = await export_personal_data(rpc_of(request), person_id)
    written_in = language or language_from(exported.registry.person.language)
    context = section("registry", **words_of(exported), written_in=written_in)
    return render(request, "personal_data.html", context, language=written_in)


def words_of(exported: PersonalDataExport) -> dict[str, Any]:
    """What the template needs besides the document: names instead of ids, and the erasure reach
    grouped by area."""
    person = exported.registry.person
    organisations = {
        membership.organisation_id: membership.organisation_name for membership in person.memberships
    }
    events: dict[uuid.UUID, str] = {}
    for invitation in exported.events.invitations:
        events.setdefault(invitation.event_id, invitation.event_title)
    for registration in exported.events.registrations:
        events.setdefault(registration.event_id, registration.event_title)
    for survey in exported.feedback.invited_to_open_surveys:
        events.setdefault(survey.event_id, survey.title)
    surveys = {survey.survey_id: survey.title for survey in exported.feedback.invited_to_open_surveys}
    reach: dict[str, list[Any]] = {}
    for part in exported.erasure:
        reach.setdefault(part.service, []).append(part)
    return {
        "document": exported,
        "person": person,
        "name": " ".join(part for part in (person.title, person.given_name, person.family_name) if part),
        "organisation_names": organisations,
        "event_titles": events,
        "pending_surveys": [surveys.get(survey_id) for survey_id in exported.feedback.links_not_yet_sent],
        "areas": AREAS,
        "rights": RIGHTS,
        "erasure_by_area": [(service, reach[service]) for service in (*AREAS, "gateway") if service in reach],
    }


def erasure_keys() -> set[str]:
    """The catalogue keys the erasure reach is worded by (a test checks that each is there)."""
    keys: set[str] = set()
    for part in ERASURE_REACH:
        keys |= {
            f"access.area_{part.service}",
            f"access.data_{part.data}",
            f"access.outcome_{part.on_erasure}",
        }
    return keys
