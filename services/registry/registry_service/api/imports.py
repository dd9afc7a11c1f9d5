"""Import of organisations and people from CSV or XLSX: a dry run reporting every row's problems and
what would change, then the import — all rows or none. Re-importing a file creates no duplicates:
organisations match by name and region, people by e-mail address."""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.contracts.registry import (
    Address,
    ContactChannel,
    CreateOrganisation,
    CreatePerson,
    ImportFile,
    ImportProblem,
    ImportReportView,
    ImportResultView,
    ImportRowProblems,
    MembershipData,
    SaveMembership,
    UpdateOrganisation,
    UpdatePerson,
)
from netzwerkstatt.db import DatabaseDep, UnitOfWork
from netzwerkstatt.errors import FieldError, Forbidden, InvalidInput
from netzwerkstatt.principal import Access, Principal
from netzwerkstatt.tabular import off_the_event_loop
from registry_service.api import organisations as api_organisations
from registry_service.api import people as api_people
from registry_service.api import scope
from registry_service.api.operations import operations
from registry_service.domain import importing
from registry_service.domain.importing import ImportKind, InvalidRow, OrganisationRow, PersonRow
from registry_service.store import organisations as organisation_store
from registry_service.store import people as person_store
from registry_service.vocabulary import fold

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class Plan:
    report: importing.ImportReport[OrganisationRow] | importing.ImportReport[PersonRow]
    invalid: list[InvalidRow]
    actions: list[tuple[str, Any, uuid.UUID | None, uuid.UUID | None]] = field(default_factory=list)
    """(action, row, id of the matched record, id of the person's organisation)."""
    updates: dict[int, tuple[Address | None, list[ContactChannel]]] = field(default_factory=dict)
    """An existing organisation's address and contact channels after its row, by row number."""

    def count(self, action: str) -> int:
        return sum(1 for item in self.actions if item[0] == action)


