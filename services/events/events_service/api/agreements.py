"""Agreements (Vereinbarungen) made at an event, their owners and due dates."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from events_service import clock, convert, due
from events_service.api.base import event_to_change, operations
from events_service.convert import agreement_facts
from events_service.domain import agreements as rules
from events_service.domain.errors import fail, raise_if_any
from events_service.domain.lifecycle import AGREEMENTS_EDITABLE
from events_service.domain.vocabulary import AgreementStatus, EventStatus
from events_service.store import agreements as store
from events_service.store import projection
from events_service.store.records import AgreementRecord, EventRecord
from netzwerkstatt.contracts.events import (
    AgreementChanged,
    AgreementCreated,
    AgreementFacts,
    AgreementList,
    ChangeAgreement,
    CheckDueAgreements,
    CreateAgreement,
    DueCheckResult,
    ListAgreements,
)
from netzwerkstatt.db import DatabaseDep, hold_chosen_id, utcnow
from netzwerkstatt.errors import Conflict, NotFound
from netzwerkstatt.principal import Access, Principal


def domain_agreement(agreement: AgreementRecord) -> rules.Agreement:
    return rules.Agreement(
        agreement_id=agreement.id,
        event_id=agreement.event_id,
        text=agreement.text,
        owner_organisation_id=agreement.owner_organisation_id,
        owner_person_id=agreement.owner_person_id,
        due_on=agreement.due_on,
        status=AgreementStatus(agreement.status),
    )


def first_day(event: EventRecord) -> date:
    return convert.domain_days(event.days)[0].date


@operations("agreement.create", access=Access.CHANGE)
async def create_agreement(request: CreateAgreement, principal: Principal, db: DatabaseDep) -> AgreementFacts:
    """Record what was agreed at a running or completed event, who owns it and when it is due."""
    now = utcnow()
    agreement = AgreementRecord(
        id=request.id or convert.new_id(),
        event_id=request.event_id,
        text=request.text,
        owner_organisation_id=request.owner_organisation_id,
        owner_person_id=request.owner_person_id,
        due_on=request.due_on,
        status=AgreementStatus.OPEN.value,
        version=1,
        created_at=now,
        updated_at=now,
    )
    raise_if_any(rules.check_agreement(domain_agreement(agreement)))
    async with db.unit_of_work() as uow:
        event = await event_to_change(uow.session, principal, request.event_id)
        if EventStatus(event.status) not in AGREEMENTS_EDITABLE:
            raise fail(
                "event_not_held", "agreements are recorded at a running or completed event", "event_id"
            )
        raise_if_any(rules.check_due_date(agreement.due_on, first_day(event)))
        if request.id is not None:
            await hold_chosen_id(uow.session, "agreement", request.id)
            if await store.by_id(uow.session, request.id) is not None:
                raise Conflict.for_field("id", f"an agreement with id {request.id} exists", "duplicate_id")
        if await projection.organisation(uow.session, request.owner_organisation_id) is None:
            raise NotFound.for_field(
                "owner_organisation_id", f"no organisation with id {request.owner_organisation_id}"
            )
        if request.owner_person_id and await projection.person(uow.session, request.owner_person_id) is None:
            raise NotFound.for_field("owner_person_id", f"no person with id {request.owner_person_id}")
        await store.insert_row(uow.session, agreement)
        facts = agreement_facts(agreement)
        await uow.record(AgreementCreated(agreement=facts), subject=agreement.id)
    return facts


@operations("agreement.change", access=Access.CHANGE)
async def change_agreement(request: ChangeAgreement, principal: Principal, db: DatabaseDep) -> AgreementFacts:
    """Change status (open → in progress → done, or dropped), text, the responsible organisation or
    person, or the due date."""
    async with db.unit_of_work() as uow:
        found = await store.by_id(uow.session, request.agreement_id)
        if found is None:
            raise NotFound.for_field("agreement_id", f"no agreement with id {request.agreement_id}")
        event = await event_to_change(uow.session, principal, found.event_id)  # the agreement's own event
        stored = await store.by_id(uow.session, request.agreement_id, lock=True)
        assert stored is not None  # agreements are never deleted
        if request.expected_version is not None and request.expected_version != stored.version:
            raise Conflict.for_field(
                "expected_version",
                f"the agreement changed meanwhile (now version {stored.version})",
                "stale_version",
            )
        current = domain_agreement(stored)
        edited = request.model_fields_set - {"agreement_id", "status", "expected_version"}
        if current.status not in rules.UNFINISHED and edited:
            raise fail("agreement_closed", "a finished agreement cannot be changed", "status")
        updated = current
        if request.status is not None:
            updated = rules.change_status(current, AgreementStatus(request.status))
        values: dict[str, Any] = {"status": updated.status.value}
        for name in ("text", "owner_organisation_id", "owner_person_id", "due_on"):
            if name in request.model_fields_set:
                values[name] = getattr(request, name)
        new_organisation = values.get("owner_organisation_id", stored.owner_organisation_id)
        if new_organisation != stored.owner_organisation_id:
            await _check_new_organisation(uow.session, new_organisation)
            # the person named so far answers for the former organisation
            values.setdefault("owner_person_id", None)
        new_owner = values.get("owner_person_id")
        if new_owner is not None and await projection.person(uow.session, new_owner) is None:
            raise NotFound.for_field("owner_person_id", f"no person with id {values['owner_person_id']}")
        changed = replace(stored, **values)
        raise_if_any(rules.check_agreement(domain_agreement(changed)))
        if "due_on" in request.model_fields_set and changed.due_on != stored.due_on:
            raise_if_any(rules.check_due_date(changed.due_on, first_day(event)))
        if changed == stored:
            return agreement_facts(stored)
        changed = replace(changed, version=stored.version + 1, updated_at=utcnow())
        await store.update_row(uow.session, changed)
        facts = agreement_facts(changed)
        await uow.record(AgreementChanged(agreement=facts), subject=changed.id)
    return facts


async def _check_new_organisation(session: AsyncSession, organisation_id: uuid.UUID) -> None:
    """An agreement is handed to an organisation the registry knows and has not archived."""
    organisation = await projection.organisation(session, organisation_id)
    if organisation is None:
        raise NotFound.for_field("owner_organisation_id", f"no organisation with id {organisation_id}")
    if organisation.archived:
        raise fail(
            "archived_owner",
            f"{organisation.name!r} is archived: it cannot take over an agreement",
            "owner_organisation_id",
        )


@operations("agreement.list", access=Access.READ)
async def list_agreements(request: ListAgreements, db: DatabaseDep) -> AgreementList:
    """Agreements of an event or a whole series; ``unfinished_only`` gives those for the next edition."""
    async with db.read() as session:
        found = await store.listing(
            session,
            event_id=request.event_id,
            series_id=request.series_id,
            unfinished_only=request.unfinished_only,
        )
    return AgreementList.of([agreement_facts(agreement) for agreement in found], request)


@operations("agreement.check_due", access=Access.ADMIN)
async def check_due(request: CheckDueAgreements, db: DatabaseDep) -> DueCheckResult:
    """Announce agreements that reached their due date (the periodic check does the same)."""
    return DueCheckResult(announced=await due.announce_due(db, request.today or clock.today()))
