"""The Schnittstellenpapier of a region or network: preview, issue (versioned snapshot), read. The paper
travels as data and codes; the gateway renders it as printable HTML, CSV and XLSX in the reader's language."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.registry import (
    InterfacePaperIssued,
    InterfacePaperRef,
    InterfacePaperScope,
    InterfacePaperSummary,
    InterfacePaperView,
    IssueInterfacePaper,
    ListInterfacePapers,
    PersonView,
)
from netzwerkstatt.db import DatabaseDep, hold_chosen_id, utcnow
from netzwerkstatt.errors import Conflict, NotFound
from netzwerkstatt.principal import Access, Principal, require_change
from registry_service.api import views
from registry_service.api.operations import operations
from registry_service.api.organisations import region_filter
from registry_service.domain import paper, regionlookup
from registry_service.store import organisations as organisation_store
from registry_service.store import papers as paper_store
from registry_service.store import responsibilities as responsibility_store

_ALL = 100_000


async def build_current(
    session: AsyncSession,
    scope_request: InterfacePaperScope,
    *,
    title: str | None = None,
) -> InterfacePaperView:
    """The paper for a region or network built from the registry's data as it is now."""
    custom = await views.custom_regions(session)
    if scope_request.region_key is not None:
        keys = region_filter(scope_request.region_key, custom)
        region = regionlookup.view_of(scope_request.region_key, custom)
        assert region is not None
        scope = paper.Scope("region", region.key, region.name, region.district_keys)
        organisations, _ = await organisation_store.list_organisations(
            session, name=None, type_=None, include_archived=False, offset=0, limit=_ALL, region_keys=keys
        )
    else:
        assert scope_request.network_id is not None
        network = await views.load_network(session, scope_request.network_id, custom)
        if network is None:
            raise NotFound.for_field(
                "network_id", f"there is no network with id {scope_request.network_id}", "unknown_network"
            )
        scope = paper.Scope("network", str(network.id), network.name, network.district_keys)
        member_ids = set(network.member_organisation_ids)
        if network.coordinating_organisation_id:
            member_ids.add(network.coordinating_organisation_id)
        organisations = [
            row
            for row in (await organisation_store.organisations_by_id(session, member_ids)).values()
            if not row["archived"]
        ]
        touching: set[str] = set()
        for key in network.region_keys:
            touching |= regionlookup.touching(key, custom)
        keys = sorted(touching) if touching else None
    responsibilities, _ = await responsibility_store.list_responsibilities(
        session, organisation_ids=[row["id"] for row in organisations], region_keys=keys
    )
    named = [
        person_id
        for row in responsibilities
        for person_id in (row["contact_person_id"], row["substitute_person_id"])
        if person_id is not None
    ]
    people: dict[uuid.UUID, PersonView] = {view.id: view for view in await views.load_people(session, named)}
    return paper.build(
        scope,
        title=title,
        organisations=organisations,
        responsibilities=responsibilities,
        people=people,
        topic_labels=await views.topic_labels(session),
    )


async def _stored(session: AsyncSession, paper_id: uuid.UUID) -> InterfacePaperView:
    row = await paper_store.get_paper(session, paper_id)
    if row is None:
        raise NotFound.for_field(
            "paper_id", f"there is no Schnittstellenpapier with id {paper_id}", "unknown_paper"
        )
    return InterfacePaperView.model_validate(row["content"])


@operations("interface_paper.preview", access=Access.READ)
async def preview_interface_paper(request: InterfacePaperScope, db: DatabaseDep) -> InterfacePaperView:
    """The paper as it would be issued now (not stored)."""
    async with db.read() as session:
        return await build_current(session, request)


@operations("interface_paper.issue", access=Access.CHANGE)
async def issue_interface_paper(
    request: IssueInterfacePaper, principal: Principal, db: DatabaseDep
) -> InterfacePaperView:
    """Issue the next version of the paper: an immutable snapshot that later changes do not touch.
    With an id of the caller's (a form's), once for that id: a second issue with it is refused as
    ``duplicate_id`` and issues nothing."""
    async with db.unit_of_work() as uow:
        if request.network_id is not None:  # a network's paper is issued by its coordinators
            require_change(principal, request.network_id)
        if request.id is not None:
            await hold_chosen_id(uow.session, "interface_paper", request.id)
            if await paper_store.get_paper(uow.session, request.id) is not None:
                raise Conflict.for_field(
                    "id", f"the paper with id {request.id} is issued already", "duplicate_id"
                )
        draft = await build_current(uow.session, request, title=request.title)
        version = await paper_store.next_paper_version(uow.session, draft.scope_kind, draft.scope_key)
        paper_id, issued_at = request.id or uuid.uuid4(), utcnow()
        issued = draft.model_copy(update={"id": paper_id, "version": version, "issued_at": issued_at})
        await paper_store.insert_paper(
            uow.session,
            {
                "id": paper_id,
                "scope_kind": issued.scope_kind,
                "scope_key": issued.scope_key,
                "version": version,
                "title": issued.title,
                "issued_at": issued_at,
                "content": issued.model_dump(mode="json"),
                "person_ids": paper.named_people(issued),
                "redactions": 0,
            },
        )
        await uow.record(
            InterfacePaperIssued(
                paper_id=paper_id, scope_kind=issued.scope_kind, scope_key=issued.scope_key, version=version
            ),
            subject=paper_id,
        )
    return issued


@operations("interface_paper.get", access=Access.READ)
async def get_interface_paper(request: InterfacePaperRef, db: DatabaseDep) -> InterfacePaperView:
    async with db.read() as session:
        return await _stored(session, request.paper_id)


@operations("interface_paper.list", access=Access.READ)
async def list_interface_papers(request: ListInterfacePapers, db: DatabaseDep) -> Page[InterfacePaperSummary]:
    """Issued papers, newest first; optionally of one region or network."""
    scope_kind = "region" if request.region_key else "network" if request.network_id else None
    scope_key = request.region_key or (str(request.network_id) if request.network_id else None)
    async with db.read() as session:
        rows, total = await paper_store.list_papers(
            session, scope_kind=scope_kind, scope_key=scope_key, offset=request.offset, limit=request.limit
        )
    return Page[InterfacePaperSummary](
        items=[InterfacePaperSummary.model_validate(row) for row in rows],
        total=total,
        offset=request.offset,
        limit=request.limit,
    )