def _decode(request: ImportFile) -> bytes:
    try:
        return base64.b64decode(request.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput.for_field(
            "content_base64", "the file content is not valid base64", "invalid_base64"
        ) from None


async def _all_organisations(session: AsyncSession) -> list[dict[str, Any]]:
    rows, _ = await organisation_store.list_organisations(
        session, name=None, type_=None, include_archived=True, offset=0, limit=100_000
    )
    return rows


def _channels(row: OrganisationRow) -> list[ContactChannel]:
    channels = [
        ContactChannel(kind=kind, value=value)
        for kind, value in (("email", row.email), ("phone", row.phone), ("website", row.website))
        if value
    ]
    return channels


def _address(row: OrganisationRow) -> Address | None:
    if not (row.street or row.postal_code or row.city):
        return None
    return Address(street=row.street, postal_code=row.postal_code, city=row.city)


def _organisation_update(
    existing: dict[str, Any], row: OrganisationRow
) -> tuple[Address | None, list[ContactChannel]]:
    """An existing organisation's address and contact channels after its row: a filled cell sets its
    value (an e-mail, phone or website replaces the organisation's first of that kind, or joins
    them); an empty cell, or a column the file does not have, keeps what the registry holds."""
    street = row.street or existing["street"]
    postal_code = row.postal_code or existing["postal_code"]
    city = row.city or existing["city"]
    address = (
        Address(street=street, postal_code=postal_code, city=city) if street or postal_code or city else None
    )
    channels = [ContactChannel.model_validate(channel) for channel in existing["contact_channels"] or []]
    for kind, value in (("email", row.email), ("phone", row.phone), ("website", row.website)):
        if not value or any(channel.kind == kind and channel.value == value for channel in channels):
            continue
        first = next((index for index, channel in enumerate(channels) if channel.kind == kind), None)
        if first is None:
            channels.append(ContactChannel(kind=kind, value=value))
        else:
            channels[first] = channels[first].model_copy(update={"value": value})
    return address, channels


def _organisation_check(organisations: list[dict[str, Any]]) -> importing.OrganisationCheck:
    """A person's organisation as a file names it: exactly one active organisation of that name."""
    by_name: dict[str, list[dict[str, Any]]] = {}
    for row in organisations:
        if not row["archived"]:
            by_name.setdefault(fold(row["name"]), []).append(row)

    def problem(name: str) -> FieldError | None:
        matches = by_name.get(fold(name), [])
        if len(matches) == 1:
            return None
        message = (
            f"no organisation named {name!r} in the registry; import it first"
            if not matches
            else f"{len(matches)} organisations are named {name!r}; assign by hand"
        )
        code = "unknown_organisation" if not matches else "ambiguous_organisation"
        return FieldError(
            field="organisation", message=message, code=code, params={"value": name, "count": len(matches)}
        )

    return problem


async def plan(session: AsyncSession, request: ImportFile) -> Plan:
    organisations = await _all_organisations(session)
    report = await off_the_event_loop(
        importing.dry_run,
        _decode(request),
        request.file_name,
        ImportKind(request.kind),
        organisation_of_person=_organisation_check(organisations),
    )
    result = Plan(report=report, invalid=list(report.invalid_rows))
    if request.kind == ImportKind.ORGANISATIONS.value:
        by_key = {
            importing.organisation_match_key(row["name"], key): row
            for row in organisations
            for key in row["region_keys"]
        }
        for org_row in report.valid_rows:
            assert isinstance(org_row, OrganisationRow)
            existing = by_key.get(org_row.match_key)
            if existing is None:
                result.actions.append((CREATE, org_row, None, None))
                continue
            address, channels = _organisation_update(existing, org_row)
            same = (
                existing["type"] == org_row.organisation_type.value
                and (existing["contact_channels"] or [])
                == [channel.model_dump(mode="json") for channel in channels]
                and (existing["street"], existing["postal_code"], existing["city"])
                == ((address.street, address.postal_code, address.city) if address else (None, None, None))
            )
            result.updates[org_row.row] = (address, channels)
            result.actions.append((UNCHANGED if same else UPDATE, org_row, existing["id"], None))
        return result
    active = {fold(row["name"]): row["id"] for row in organisations if not row["archived"]}
    owners = await person_store.owners_of_emails(
        session, [row.email for row in report.valid_rows if isinstance(row, PersonRow)]
    )
    for person_row in report.valid_rows:
        assert isinstance(person_row, PersonRow)
        # A valid row's organisation is the one active organisation of its name (checked above).
        organisation_id = active[fold(person_row.organisation)] if person_row.organisation else None
        person_id = owners.get(person_row.match_key)
        if person_id is None:
            result.actions.append((CREATE, person_row, None, organisation_id))
            continue
        same = await _person_unchanged(session, person_id, person_row, organisation_id)
        result.actions.append((UNCHANGED if same else UPDATE, person_row, person_id, organisation_id))
    return result


async def _person_unchanged(
    session: AsyncSession, person_id: uuid.UUID, row: PersonRow, organisation_id: uuid.UUID | None
) -> bool:
    current = await person_store.get_person_row(session, person_id)
    assert current is not None
    same = (current["given_name"], current["family_name"]) == (row.first_name, row.last_name) and all(
        current[field] == value for field, value in _person_changes(row).items()
    )
    if organisation_id is not None:
        membership = await person_store.current_membership(session, person_id, organisation_id)
        if (
            membership is None
            or (row.role and membership["function"] != row.role)
            or (row.is_decision_maker and not membership["decision_maker"])
        ):
            same = False
    return same


def _person_changes(row: PersonRow) -> dict[str, Any]:
    """What a row sets of a person already registered besides the name: the cells it fills; an empty
    cell, or a column the file does not have, keeps what the registry holds."""
    values = {
        "form_of_address": row.form_of_address.value,
        "title": row.title,
        "phone": row.phone,
        "language": row.language.value,
    }
    return {field: value for field, value in values.items() if field in row.filled}


def _report(result: Plan) -> ImportReportView:
    report = result.report
    return ImportReportView(
        kind=report.kind.value,
        columns=report.columns,
        ignored_columns=report.ignored_columns,
        blank_rows=report.blank_rows,
        valid_count=len(result.actions),
        invalid_count=len(result.invalid),
        invalid_rows=[
            ImportRowProblems(
                row=item.row,
                problems=[
                    ImportProblem(field=p.field, message=p.message, code=p.code, params=p.params)
                    for p in item.problems
                ],
            )
            for item in result.invalid
        ],
        would_create=result.count(CREATE),
        would_update=result.count(UPDATE),
        unchanged=result.count(UNCHANGED),
    )


async def _apply(
    uow: UnitOfWork,
    action: str,
    row: Any,
    matched: uuid.UUID | None,
    organisation_id: uuid.UUID | None,
    update: tuple[Address | None, list[ContactChannel]] | None = None,
) -> uuid.UUID | None:
    """Write one row; the id of an organisation it created."""
    if isinstance(row, OrganisationRow):
        if action == CREATE:
            created = await api_organisations.create(
                uow,
                CreateOrganisation(
                    name=row.name,
                    type=row.organisation_type.value,
                    region_keys=[row.region_key],
                    address=_address(row),
                    contact_channels=_channels(row),
                ),
            )
            return uuid.UUID(str(created["id"]))
        else:
            assert matched is not None
            assert update is not None
            address, channels = update
            await api_organisations.update(
                uow,
                UpdateOrganisation(
                    organisation_id=matched,
                    type=row.organisation_type.value,
                    address=address,
                    contact_channels=channels,
                ),
            )
        return None
    assert isinstance(row, PersonRow)
    membership = (
        MembershipData(
            organisation_id=organisation_id, function=row.role, decision_maker=row.is_decision_maker
        )
        if organisation_id
        else None
    )
    if action == CREATE:
        await api_people.create(
            uow,
            CreatePerson(
                given_name=row.first_name,
                family_name=row.last_name,
                form_of_address=row.form_of_address.value,
                title=row.title,
                emails=[row.email],
                phone=row.phone,
                language=row.language.value,
                memberships=[membership] if membership else [],
            ),
        )
        return None
    assert matched is not None
    changes: dict[str, Any] = {
        "given_name": row.first_name,
        "family_name": row.last_name,
        **_person_changes(row),
    }
    await api_people.update(uow, UpdatePerson(person_id=matched, **changes))
    if membership is not None:
        current = await person_store.current_membership(uow.session, matched, membership.organisation_id)
        if (
            current is None
            or (row.role and current["function"] != row.role)
            or (row.is_decision_maker and not current["decision_maker"])
        ):
            await api_people.save_membership(
                uow,
                SaveMembership(
                    person_id=matched,
                    organisation_id=membership.organisation_id,
                    function=row.role or (current["function"] if current else None),
                    decision_maker=row.is_decision_maker or bool(current and current["decision_maker"]),
                    substitute_person_id=current["substitute_person_id"] if current else None,
                    start_date=current["start_date"] if current else None,
                ),
            )
    return None


@operations("import.dry_run", access=Access.READ)
async def dry_run_import(request: ImportFile, db: DatabaseDep) -> ImportReportView:
    """Check a file without saving: every row's problems, and how many records would be created or changed."""
    async with db.read() as session:
        return _report(await plan(session, request))


@operations("import.run", access=Access.CHANGE)
async def run_import(request: ImportFile, principal: Principal, db: DatabaseDep) -> ImportResultView:
    """Import a file: all rows in one transaction, or — if any row has a problem — nothing at all.
    People are imported by admins only (their memberships may name any organisation); a coordinator's
    organisations file may change only organisations of their networks, and adds new ones to the
    network it names, one of theirs."""
    if request.kind == "people" and not principal.is_admin:
        raise Forbidden("only an admin may import people")
    async with db.unit_of_work() as uow:
        result = await plan(uow.session, request)
        if result.invalid:
            raise InvalidInput(
                f"{len(result.invalid)} row(s) have problems; nothing was imported",
                [
                    FieldError(
                        field=f"rows.{item.row}.{problem.field}",
                        message=problem.message,
                        code=problem.code,
                        params=problem.params,
                    )
                    for item in result.invalid
                    for problem in item.problems
                ],
            )
        changed = [matched for action, _, matched, _ in result.actions if action == UPDATE and matched]
        if changed:
            await scope.require_organisations(uow.session, principal, changed)
        # New organisations join the network named, so that a coordinator may change them afterwards.
        adds_organisations = request.kind == "organisations" and result.count(CREATE) > 0
        network_id = (
            await api_organisations.network_of_new(uow.session, principal, request.network_id)
            if adds_organisations
            else None
        )
        created: list[uuid.UUID] = []
        for action, row, matched, organisation_id in result.actions:
            if action != UNCHANGED:
                new_id = await _apply(uow, action, row, matched, organisation_id, result.updates.get(row.row))
                created += [new_id] if new_id else []
        if network_id is not None and created:
            await api_organisations.join_network(uow, network_id, created)
    return ImportResultView(
        kind=request.kind,
        created=result.count(CREATE),
        updated=result.count(UPDATE),
        unchanged=result.count(UNCHANGED),
    )
