"""People: create, change, memberships, look up, search; erasure and export (data protection)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.registry import (
    CreatePerson,
    EndMembership,
    ErasureView,
    InterfacePaperSummary,
    ListPeople,
    MembershipData,
    MembershipEnded,
    PersonCreated,
    PersonErased,
    PersonExport,
    PersonRef,
    PersonUpdated,
    PersonView,
    SaveMembership,
    UpdatePerson,
)
from netzwerkstatt.db import DatabaseDep, UnitOfWork, hold_chosen_id, utcnow
from netzwerkstatt.errors import Conflict, FieldError, NotFound, RuleViolation
from netzwerkstatt.principal import Access, Principal
from registry_service import domain
from registry_service.api import scope, sent, views
from registry_service.api.operations import operations
from registry_service.api.organisations import region_filter
from registry_service.domain import PersonDetails, Problems, paper
from registry_service.store import erasure as erasure_store
from registry_service.store import organisations as organisation_store
from registry_service.store import papers as paper_store
from registry_service.store import people as person_store
from registry_service.store import responsibilities as responsibility_store


async def require_person(
    session: AsyncSession, person_id: uuid.UUID, field: str, *, lock: bool = False
) -> dict[str, Any]:
    row = await person_store.get_person_row(session, person_id, lock=lock)
    if row is None:
        erased = await erasure_store.was_erased(session, person_id)
        message = f"person {person_id} was erased" if erased else f"there is no person with id {person_id}"
        raise NotFound.for_field(field, message, "erased_person" if erased else "unknown_person")
    return row


async def _check_memberships(
    session: AsyncSession,
    memberships: Sequence[MembershipData],
    problems: Problems,
    *,
    person_id: uuid.UUID | None,
    prefix: str = "memberships",
) -> None:
    organisations = await organisation_store.organisations_by_id(
        session, [m.organisation_id for m in memberships]
    )
    substitutes = await person_store.existing_people(
        session, [m.substitute_person_id for m in memberships if m.substitute_person_id]
    )
    seen: set[uuid.UUID] = set()
    for index, membership in enumerate(memberships):
        base = f"{prefix}.{index}." if prefix else ""
        organisation = organisations.get(membership.organisation_id)
        if organisation is None:
            problems.add(
                f"{base}organisation_id",
                f"there is no organisation with id {membership.organisation_id}",
                "unknown_organisation",
            )
        elif organisation["archived"]:
            problems.add(
                f"{base}organisation_id",
                f"{organisation['name']!r} is archived: nobody can become a member of it",
                "archived_organisation",
            )
        if membership.organisation_id in seen:
            problems.add(f"{base}organisation_id", "the same organisation is listed twice", "duplicate")
        seen.add(membership.organisation_id)
        substitute = membership.substitute_person_id
        if substitute is not None and (substitute == person_id or substitute not in substitutes):
            message = (
                "a person cannot be their own substitute"
                if substitute == person_id
                else f"there is no person with id {substitute}"
            )
            problems.add(f"{base}substitute_person_id", message, "unknown_person")


async def _check_emails_free(
    session: AsyncSession, emails: Sequence[str], person_id: uuid.UUID | None
) -> None:
    owners = await person_store.owners_of_emails(session, emails)
    for index, email in enumerate(emails):
        owner = owners.get(email.lower())
        if owner is not None and owner != person_id:
            raise Conflict.for_field(
                f"emails.{index}", f"{email} belongs to another person already", "email_taken"
            )


def details_of(request: CreatePerson | UpdatePerson) -> PersonDetails:
    return PersonDetails(
        form_of_address=request.form_of_address,
        language=request.language,
        consents=request.consents,
        emails=request.emails,
        phone=request.phone,
    )


def person_field_rules(request: Mapping[str, Any]) -> list[FieldError]:
    """The registry's rules for a person's details, on a create or change as sent that its
    contract refused (an empty name, say): their problems come in the same answer."""
    problems = Problems()
    details = PersonDetails(
        form_of_address=sent.text(request, "form_of_address"),
        language=sent.text(request, "language"),
        consents=sent.texts(request, "consents"),
        emails=sent.texts(request, "emails"),
        phone=sent.text(request, "phone"),
    )
    domain.check_person(details, problems)
    return problems.items


def _membership_values(membership: MembershipData) -> dict[str, Any]:
    return {
        "organisation_id": membership.organisation_id,
        "function": membership.function,
        "decision_maker": membership.decision_maker,
        "substitute_person_id": membership.substitute_person_id,
        "start_date": membership.start_date,
        "end_date": None,
    }


async def announce(uow: UnitOfWork, person_id: uuid.UUID, *, created: bool = False) -> PersonView:
    view = await views.load_person(uow.session, person_id)
    assert view is not None
    facts = views.person_facts(view)
    await uow.record(
        PersonCreated(person=facts) if created else PersonUpdated(person=facts), subject=person_id
    )
    return view


async def create(uow: UnitOfWork, request: CreatePerson, person_id: uuid.UUID | None = None) -> PersonView:
    """Check, insert and announce a person (shared by the API and the import)."""
    person_id = person_id or request.id
    if person_id is not None:
        await hold_chosen_id(uow.session, "person", person_id)
        exists = await person_store.get_person_row(uow.session, person_id) is not None
        if exists or await erasure_store.was_erased(uow.session, person_id):
            raise Conflict.for_field(
                "id", f"a person with id {person_id} exists or was erased", "duplicate_id"
            )
    problems = Problems()
    contacts = domain.check_person(details_of(request), problems)
    emails, phone = contacts.emails or [], contacts.phone
    await _check_memberships(uow.session, request.memberships, problems, person_id=person_id)
    problems.raise_if_any("the person cannot be created as given")
    await _check_emails_free(uow.session, emails, None)
    row = await person_store.insert_person(
        uow.session,
        {
            "given_name": request.given_name,
            "family_name": request.family_name,
            "form_of_address": request.form_of_address,
            "title": request.title,
            "phone": phone,
            "language": request.language,
            "notes": request.notes,
        },
        person_id,
    )
    try:
        async with uow.session.begin_nested():
            await person_store.replace_emails(uow.session, row["id"], emails)
    except sa.exc.IntegrityError:
        raise Conflict.for_field(
            "emails", "an e-mail address belongs to another person already", "email_taken"
        ) from None
    await person_store.replace_consents(uow.session, row["id"], request.consents)
    for membership in request.memberships:
        await person_store.save_membership(uow.session, row["id"], _membership_values(membership))
    return await announce(uow, row["id"], created=True)


async def update(uow: UnitOfWork, request: UpdatePerson) -> PersonView:
    given = request.model_fields_set
    current = await require_person(uow.session, request.person_id, "person_id", lock=True)
    if request.expected_version is not None and request.expected_version != current["version"]:
        raise Conflict.for_field(
            "expected_version",
            f"the person changed meanwhile (now version {current['version']})",
            "stale_version",
        )
    problems = Problems()
    contacts = domain.check_person(details_of(request), problems)
    changes: dict[str, Any] = {
        field: getattr(request, field)
        for field in ("given_name", "family_name", "form_of_address", "language")
        if field in given and getattr(request, field) is not None
    }
    changes.update({field: getattr(request, field) for field in ("title", "notes") if field in given})
    if "phone" in given:
        changes["phone"] = contacts.phone
    emails = contacts.emails
    problems.raise_if_any("the person cannot be changed as given")
    changed = any(current[key] != value for key, value in changes.items())
    if emails is not None and emails != await person_store.emails_of(uow.session, current["id"]):
        await _check_emails_free(uow.session, emails, current["id"])
        await person_store.replace_emails(uow.session, current["id"], emails)
        changed = True
    if request.consents is not None:
        before = {row["kind"] for row in await person_store.consents_of(uow.session, current["id"])}
        if before != set(request.consents):
            await person_store.replace_consents(uow.session, current["id"], request.consents)
            changed = True
    if not changed:
        view = await views.load_person(uow.session, current["id"])
        assert view is not None
        return view
    await person_store.touch_person(uow.session, current["id"], changes)
    return await announce(uow, current["id"])


async def save_membership(uow: UnitOfWork, request: SaveMembership) -> PersonView:
    await require_person(uow.session, request.person_id, "person_id", lock=True)
    problems = Problems()
    await _check_memberships(uow.session, [request], problems, person_id=request.person_id, prefix="")
    if any(item.code == "archived_organisation" for item in problems.items):
        raise RuleViolation("the membership cannot be saved", problems.items)
    problems.raise_if_any("the membership cannot be saved as given")
    await person_store.save_membership(uow.session, request.person_id, _membership_values(request))
    await person_store.touch_person(uow.session, request.person_id)
    return await announce(uow, request.person_id)


@operations("person.create", access=Access.CHANGE, field_rules=person_field_rules)
async def create_person(request: CreatePerson, principal: Principal, db: DatabaseDep) -> PersonView:
    """Register a person with memberships and consents; announces ``registry.evt.person.created``.
    A coordinator's new person has a membership in an organisation of their networks."""
    if not request.memberships:
        # A coordinator who left out the organisation (refused below) learns of the details' other
        # problems in the same answer; with memberships, they come with those of the memberships.
        problems = Problems()
        domain.check_person(details_of(request), problems)
        problems.raise_if_any("the person cannot be created as given")
    async with db.unit_of_work() as uow:
        organisation_ids = [membership.organisation_id for membership in request.memberships]
        await scope.require_organisations(uow.session, principal, organisation_ids)
        return await create(uow, request)


