"""Stored rows as the contract's views and events."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.contracts.registry import (
    Address,
    ConsentView,
    ContactChannel,
    MembershipFacts,
    MembershipView,
    NetworkSnapshot,
    NetworkView,
    OrganisationSnapshot,
    OrganisationView,
    PersonFacts,
    PersonView,
    ResponsibilitySnapshot,
    ResponsibilityView,
    SubProject,
)
from registry_service.domain import is_statutory, regionlookup
from registry_service.domain.regionlookup import CustomRegion
from registry_service.store import networks as network_store
from registry_service.store import people as person_store
from registry_service.store import regions as region_store
from registry_service.store import responsibilities as responsibility_store
from registry_service.vocabulary import RESPONSIBILITY_TOPIC_LABELS, ConsentKind

Row = Mapping[str, Any]


def organisation_view(row: Row) -> OrganisationView:
    has_address = any(row.get(part) for part in ("street", "postal_code", "city"))
    return OrganisationView(
        id=row["id"],
        name=row["name"],
        type=row["type"],
        region_keys=list(row["region_keys"]),
        archived=row["archived"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        statutory=is_statutory(row["type"]),
        parent_id=row.get("parent_id"),
        address=Address(street=row.get("street"), postal_code=row.get("postal_code"), city=row.get("city"))
        if has_address
        else None,
        contact_channels=[ContactChannel.model_validate(item) for item in row.get("contact_channels") or []],
    )


def organisation_snapshot(row: Row) -> OrganisationSnapshot:
    return OrganisationSnapshot(
        organisation_id=row["id"],
        name=row["name"],
        type=row["type"],
        statutory=is_statutory(row["type"]),
        region_keys=list(row["region_keys"]),
        parent_id=row.get("parent_id"),
        archived=row["archived"],
        version=row["version"],
    )


async def load_person(session: AsyncSession, person_id: uuid.UUID) -> PersonView | None:
    found = await load_people(session, [person_id])
    return found[0] if found else None


async def load_people(session: AsyncSession, person_ids: Sequence[uuid.UUID]) -> list[PersonView]:
    """The people in the order asked (those that exist), in four queries however many they are."""
    rows = await person_store.people_by_id(session, person_ids)
    present = [person_id for person_id in dict.fromkeys(person_ids) if person_id in rows]
    emails = await person_store.emails_of_people(session, present)
    memberships = await person_store.memberships_of_people(session, present)
    consents = await person_store.consents_of_people(session, present)
    return [
        PersonView(
            id=row["id"],
            given_name=row["given_name"],
            family_name=row["family_name"],
            form_of_address=row["form_of_address"],
            title=row["title"],
            emails=emails[person_id],
            phone=row["phone"],
            language=row["language"],
            memberships=[
                MembershipView(
                    organisation_id=item["organisation_id"],
                    organisation_name=item["organisation_name"],
                    function=item["function"],
                    decision_maker=item["decision_maker"],
                    substitute_person_id=item["substitute_person_id"],
                    start_date=item["start_date"],
                    end_date=item["end_date"],
                )
                for item in memberships[person_id]
            ],
            consents=[
                ConsentView(kind=item["kind"], given_at=item["given_at"]) for item in consents[person_id]
            ],
            notes=row["notes"],
            version=row["version"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )
        for person_id in present
        for row in (rows[person_id],)
    ]


def person_facts(person: PersonView) -> PersonFacts:
    """Only what other services need: name, address form, first e-mail, language, event consent and
    current memberships (no phone, no notes, no other consents)."""
    return PersonFacts(
        person_id=person.id,
        given_name=person.given_name,
        family_name=person.family_name,
        form_of_address=person.form_of_address,
        title=person.title,
        email=person.emails[0] if person.emails else None,
        language=person.language,
        consents_to_event_contact=any(
            consent.kind == ConsentKind.NETWORK_EVENT_CONTACT.value for consent in person.consents
        ),
        memberships=[
            MembershipFacts(
                organisation_id=membership.organisation_id,
                function=membership.function,
                decision_maker=membership.decision_maker,
                substitute_person_id=membership.substitute_person_id,
                start_date=membership.start_date,
            )
            for membership in person.memberships
            if membership.end_date is None
        ],
        version=person.version,
    )


async def load_network(
    session: AsyncSession, network_id: uuid.UUID, custom: Mapping[str, CustomRegion]
) -> NetworkView | None:
    found = await load_networks(session, [network_id], custom)
    return found[0] if found else None


async def load_networks(
    session: AsyncSession, network_ids: Sequence[uuid.UUID], custom: Mapping[str, CustomRegion]
) -> list[NetworkView]:
    """The networks in the order asked (those that exist), in three queries however many they are."""
    rows = await network_store.networks_by_id(session, network_ids)
    present = [network_id for network_id in network_ids if network_id in rows]
    members = await network_store.members_of_networks(session, present)
    projects = await network_store.sub_projects_of_networks(session, present)
    return [
        _network_view(rows[network_id], members[network_id], projects[network_id], custom)
        for network_id in present
    ]


def _network_view(
    row: Mapping[str, Any],
    members: list[uuid.UUID],
    projects: Sequence[Mapping[str, Any]],
    custom: Mapping[str, CustomRegion],
) -> NetworkView:
    districts = sorted({d for key in row["region_keys"] for d in regionlookup.districts_in(key, custom)})
    return NetworkView(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        coordinating_organisation_id=row["coordinating_organisation_id"],
        member_organisation_ids=members,
        region_keys=list(row["region_keys"]),
        district_keys=districts,
        sub_projects=[
            SubProject(
                name=item["name"],
                organisation_id=item["organisation_id"],
                programme=item["programme"],
                funders=list(item["funders"]),
                start_date=item["start_date"],
                end_date=item["end_date"],
            )
            for item in projects
        ],
        archived=row["archived"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def network_snapshot(network: NetworkView) -> NetworkSnapshot:
    return NetworkSnapshot(
        network_id=network.id,
        name=network.name,
        kind=network.kind,
        coordinating_organisation_id=network.coordinating_organisation_id,
        member_organisation_ids=network.member_organisation_ids,
        region_keys=network.region_keys,
        district_keys=network.district_keys,
        archived=network.archived,
        version=network.version,
    )


def responsibility_view(row: Row, topic_labels: Mapping[str, str]) -> ResponsibilityView:
    return ResponsibilityView(
        id=row["id"],
        topic=row["topic"],
        topic_label=topic_labels.get(row["topic"], row["topic"]),
        organisation_id=row["organisation_id"],
        organisation_name=row["organisation_name"],
        region_key=row["region_key"],
        contact_person_id=row["contact_person_id"],
        substitute_person_id=row["substitute_person_id"],
        version=row["version"],
    )


def responsibility_snapshot(row: Row) -> ResponsibilitySnapshot:
    return ResponsibilitySnapshot(
        responsibility_id=row["id"],
        topic=row["topic"],
        organisation_id=row["organisation_id"],
        region_key=row["region_key"],
        contact_person_id=row["contact_person_id"],
        substitute_person_id=row["substitute_person_id"],
        version=row["version"],
    )


async def custom_regions(session: AsyncSession) -> dict[str, CustomRegion]:
    return {
        row["key"]: CustomRegion(row["key"], row["name"], tuple(row["district_keys"]))
        for row in await region_store.all_custom_regions(session)
    }


async def topic_labels(session: AsyncSession) -> dict[str, str]:
    """Topic code → German label, built-in and staff-added."""
    labels = {topic.value: label.de for topic, label in RESPONSIBILITY_TOPIC_LABELS.items()}
    labels.update({row["code"]: row["label_de"] for row in await responsibility_store.custom_topics(session)})
    return labels
