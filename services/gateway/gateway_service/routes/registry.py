"""JSON API of the registry: regions, organisations, people, networks, responsibilities, the
Schnittstellenpapier (with file downloads), import, and the data-protection operations."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel, Field

from gateway_service.i18n import Language
from gateway_service.idempotency import forget_answers_about
from gateway_service.personal_data import PersonalDataExport, export_personal_data
from gateway_service.routes import Rpc
from gateway_service.web import paper_files
from gateway_service.web.rendering import language_of
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts import (
    Changes,
    Page,
)
from netzwerkstatt.contracts import Request as RequestBody
from netzwerkstatt.contracts.registry import (
    AssignResponsibility,
    CreateCustomRegion,
    CreateNetwork,
    CreateOrganisation,
    CreatePerson,
    CreateTopic,
    ErasureView,
    ImportFile,
    ImportReportView,
    ImportResultView,
    InterfacePaperScope,
    InterfacePaperSummary,
    InterfacePaperView,
    IssueInterfacePaper,
    ListInterfacePapers,
    ListNetworks,
    ListOrganisations,
    ListPeople,
    ListResponsibilities,
    ListTopics,
    NetworkChange,
    NetworkView,
    OrganisationChange,
    OrganisationView,
    PersonChange,
    PersonExport,
    PersonView,
    RegionView,
    ResponsibilityView,
    TopicView,
)

router = APIRouter(tags=["registry"])

R = TypeVar("R")


def _changes(target: str, target_id: uuid.UUID, body: BaseModel) -> dict[str, Any]:
    """A partial change: only the fields the client sent (so ``null`` can clear a field)."""
    return {target: str(target_id), **body.model_dump(mode="json", exclude_unset=True)}


# -- regions ----------------------------------------------------------------------------------------


@router.get("/regions", response_model=list[RegionView])
async def search_regions(
    client: Rpc,
    text: Annotated[str, Query(min_length=1, examples=["Halle"])],
    kinds: Annotated[list[str] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[RegionView]:
    body = {"text": text, "kinds": kinds, "limit": limit}
    return await client.send(ops.registry.REGION_SEARCH, body)


@router.get("/regions/{key}", response_model=RegionView)
async def get_region(key: str, client: Rpc) -> RegionView:
    return await client.send(ops.registry.REGION_GET, {"key": key})


@router.post("/regions", status_code=status.HTTP_201_CREATED, response_model=RegionView)
async def create_custom_region(body: CreateCustomRegion, client: Rpc) -> RegionView:
    return await client.send(ops.registry.REGION_CREATE_CUSTOM, body)


# -- organisations ----------------------------------------------------------------------------------


class OrganisationChanges(OrganisationChange, Changes):
    """The body of a change: the contract's fields; null only where the contract allows it."""


@router.post("/organisations", status_code=status.HTTP_201_CREATED, response_model=OrganisationView)
async def create_organisation(body: CreateOrganisation, client: Rpc) -> OrganisationView:
    return await client.send(ops.registry.ORGANISATION_CREATE, body)


@router.get("/organisations", response_model=Page[OrganisationView])
async def list_organisations(
    client: Rpc, query: Annotated[ListOrganisations, Query()]
) -> Page[OrganisationView]:
    return await client.send(ops.registry.ORGANISATION_LIST, query)


@router.get("/organisations/{organisation_id}", response_model=OrganisationView)
async def get_organisation(organisation_id: uuid.UUID, client: Rpc) -> OrganisationView:
    return await client.send(ops.registry.ORGANISATION_GET, {"organisation_id": str(organisation_id)})


@router.patch("/organisations/{organisation_id}", response_model=OrganisationView)
async def update_organisation(
    request: Request, organisation_id: uuid.UUID, body: OrganisationChanges, client: Rpc
) -> OrganisationView:
    return await client.send(
        ops.registry.ORGANISATION_UPDATE, _changes("organisation_id", organisation_id, body)
    )


@router.post("/organisations/{organisation_id}/archive", response_model=OrganisationView)
async def archive_organisation(request: Request, organisation_id: uuid.UUID, client: Rpc) -> OrganisationView:
    return await client.send(ops.registry.ORGANISATION_ARCHIVE, {"organisation_id": str(organisation_id)})


# -- people -----------------------------------------------------------------------------------------


class PersonChanges(PersonChange, Changes):
    """The body of a change: the contract's fields; null only where the contract allows it."""


