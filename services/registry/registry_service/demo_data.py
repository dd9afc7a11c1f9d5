"""The registry's demo data, loaded from the shared definition (``netzwerkstatt.demo``) so that every
service shows the same organisations, people and networks. Idempotent: records are created with
their fixed ids only when missing; a second run changes nothing."""

from __future__ import annotations

from netzwerkstatt import demo
from netzwerkstatt.contracts.registry import (
    Address,
    AssignResponsibility,
    ContactChannel,
    CreateNetwork,
    CreateOrganisation,
    CreatePerson,
    CreateTopic,
    IssueInterfacePaper,
    MembershipData,
    SaveMembership,
    SubProject,
)
from netzwerkstatt.db import Database
from netzwerkstatt.logs import get_logger
from netzwerkstatt.principal import Principal
from registry_service import api_networks, api_organisations, api_people, api_responsibilities, store
from registry_service.api_papers import issue_interface_paper

log = get_logger(__name__)


def _organisation_request(organisation: demo.DemoOrganisation) -> CreateOrganisation:
    channels = [
        ContactChannel(kind=kind, value=value)
        for kind, value in (
            ("email", organisation.email),
            ("phone", organisation.phone),
            ("website", organisation.website),
        )
        if value
    ]
    has_address = organisation.street or organisation.postal_code or organisation.city
    return CreateOrganisation(
        name=organisation.name,
        type=organisation.type,
        region_keys=list(organisation.region_keys),
        parent_id=organisation.parent_id,
        address=Address(
            street=organisation.street, postal_code=organisation.postal_code, city=organisation.city
        )
        if has_address
        else None,
        contact_channels=channels,
    )


def _person_request(person: demo.DemoPerson) -> CreatePerson:
    # Substitutes are set in a second pass, once everybody exists.
    return CreatePerson(
        given_name=person.given_name,
        family_name=person.family_name,
        form_of_address=person.form_of_address,
        title=person.title,
        emails=[person.email],
        phone=person.phone,
        language=person.language,
        memberships=[
            MembershipData(
                organisation_id=membership.organisation_id,
                function=membership.function,
                decision_maker=membership.decision_maker,
                start_date=membership.start_date,
            )
            for membership in person.memberships
        ],
        consents=list(person.consents),
        notes=person.notes,
    )


def _network_request(network: demo.DemoNetwork) -> CreateNetwork:
    return CreateNetwork(
        name=network.name,
        kind=network.kind,
        coordinating_organisation_id=network.coordinating_organisation_id,
        member_organisation_ids=list(network.member_organisation_ids),
        region_keys=list(network.region_keys),
        sub_projects=[
            SubProject(
                name=project.name,
                organisation_id=demo.organisation(project.organisation_slug).id,
                programme=project.programme,
                funders=list(project.funders),
                start_date=project.start_date,
                end_date=project.end_date,
            )
            for project in network.sub_projects
        ],
    )


async def seed_demo(database: Database) -> None:
    async with database.unit_of_work() as uow:
        session = uow.session
        for organisation in demo.ORGANISATIONS:
            if await store.get_organisation(session, organisation.id) is None:
                await api_organisations.create(uow, _organisation_request(organisation), organisation.id)
        for person in demo.PEOPLE:
            if await store.get_person_row(session, person.id) is None and not await store.was_erased(
                session, person.id
            ):
                await api_people.create(uow, _person_request(person), person.id)
        for person in demo.PEOPLE:
            for membership in person.memberships:
                substitute = membership.substitute_person_id
                current = await store.current_membership(session, person.id, membership.organisation_id)
                if substitute is None or current is None or current["substitute_person_id"] == substitute:
                    continue
                if not await store.existing_people(session, [substitute]):
                    continue
                await api_people.save_membership(
                    uow,
                    SaveMembership(
                        person_id=person.id,
                        organisation_id=membership.organisation_id,
                        function=membership.function,
                        decision_maker=membership.decision_maker,
                        substitute_person_id=substitute,
                        start_date=membership.start_date,
                    ),
                )
        known_topics = {topic.code for topic in await api_responsibilities.all_topics(session)}
        for topic in demo.TOPICS:
            if topic.code not in known_topics:
                await api_responsibilities.add_topic(
                    uow, CreateTopic(code=topic.code, label_de=topic.label_de, label_en=topic.label_en)
                )
        for network in demo.NETWORKS:
            if await store.get_network(session, network.id) is None:
                await api_networks.create(uow, _network_request(network), network.id)
        for responsibility in demo.RESPONSIBILITIES:
            existing, _ = await store.list_responsibilities(
                session,
                topic=responsibility.topic,
                organisation_ids=[responsibility.organisation_id],
                region_keys=[responsibility.region_key],
            )
            if existing:
                continue
            people = await store.existing_people(
                session,
                [p for p in (responsibility.contact_person_id, responsibility.substitute_person_id) if p],
            )
            await api_responsibilities.assign(
                uow,
                AssignResponsibility(
                    topic=responsibility.topic,
                    organisation_id=responsibility.organisation_id,
                    region_key=responsibility.region_key,
                    contact_person_id=responsibility.contact_person_id
                    if responsibility.contact_person_id in people
                    else None,
                    substitute_person_id=responsibility.substitute_person_id
                    if responsibility.substitute_person_id in people
                    else None,
                ),
                responsibility.id,
            )
        papers, _ = await store.list_papers(
            session, scope_kind="region", scope_key=demo.LEIPZIG_CITY, offset=0, limit=1
        )
    if not papers:
        await issue_interface_paper(
            IssueInterfacePaper(
                region_key=demo.LEIPZIG_CITY, title="Schnittstellenpapier Regionalworkshop Leipzig"
            ),
            Principal.of_service("registry"),  # the region's paper: the registry seeds it itself
            database,
        )
    log.info("registry demo data in place", organisations=len(demo.ORGANISATIONS), people=len(demo.PEOPLE))