@operations("person.update", access=Access.CHANGE, field_rules=person_field_rules)
async def update_person(request: UpdatePerson, principal: Principal, db: DatabaseDep) -> PersonView:
    """Change a person's data; announces ``registry.evt.person.updated`` (only if something changed)."""
    async with db.unit_of_work() as uow:
        await require_person(uow.session, request.person_id, "person_id", lock=True)
        await scope.require_person(uow.session, principal, request.person_id)
        return await update(uow, request)


@operations("person.membership.save", access=Access.CHANGE)
async def save_person_membership(
    request: SaveMembership, principal: Principal, db: DatabaseDep
) -> PersonView:
    """Add a membership or change the current one in that organisation."""
    async with db.unit_of_work() as uow:
        await require_person(uow.session, request.person_id, "person_id", lock=True)
        await scope.require_organisations(uow.session, principal, [request.organisation_id])
        return await save_membership(uow, request)


@operations("person.membership.end", access=Access.CHANGE)
async def end_person_membership(request: EndMembership, principal: Principal, db: DatabaseDep) -> PersonView:
    """The person left the organisation; announces ``registry.evt.membership.ended``. Ended by a
    coordinator of the organisation's networks (the person's other networks keep theirs)."""
    async with db.unit_of_work() as uow:
        await require_person(uow.session, request.person_id, "person_id", lock=True)
        await scope.require_organisations(uow.session, principal, [request.organisation_id])
        membership = await person_store.current_membership(
            uow.session, request.person_id, request.organisation_id
        )
        if membership is None:
            raise NotFound.for_field(
                "organisation_id", "the person is no current member of this organisation", "no_membership"
            )
        end_date = request.end_date or date.today()
        if membership["start_date"] and end_date < membership["start_date"]:
            raise RuleViolation.for_field(
                "end_date", "the membership cannot end before it started", "invalid_period"
            )
        await person_store.end_membership(uow.session, membership["id"], end_date)
        row = await person_store.touch_person(uow.session, request.person_id)
        await uow.record(
            MembershipEnded(
                person_id=request.person_id,
                organisation_id=request.organisation_id,
                end_date=end_date,
                version=row["version"],
            ),
            subject=request.person_id,
        )
        return await announce(uow, request.person_id)