class MembershipBody(RequestBody):
    function: str | None = Field(default=None, max_length=200, examples=["Teamleitung"])
    decision_maker: bool = False
    substitute_person_id: uuid.UUID | None = None
    start_date: date | None = None


class MembershipEndBody(RequestBody):
    end_date: date | None = None


@router.post("/people", status_code=status.HTTP_201_CREATED, response_model=PersonView)
async def create_person(request: Request, body: CreatePerson, client: Rpc) -> PersonView:
    return await client.send(ops.registry.PERSON_CREATE, body)


@router.get("/people", response_model=Page[PersonView])
async def list_people(client: Rpc, query: Annotated[ListPeople, Query()]) -> Page[PersonView]:
    return await client.send(ops.registry.PERSON_LIST, query)


@router.get("/people/{person_id}", response_model=PersonView)
async def get_person(person_id: uuid.UUID, client: Rpc) -> PersonView:
    return await client.send(ops.registry.PERSON_GET, {"person_id": str(person_id)})


@router.patch("/people/{person_id}", response_model=PersonView)
async def update_person(
    request: Request, person_id: uuid.UUID, body: PersonChanges, client: Rpc
) -> PersonView:
    return await client.send(ops.registry.PERSON_UPDATE, _changes("person_id", person_id, body))


@router.put("/people/{person_id}/memberships/{organisation_id}", response_model=PersonView)
async def save_membership(
    request: Request, person_id: uuid.UUID, organisation_id: uuid.UUID, body: MembershipBody, client: Rpc
) -> PersonView:
    payload = {
        "person_id": str(person_id),
        "organisation_id": str(organisation_id),
        **body.model_dump(mode="json"),
    }
    return await client.send(ops.registry.PERSON_MEMBERSHIP_SAVE, payload)


@router.post("/people/{person_id}/memberships/{organisation_id}/end", response_model=PersonView)
async def end_membership(
    request: Request, person_id: uuid.UUID, organisation_id: uuid.UUID, body: MembershipEndBody, client: Rpc
) -> PersonView:
    payload = {
        "person_id": str(person_id),
        "organisation_id": str(organisation_id),
        **body.model_dump(mode="json"),
    }
    return await client.send(ops.registry.PERSON_MEMBERSHIP_END, payload)


@router.post("/people/{person_id}/erase", response_model=ErasureView)
async def erase_person(request: Request, person_id: uuid.UUID, client: Rpc) -> ErasureView:
    """Remove the person's data from the registry and tell every service to do the same. Answers
    kept for retries (``Idempotency-Key``) that mention the person are forgotten too."""
    erased: ErasureView = await client.send(ops.registry.PERSON_ERASE, {"person_id": str(person_id)})
    await forget_answers_about(request, person_id)
    return erased


@router.get("/people/{person_id}/personal-data", response_model=PersonalDataExport)
async def personal_data(request: Request, person_id: uuid.UUID, client: Rpc) -> PersonalDataExport:
    """Everything every service holds about the person (right of access, Art. 15 GDPR) as one JSON
    document, with what erasure does to each part; refused when a service does not answer."""
    return await export_personal_data(client, person_id)


@router.get("/people/{person_id}/export", response_model=PersonExport)
async def export_person(person_id: uuid.UUID, client: Rpc) -> PersonExport:
    """Everything the registry holds about the person (right of access), as JSON."""
    return await client.send(ops.registry.PERSON_EXPORT, {"person_id": str(person_id)})


# -- networks ---------------------------------------------------------------------------------------


class NetworkChanges(NetworkChange, Changes):
    """The body of a change: the contract's fields; null only where the contract allows it."""


@router.post("/networks", status_code=status.HTTP_201_CREATED, response_model=NetworkView)
async def create_network(body: CreateNetwork, client: Rpc) -> NetworkView:
    return await client.send(ops.registry.NETWORK_CREATE, body)


@router.get("/networks", response_model=Page[NetworkView])
async def list_networks(client: Rpc, query: Annotated[ListNetworks, Query()]) -> Page[NetworkView]:
    return await client.send(ops.registry.NETWORK_LIST, query)


@router.get("/networks/{network_id}", response_model=NetworkView)
async def get_network(network_id: uuid.UUID, client: Rpc) -> NetworkView:
    return await client.send(ops.registry.NETWORK_GET, {"network_id": str(network_id)})


@router.patch("/networks/{network_id}", response_model=NetworkView)
async def update_network(
    request: Request, network_id: uuid.UUID, body: NetworkChanges, client: Rpc
) -> NetworkView:
    return await client.send(ops.registry.NETWORK_UPDATE, _changes("network_id", network_id, body))


