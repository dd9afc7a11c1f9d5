"""Responsibilities (Zuständigkeiten): topic × organisation × region, with contact and substitute."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.registry import (
    AssignResponsibility,
    CreateTopic,
    ListResponsibilities,
    ListTopics,
    ResponsibilityRef,
    ResponsibilityRemoved,
    ResponsibilityView,
    TopicView,
)
from netzwerkstatt.db import DatabaseDep, UnitOfWork
from netzwerkstatt.errors import Conflict, FieldError, NotFound, ServiceError
from netzwerkstatt.names import name_key
from netzwerkstatt.principal import Access, Principal
from registry_service.api import scope, views
from registry_service.api.operations import operations
from registry_service.api.organisations import region_filter
from registry_service.domain import Problems, regionlookup, topics
from registry_service.store import organisations as organisation_store
from registry_service.store import people as person_store
from registry_service.store import responsibilities as responsibility_store
from registry_service.vocabulary import RESPONSIBILITY_TOPIC_LABELS


async def all_topics(session: AsyncSession) -> list[TopicView]:
    built_in = [
        TopicView(code=topic.value, label_de=label.de, label_en=label.en, built_in=True)
        for topic, label in RESPONSIBILITY_TOPIC_LABELS.items()
    ]
    added = [
        TopicView(code=row["code"], label_de=row["label_de"], label_en=row["label_en"], built_in=False)
        for row in await responsibility_store.custom_topics(session)
    ]
    return built_in + added


async def _names_taken(session: AsyncSession, request: CreateTopic) -> ServiceError | None:
    """A refusal naming each label another topic (built in or added) has already, compared without
    case or spacing (``name_key``); people tell topics apart by their names, in either language."""
    wanted = {"label_de": request.label_de, "label_en": request.label_en}
    taken = [
        {"label_de": label.de, "label_en": label.en} for label in RESPONSIBILITY_TOPIC_LABELS.values()
    ] + await responsibility_store.topics_labelled(session, request.label_de, request.label_en)
    details = [
        FieldError(
            field=field,
            message=f"a topic named {name!r} exists already",
            code="topic_name_taken",
            params={"name": name},
        )
        for field, name in wanted.items()
        if any(name_key(str(topic[field])) == name_key(name) for topic in taken)
    ]
    return Conflict("a topic of this name exists already", details) if details else None


async def add_topic(uow: UnitOfWork, request: CreateTopic) -> TopicView:
    """A topic with the code given, or without one with the code derived from its German label (made
    unique among the topics there are, in the write's transaction), and with names no other topic
    has (unique indexes on the names' keys decide a race)."""
    taken = {topic.code for topic in await all_topics(uow.session)}
    code = request.code if request.code is not None else topics.unique_code(request.label_de, taken)
    if code in taken:
        raise Conflict.for_field("code", f"the topic {code!r} exists already", "duplicate")
    if refusal := await _names_taken(uow.session, request):
        raise refusal
    try:
        async with uow.session.begin_nested():
            await responsibility_store.insert_topic(uow.session, code, request.label_de, request.label_en)
    except sa.exc.IntegrityError:
        if refusal := await _names_taken(uow.session, request):
            raise refusal from None
        field = "code" if request.code is not None else "label_de"
        raise Conflict.for_field(field, f"the topic {code!r} exists already", "duplicate") from None
    return TopicView(code=code, label_de=request.label_de, label_en=request.label_en, built_in=False)


async def assign(
    uow: UnitOfWork, request: AssignResponsibility, responsibility_id: uuid.UUID | None = None
) -> ResponsibilityView:
    """Who answers for the topic: the contact person and the substitute are current members of the
    responsible organisation (a membership there not ended)."""
    session = uow.session
    problems = Problems()
    labels = await views.topic_labels(session)
    if request.topic not in labels:
        problems.add("topic", f"unknown topic {request.topic!r}; add it as a topic first", "unknown_topic")
    organisation = await organisation_store.get_organisation(session, request.organisation_id)
    if organisation is None:
        problems.add(
            "organisation_id",
            f"there is no organisation with id {request.organisation_id}",
            "unknown_organisation",
        )
    elif organisation["archived"]:
        problems.add("organisation_id", f"{organisation['name']!r} is archived", "archived_organisation")
    message = regionlookup.problem_with_region_key(request.region_key, await views.custom_regions(session))
    if message:
        problems.add("region_key", message, "unknown_region")
    people = [request.contact_person_id, request.substitute_person_id]
    known = await person_store.existing_people(session, [person for person in people if person])
    members = await person_store.current_members_among(session, request.organisation_id, known)
    for role, person in zip(("contact", "substitute"), people, strict=True):
        field = f"{role}_person_id"
        if person is None:
            continue
        if person not in known:
            problems.add(field, f"there is no person with id {person}", "unknown_person")
        elif organisation is not None and person not in members:
            problems.add(
                field,
                f"the {role} must be a current member of {organisation['name']!r}; "
                f"the person {person} is not",
                f"{role}_not_member",
            )
    if request.contact_person_id and request.contact_person_id == request.substitute_person_id:
        problems.add(
            "substitute_person_id", "the substitute must be someone other than the contact", "same_person"
        )
    problems.raise_if_any("the responsibility cannot be assigned as given")
    row = await responsibility_store.upsert_responsibility(
        session,
        topic=request.topic,
        organisation_id=request.organisation_id,
        region_key=request.region_key,
        contact_person_id=request.contact_person_id,
        substitute_person_id=request.substitute_person_id,
        responsibility_id=responsibility_id,
    )
    await uow.record(views.responsibility_snapshot(row), subject=row["id"])
    assert organisation is not None
    return views.responsibility_view({**row, "organisation_name": organisation["name"]}, labels)


@operations("topic.list", access=Access.READ)
async def list_topics(request: ListTopics, db: DatabaseDep) -> Page[TopicView]:
    """The responsibility topics: built-in and added by staff."""
    async with db.read() as session:
        return Page[TopicView].of(await all_topics(session), request)


@operations("topic.create", access=Access.CHANGE)
async def create_topic(request: CreateTopic, db: DatabaseDep) -> TopicView:
    """Add a responsibility topic (shared reference data of no network: any coordinator may add one)."""
    async with db.unit_of_work() as uow:
        return await add_topic(uow, request)


@operations("responsibility.assign", access=Access.CHANGE)
async def assign_responsibility(
    request: AssignResponsibility, principal: Principal, db: DatabaseDep
) -> ResponsibilityView:
    """Assign (or re-assign) who answers for a topic in a region at an organisation;
    announces ``registry.evt.responsibility.updated``."""
    async with db.unit_of_work() as uow:
        await scope.require_organisations(uow.session, principal, [request.organisation_id])
        return await assign(uow, request)


@operations("responsibility.remove", access=Access.CHANGE)
async def remove_responsibility(
    request: ResponsibilityRef, principal: Principal, db: DatabaseDep
) -> ResponsibilityView:
    """Remove a responsibility; announces ``registry.evt.responsibility.removed``."""
    async with db.unit_of_work() as uow:
        row = await responsibility_store.get_responsibility(uow.session, request.responsibility_id)
        if row is None:
            raise NotFound.for_field(
                "responsibility_id",
                f"there is no responsibility with id {request.responsibility_id}",
                "unknown",
            )
        await scope.require_organisations(uow.session, principal, [row["organisation_id"]])
        organisation = await organisation_store.get_organisation(uow.session, row["organisation_id"])
        row["organisation_name"] = organisation["name"] if organisation else ""
        await responsibility_store.delete_responsibility(uow.session, row["id"])
        await uow.record(
            ResponsibilityRemoved(responsibility_id=row["id"], version=row["version"] + 1), subject=row["id"]
        )
        return views.responsibility_view(row, await views.topic_labels(uow.session))


@operations("responsibility.list", access=Access.READ)
async def list_responsibilities(request: ListResponsibilities, db: DatabaseDep) -> Page[ResponsibilityView]:
    """Responsibilities by topic, organisation, region (incl. the regions around it) and person."""
    async with db.read() as session:
        custom = await views.custom_regions(session)
        rows, total = await responsibility_store.list_responsibilities(
            session,
            topic=request.topic,
            organisation_ids=[request.organisation_id] if request.organisation_id else None,
            region_keys=region_filter(request.region_key, custom),
            person_id=request.person_id,
            offset=request.offset,
            limit=request.limit,
        )
        labels = await views.topic_labels(session)
    return Page[ResponsibilityView](
        items=[views.responsibility_view(row, labels) for row in rows],
        total=total,
        offset=request.offset,
        limit=request.limit,
    )