@operations("person.get", access=Access.READ)
async def get_person(request: PersonRef, db: DatabaseDep) -> PersonView:
    async with db.read() as session:
        await require_person(session, request.person_id, "person_id")
        view = await views.load_person(session, request.person_id)
    assert view is not None
    return view


@operations("person.list", access=Access.READ)
async def list_people(request: ListPeople, db: DatabaseDep) -> Page[PersonView]:
    """People by name, organisation, region, network and responsibility; paginated."""
    async with db.read() as session:
        organisation_ids: list[uuid.UUID] | None = None
        if (
            request.region_key is not None
            or request.network_id is not None
            or request.network_ids is not None
        ):
            custom = await views.custom_regions(session)
            rows, _ = await organisation_store.list_organisations(
                session,
                name=None,
                type_=None,
                include_archived=True,
                offset=0,
                limit=100_000,
                region_keys=region_filter(request.region_key, custom),
                network_id=request.network_id,
                network_ids=request.network_ids,
            )
            organisation_ids = [row["id"] for row in rows]
        ids, total = await person_store.list_person_ids(
            session,
            name=request.name,
            organisation_id=request.organisation_id,
            organisation_ids=organisation_ids,
            topic=request.topic,
            decision_makers_only=request.decision_makers_only,
            offset=request.offset,
            limit=request.limit,
            sort=request.sort,
            descending=request.direction == "desc",
        )
        items = await views.load_people(session, ids)
    return Page[PersonView](items=items, total=total, offset=request.offset, limit=request.limit)