# -- topics and responsibilities --------------------------------------------------------------------


@router.get("/topics", response_model=Page[TopicView])
async def list_topics(client: Rpc, query: Annotated[ListTopics, Query()]) -> Page[TopicView]:
    return await client.send(ops.registry.TOPIC_LIST, query)


@router.post("/topics", status_code=status.HTTP_201_CREATED, response_model=TopicView)
async def create_topic(body: CreateTopic, client: Rpc) -> TopicView:
    return await client.send(ops.registry.TOPIC_CREATE, body)


@router.post("/responsibilities", response_model=ResponsibilityView)
async def assign_responsibility(
    request: Request, body: AssignResponsibility, client: Rpc
) -> ResponsibilityView:
    return await client.send(ops.registry.RESPONSIBILITY_ASSIGN, body)


@router.get("/responsibilities", response_model=Page[ResponsibilityView])
async def list_responsibilities(
    client: Rpc, query: Annotated[ListResponsibilities, Query()]
) -> Page[ResponsibilityView]:
    return await client.send(ops.registry.RESPONSIBILITY_LIST, query)


@router.delete("/responsibilities/{responsibility_id}", response_model=ResponsibilityView)
async def remove_responsibility(
    request: Request, responsibility_id: uuid.UUID, client: Rpc
) -> ResponsibilityView:
    body = {"responsibility_id": str(responsibility_id)}
    return await client.send(ops.registry.RESPONSIBILITY_REMOVE, body)


# -- Schnittstellenpapier ---------------------------------------------------------------------------


@router.get("/interface-papers/preview", response_model=InterfacePaperView)
async def preview_interface_paper(
    client: Rpc, query: Annotated[InterfacePaperScope, Query()]
) -> InterfacePaperView:
    """The paper of a region or network as it would be issued now."""
    return await client.send(ops.registry.INTERFACE_PAPER_PREVIEW, query)


@router.post("/interface-papers", status_code=status.HTTP_201_CREATED, response_model=InterfacePaperView)
async def issue_interface_paper(
    request: Request, body: IssueInterfacePaper, client: Rpc
) -> InterfacePaperView:
    """Issue the next version as an immutable snapshot."""
    return await client.send(ops.registry.INTERFACE_PAPER_ISSUE, body)


@router.get("/interface-papers", response_model=Page[InterfacePaperSummary])
async def list_interface_papers(
    client: Rpc, query: Annotated[ListInterfacePapers, Query()]
) -> Page[InterfacePaperSummary]:
    return await client.send(ops.registry.INTERFACE_PAPER_LIST, query)


@router.get("/interface-papers/{paper_id}", response_model=InterfacePaperView)
async def get_interface_paper(paper_id: uuid.UUID, client: Rpc) -> InterfacePaperView:
    return await client.send(ops.registry.INTERFACE_PAPER_GET, {"paper_id": str(paper_id)})


@router.get(
    "/interface-papers/{paper_id}/file.{file_format}",
    response_class=Response,
    responses={200: {"content": {"text/html": {}, "text/csv": {}, "application/octet-stream": {}}}},
)
async def download_interface_paper(
    request: Request,
    paper_id: uuid.UUID,
    file_format: paper_files.FileFormat,
    client: Rpc,
    language: Annotated[Language | None, Query(description="Defaults to the UI's language, German")] = None,
) -> Response:
    """The issued paper as printable HTML, CSV or XLSX, in German or English."""
    paper = await client.send(ops.registry.INTERFACE_PAPER_GET, {"paper_id": str(paper_id)})
    disposition = "inline" if file_format == "html" else "attachment"
    return paper_files.paper_file(
        paper.model_dump(mode="json"),
        file_format,
        language or language_of(request),
        disposition=disposition,
    )


# -- import -----------------------------------------------------------------------------------------


@router.post("/imports/dry-run", response_model=ImportReportView)
async def dry_run_import(body: ImportFile, client: Rpc) -> ImportReportView:
    """Check a CSV or XLSX file of organisations or people without saving anything."""
    return await client.send(ops.registry.IMPORT_DRY_RUN, body)


@router.post("/imports", response_model=ImportResultView)
async def run_import(request: Request, body: ImportFile, client: Rpc) -> ImportResultView:
    """Import the file: every row, or nothing if a row has a problem."""
    return await client.send(ops.registry.IMPORT_RUN, body)