@operations("person.erase", access=Access.CHANGE)
async def erase_person(request: PersonRef, principal: Principal, db: DatabaseDep) -> ErasureView:
    """Remove the person's data from every registry table, redact issued Schnittstellenpapiere and
    announce ``registry.evt.person.erased`` (which carries only the id). A coordinator erases only
    a person who belongs to none but their networks."""
    async with db.unit_of_work() as uow:
        await require_person(uow.session, request.person_id, "person_id", lock=True)
        await scope.require_person_wholly(uow.session, principal, request.person_id)
        erased_at = utcnow()
        named_in, _ = await responsibility_store.list_responsibilities(
            uow.session, person_id=request.person_id
        )
        redacted = 0
        for issued in await paper_store.papers_naming(uow.session, request.person_id, lock=True):
            content, count = paper.redact(issued["content"], request.person_id)
            remaining = [pid for pid in issued["person_ids"] if pid != request.person_id]
            await paper_store.replace_paper_content(uow.session, issued["id"], content, remaining, count)
            redacted += 1
        counts = await erasure_store.erase_person_rows(uow.session, request.person_id, erased_at)
        for responsibility in named_in:
            row = await responsibility_store.get_responsibility(uow.session, responsibility["id"])
            if row is not None:
                await uow.record(views.responsibility_snapshot(row), subject=row["id"])
        await uow.record(
            PersonErased(person_id=request.person_id, erased_at=erased_at), subject=request.person_id
        )
    counts["interface_papers"] = redacted
    return ErasureView(
        person_id=request.person_id,
        erased_at=erased_at,
        removed_rows=counts,
        redacted_interface_papers=redacted,
    )


@operations("person.export", access=Access.CHANGE)
async def export_person(request: PersonRef, principal: Principal, db: DatabaseDep) -> PersonExport:
    """Everything the registry holds about a person, as JSON (right of access), for those who look
    after the person's record (the change rule: admins, coordinators of the person's networks)."""
    async with db.read() as session:
        await require_person(session, request.person_id, "person_id")
        await scope.require_person(session, principal, request.person_id)
        person = await views.load_person(session, request.person_id)
        assert person is not None
        labels = await views.topic_labels(session)
        rows, _ = await responsibility_store.list_responsibilities(session, person_id=request.person_id)
        papers = await paper_store.papers_naming(session, request.person_id)
    return PersonExport(
        exported_at=utcnow(),
        person=person,
        responsibilities=[views.responsibility_view(row, labels) for row in rows],
        interface_papers=[InterfacePaperSummary.model_validate(row) for row in papers],
    )
