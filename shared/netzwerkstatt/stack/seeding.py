"""Loads the demo data file into a running stack through the services' own operations (NATS
request-reply), as staff or another system would: the registry's organisations, people, topics,
networks, responsibilities and its Schnittstellenpapier; then the events service's series
(``events.series.create``); the completed events, entered from their paper records with their
agenda, attendance and agreements (``events.event.enter_held``); the upcoming events, created,
given their agenda and published (``event.create``, ``agenda.set``, ``event.publish``) with their
people registered as confirmed another way (``registration.register`` with ``confirmation:
already_confirmed``); then the closed surveys with the answers of their forms
(``feedback.survey.enter_paper``); then a group work plan of each format on past events (the events
service's operations). The other services' projections fill from the registry's and the events
service's events, as in production (feedback learns of the completed events from
``event.held_entered``).

Idempotent: records carry their demo ids, and a create answered with ``duplicate_id`` means the
record is already there; an upcoming event's agenda, publication and registrations are entered only
while missing (and not at all once staff cancelled it); a second run changes nothing. A demo person
somebody erased stays erased: the run leaves out their substitute entries, registrations,
attendance, talks and ownership of agreements and names nobody in their place.

Nothing here sends an e-mail: the registry's events only update the contacts and the names other
services show, an event entered as held tells nobody, a paper survey sends no link, and a
registration confirmed another way is confirmed by no e-mail. Notifications plans the reminders
before the upcoming events for their registered people, as for anyone registered: a stack left
running until then sends them (to the local mail folder of `make up`)."""

from __future__ import annotations

import asyncio
import functools
import json
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import nats
from nats.aio.client import Client

from netzwerkstatt import demo, subjects
from netzwerkstatt.errors import NotFound, ServiceError
from netzwerkstatt.principal import Principal, Role
from netzwerkstatt.rpc import parse_reply

T = TypeVar("T")
TIMEOUT_SECONDS = 10.0
# Requests in flight at once (the services answer each in a task of their own).
CONCURRENCY = 8


@dataclass
class SeedReport:
    """How many records the run created and how many were there already, per kind."""

    created: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, *, created: bool) -> None:
        counts = self.created if created else self.present
        counts[kind] = counts.get(kind, 0) + 1

    def add(self, other: SeedReport) -> None:
        """Take the counts of another step of the run."""
        for mine, theirs in ((self.created, other.created), (self.present, other.present)):
            for kind, count in theirs.items():
                mine[kind] = mine.get(kind, 0) + count


# Whom the registry sees loading the demo: an admin API client of this name.
SEEDING_PRINCIPAL = Principal.staff(Role.ADMIN, token_name="demo-data")


class Registry:
    """Calls of a service's operations (the registry's unless named) over one NATS connection, as
    an admin."""

    def __init__(self, connection: Client, service: str = "registry") -> None:
        self.connection = connection
        self.service = service

    async def call(self, operation: str, body: dict[str, Any]) -> Any:
        message = await self.connection.request(
            subjects.operation(self.service, operation),
            json.dumps(body, default=str).encode(),
            timeout=TIMEOUT_SECONDS,
            headers=SEEDING_PRINCIPAL.headers(),
        )
        return parse_reply(message.data, Any)

    async def create(self, operation: str, body: dict[str, Any]) -> bool:
        """True when created, False when a record with this id was there already."""
        try:
            await self.call(operation, body)
        except ServiceError as error:
            if any(detail.code == "duplicate_id" for detail in error.details):
                return False
            raise
        return True


def _organisation(item: demo.DemoOrganisation) -> dict[str, Any]:
    channels = [
        {"kind": kind, "value": value}
        for kind, value in (("email", item.email), ("phone", item.phone), ("website", item.website))
        if value
    ]
    has_address = item.street or item.postal_code or item.city
    address = {"street": item.street, "postal_code": item.postal_code, "city": item.city}
    return {
        "id": item.id,
        "name": item.name,
        "type": item.type,
        "region_keys": list(item.region_keys),
        "parent_id": item.parent_id,
        "address": address if has_address else None,
        "contact_channels": channels,
    }


def _parents_first(organisations: tuple[demo.DemoOrganisation, ...]) -> list[list[demo.DemoOrganisation]]:
    """The organisations in generations: those without a parent first, then their children, ..."""
    placed: set[str] = set()
    generations: list[list[demo.DemoOrganisation]] = []
    pending = list(organisations)
    while pending:
        ready = [item for item in pending if item.parent_slug is None or item.parent_slug in placed]
        if not ready:
            raise demo.DemoDataError(f"organisations: parents form a cycle: {[i.slug for i in pending]}")
        generations.append(ready)
        placed |= {item.slug for item in ready}
        pending = [item for item in pending if item.slug not in placed]
    return generations


async def _each(items: Iterable[T], action: Callable[[T], Awaitable[None]]) -> None:
    """``action`` for every item, a few at a time; the first failure is raised."""
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(item: T) -> None:
        async with limit:
            await action(item)

    await asyncio.gather(*(one(item) for item in items))


def _person(item: demo.DemoPerson) -> dict[str, Any]:
    # Substitutes are set in a second pass, once everybody exists.
    return {
        "id": item.id,
        "given_name": item.given_name,
        "family_name": item.family_name,
        "form_of_address": item.form_of_address,
        "title": item.title,
        "emails": [item.email],
        "phone": item.phone,
        "language": item.language,
        "memberships": [
            {
                "organisation_id": membership.organisation_id,
                "function": membership.function,
                "decision_maker": membership.decision_maker,
                "start_date": membership.start_date,
            }
            for membership in item.memberships
        ],
        "consents": list(item.consents),
        "notes": item.notes,
    }


def _network(item: demo.DemoNetwork) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "kind": item.kind,
        "coordinating_organisation_id": item.coordinating_organisation_id,
        "member_organisation_ids": list(item.member_organisation_ids),
        "region_keys": list(item.region_keys),
        "sub_projects": [
            {
                "name": project.name,
                "organisation_id": demo.demo_id("organisation", project.organisation_slug),
                "programme": project.programme,
                "funders": list(project.funders),
                "start_date": project.start_date,
                "end_date": project.end_date,
            }
            for project in item.sub_projects
        ],
    }


async def _current_people(registry: Registry, data: demo.DemoData) -> dict[uuid.UUID, dict[str, Any] | None]:
    """Every demo person as the registry holds them now; None for one erased since an earlier run
    (the registry keeps only their id)."""
    current: dict[uuid.UUID, dict[str, Any] | None] = {}

    async def read(person: demo.DemoPerson) -> None:
        try:
            current[person.id] = await registry.call("person.get", {"person_id": person.id})
        except ServiceError as error:
            if not any(detail.code == "erased_person" for detail in error.details):
                raise
            current[person.id] = None

    await _each(data.people, read)
    return current


async def _people_and_erased(
    connection: Client, data: demo.DemoData
) -> tuple[dict[str, demo.DemoPerson], set[uuid.UUID]]:
    """The demo people by slug, and the ids of those erased since an earlier run (left out of what
    is entered, nobody named in their place)."""
    current = await _current_people(Registry(connection), data)
    return {person.slug: person for person in data.people}, _erased(current)


def _erased(current: dict[uuid.UUID, dict[str, Any] | None]) -> set[uuid.UUID]:
    return {person_id for person_id, held in current.items() if held is None}


async def _substitutes(
    registry: Registry,
    data: demo.DemoData,
    current: dict[uuid.UUID, dict[str, Any] | None],
    report: SeedReport,
) -> None:
    async def substitute(person: demo.DemoPerson) -> None:
        wanted = {
            m.organisation_id: m
            for m in person.memberships
            if m.substitute_person_id and current.get(m.substitute_person_id) is not None
        }
        held = current[person.id]
        if held is None:  # erased: stays so
            return
        for membership in held["memberships"]:
            entry = wanted.get(uuid.UUID(membership["organisation_id"]))
            if entry is None or membership.get("substitute_person_id") == str(entry.substitute_person_id):
                continue
            await registry.call(
                "person.membership.save",
                {
                    "person_id": person.id,
                    "organisation_id": entry.organisation_id,
                    "function": entry.function,
                    "decision_maker": entry.decision_maker,
                    "substitute_person_id": entry.substitute_person_id,
                    "start_date": entry.start_date,
                },
            )
            report.count("substitutes", created=True)

    await _each(
        [person for person in data.people if any(m.substitute_slug for m in person.memberships)],
        substitute,
    )


async def _responsibilities(
    registry: Registry, data: demo.DemoData, erased: set[uuid.UUID], report: SeedReport
) -> None:
    def unless_erased(person_id: uuid.UUID | None) -> uuid.UUID | None:
        return None if person_id in erased else person_id

    async def assign(item: demo.DemoResponsibility) -> None:
        existing = await registry.call(
            "responsibility.list",
            {"topic": item.topic, "organisation_id": item.organisation_id, "region_key": item.region_key},
        )
        if existing["total"]:
            report.count("responsibilities", created=False)
            return
        await registry.call(
            "responsibility.assign",
            {
                "topic": item.topic,
                "organisation_id": item.organisation_id,
                "region_key": item.region_key,
                "contact_person_id": unless_erased(item.contact_person_id),
                "substitute_person_id": unless_erased(item.substitute_person_id),
            },
        )
        report.count("responsibilities", created=True)

    await _each(data.responsibilities, assign)


async def seed_registry(connection: Client, data: demo.DemoData | None = None) -> SeedReport:
    """Load the registry's part of the demo data through its operations."""
    data = data or demo.current()
    registry = Registry(connection)
    report = SeedReport()

    async def organisation(item: demo.DemoOrganisation) -> None:
        report.count(
            "organisations", created=await registry.create("organisation.create", _organisation(item))
        )

    async def person(item: demo.DemoPerson) -> None:
        report.count("people", created=await registry.create("person.create", _person(item)))

    async def network(item: demo.DemoNetwork) -> None:
        report.count("networks", created=await registry.create("network.create", _network(item)))

    for generation in _parents_first(data.organisations):
        await _each(generation, organisation)
    await _each(data.people, person)
    current = await _current_people(registry, data)
    erased = _erased(current)
    await _substitutes(registry, data, current, report)
    listed = await registry.call("topic.list", {"limit": 500})
    topics = {topic["code"] for topic in listed["items"]}
    for topic in data.topics:
        if topic.code in topics:
            report.count("topics", created=False)
            continue
        await registry.call(
            "topic.create", {"code": topic.code, "label_de": topic.label_de, "label_en": topic.label_en}
        )
        report.count("topics", created=True)
    await _each(data.networks, network)
    await _responsibilities(registry, data, erased, report)
    for paper in data.interface_papers:
        issued = await registry.call("interface_paper.list", {"region_key": paper.region_key, "limit": 1})
        if issued["total"]:
            report.count("interface_papers", created=False)
            continue
        await registry.call("interface_paper.issue", {"region_key": paper.region_key, "title": paper.title})
        report.count("interface_papers", created=True)
    return report


# How long a group work step waits for the events service to learn of the people it names: the
# registry's events reach it a moment after the registry was loaded (and feedback learns of the
# events entered as held a moment after they were entered).
PROJECTION_WAIT_SECONDS = 60.0
# Records no event brings: missing, they are missing for good (the series are created before the
# events that belong to them, the survey templates by feedback itself).
NEVER_PROJECTED = frozenset({"series_id", "template_id"})


async def _once_known(step: Callable[[], Awaitable[Any]]) -> Any:
    """Run ``step``; while the service does not know a person, organisation or event yet, try again
    shortly."""
    deadline = asyncio.get_running_loop().time() + PROJECTION_WAIT_SECONDS
    while True:
        try:
            return await step()
        except NotFound as error:
            if any(detail.field in NEVER_PROJECTED for detail in error.details):
                raise
            if asyncio.get_running_loop().time() >= deadline:
                raise
            await asyncio.sleep(0.2)


def _held_event(
    item: demo.DemoEvent, people: dict[str, demo.DemoPerson], erased: set[uuid.UUID]
) -> dict[str, Any]:
    """A completed demo event as ``events.event.enter_held`` takes it: details, agenda, the attendees
    (present on every day, for their first organisation in the file) and the agreements. A demo
    person erased since stays out of it."""

    def unless_erased(person_id: uuid.UUID | None) -> uuid.UUID | None:
        return None if person_id in erased else person_id

    return _event_details(item) | {
        "agenda": _agenda(item, erased),
        "attendees": [
            {
                "person_id": people[slug].id,
                "organisation_id": people[slug].memberships[0].organisation_id
                if people[slug].memberships
                else None,
            }
            for slug in item.attendee_slugs
            if people[slug].id not in erased
        ],
        "agreements": [
            {
                "id": agreement.id,
                "text": agreement.text,
                "owner_organisation_id": demo.demo_id("organisation", agreement.owner_organisation_slug),
                "owner_person_id": unless_erased(_id_of_person(agreement.owner_slug)),
                "due_on": agreement.due_on,
                "status": agreement.status,
            }
            for agreement in item.agreements
        ],
    }


def _id_of_person(slug: str | None) -> uuid.UUID | None:
    return demo.demo_id("person", slug) if slug else None


def _agenda(item: demo.DemoEvent, erased: set[uuid.UUID]) -> list[dict[str, Any]]:
    """The event's agenda items as the events service takes them; an erased speaker is left out."""
    return [
        {
            "day": item.days[entry.day].date,
            "start": entry.start,
            "end": entry.end,
            "format": entry.format,
            "title": entry.title,
            "room": entry.room,
            "speakers": [
                {"person_id": person_id}
                for slug in entry.speaker_slugs
                if (person_id := demo.demo_id("person", slug)) not in erased
            ]
            + [{"guest_name": name} for name in entry.guest_speakers],
        }
        for entry in item.agenda
    ]


def _event_details(item: demo.DemoEvent) -> dict[str, Any]:
    """What a demo event says of itself, as ``event.create`` and ``event.enter_held`` take it."""
    venue = None
    if item.venue_name is not None:
        venue = {"name": item.venue_name, "address": item.venue_address, "room": item.venue_room}
    host = demo.demo_id("organisation", item.host_organisation_slug) if item.host_organisation_slug else None
    return {
        "id": item.id,
        "series_id": item.series_id,
        "edition": item.edition,
        "format": item.format,
        "network_id": demo.demo_id("network", item.network_slug),
        "title": item.title,
        "motto": item.motto,
        "description": item.description,
        "days": [{"date": day.date, "start": day.start, "end": day.end} for day in item.days],
        "venue": venue,
        "host_district_key": item.host_district_key,
        "host_organisation_id": host,
        "capacity": item.capacity,
        "seats_per_organisation": item.seats_per_organisation,
        "target_groups": list(item.target_groups),
        "funding_note": item.funding_note,
        "organiser": {"name": item.organiser_name, "email": item.organiser_email},
    }


async def seed_events_history(connection: Client, data: demo.DemoData | None = None) -> SeedReport:
    """Enter the demo's completed events through the events service's ``event.enter_held``, in the
    file's order (earlier editions first, so the series know who came before): with agenda,
    attendance and agreements, and nobody told. An event whose id is there already is left as it is."""
    data = data or demo.current()
    events = Registry(connection, "events")
    people, erased = await _people_and_erased(connection, data)
    report = SeedReport()
    for item in demo.completed_events_of(data):
        body = _held_event(item, people, erased)
        created = await _once_known(functools.partial(events.create, "event.enter_held", body))
        report.count("held_events", created=created)
    return report


def _series(item: demo.DemoSeries) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "format": item.format,
        "network_id": demo.demo_id("network", item.network_slug),
        "organiser_organisation_ids": [demo.demo_id("organisation", slug) for slug in item.organiser_slugs],
        "organiser_email": item.organiser_email,
        "host_pool": list(item.host_pool),
        "first_edition": item.first_edition,
    }


async def seed_series(connection: Client, data: demo.DemoData | None = None) -> SeedReport:
    """Create the demo's series through the events service's ``series.create``, with their demo
    ids, once the events service knows their networks and organisers (from the registry's events).
    A series whose id is there already is left as it is."""
    data = data or demo.current()
    events = Registry(connection, "events")
    report = SeedReport()

    async def series(item: demo.DemoSeries) -> None:
        created = await _once_known(functools.partial(events.create, "series.create", _series(item)))
        report.count("series", created=created)

    await _each(data.series, series)
    return report


async def _plan_event(
    events: Registry,
    item: demo.DemoEvent,
    people: dict[str, demo.DemoPerson],
    erased: set[uuid.UUID],
    report: SeedReport,
) -> None:
    """One upcoming demo event: created (a draft), its agenda set, published if the file says so,
    and its people registered as confirmed another way (nobody is sent a confirmation). Each step is
    taken only while it is missing, so a run broken off half-way is completed by the next one; an
    event staff have changed since (cancelled, say) is not touched."""
    created = await _once_known(functools.partial(events.create, "event.create", _event_details(item)))
    report.count("planned_events", created=created)
    event_id = str(item.id)
    status = (await events.call("event.get", {"event_id": event_id}))["status"]
    if status not in ("draft", "published"):
        return
    agenda = _agenda(item, erased)
    if agenda and not (await events.call("agenda.get", {"event_id": event_id}))["items"]:
        # Before publishing: the file's agenda belongs to the event as announced.
        await _once_known(
            functools.partial(events.call, "agenda.set", {"event_id": event_id, "items": agenda})
        )
    if status == "draft" and item.status == "published":
        status = (await events.call("event.publish", {"event_id": event_id}))["status"]
    if status != "published":
        return
    listed = await events.call("registration.list", {"event_id": event_id, "limit": 500})
    registered = {uuid.UUID(entry["person_id"]) for entry in listed["items"]}
    for slug in item.attendee_slugs:
        person = people[slug]
        if person.id in erased:
            continue
        if person.id in registered:
            report.count("registrations", created=False)
            continue
        body = {
            "event_id": event_id,
            "person_id": person.id,
            "organisation_id": person.memberships[0].organisation_id if person.memberships else None,
            "confirmation": "already_confirmed",
        }
        await _once_known(functools.partial(events.call, "registration.register", body))
        report.count("registrations", created=True)


async def seed_planned_events(connection: Client, data: demo.DemoData | None = None) -> SeedReport:
    """Enter the demo's upcoming events through the events service's operations as staff plan them:
    ``event.create`` with their demo ids (in their series, with the file's edition), ``agenda.set``,
    ``event.publish`` for the published ones, and ``registration.register`` for their people with
    ``confirmation: already_confirmed`` (they count as confirmed on the phone or on paper: no
    confirmation e-mail goes out, the reminders before the event are planned as for anyone
    registered). The series come first (``seed_series``), the completed editions before these
    (``seed_events_history``), so that a series knows who came before."""
    data = data or demo.current()
    events = Registry(connection, "events")
    people, erased = await _people_and_erased(connection, data)
    report = SeedReport()
    for item in data.events:
        if item.status != "completed":
            await _plan_event(events, item, people, erased, report)
    return report


async def seed_events(connection: Client, data: demo.DemoData | None = None) -> SeedReport:
    """The events service's part of the demo, in order: the series, the completed editions, the
    upcoming ones."""
    data = data or demo.current()
    report = SeedReport()
    for seed in (seed_series, seed_events_history, seed_planned_events):
        report.add(await seed(connection, data))
    return report


_RATING_KEYS = ("overall", "usefulness", "organisation", "topics", "networking")


def _paper_forms(survey: demo.DemoSurvey) -> list[dict[str, Any]]:
    """The survey's answers, one form each, as the default German evaluation asks them."""
    forms: list[dict[str, Any]] = []
    for index, ratings in enumerate(survey.ratings):
        answers: dict[str, Any] = dict(zip(_RATING_KEYS, ratings, strict=True))
        if index < len(survey.keep):
            answers["keep"] = survey.keep[index]
        if index < len(survey.change):
            answers["change"] = survey.change[index]
        forms.append(answers)
    return forms


async def seed_feedback_history(connection: Client, data: demo.DemoData | None = None) -> SeedReport:
    """Enter the closed surveys of the completed demo events through feedback's
    ``survey.enter_paper``: as many forms handed out as the event had attendees, the last back the
    day the survey would have closed. Feedback learns of the events from the events service's
    ``event.held_entered``, a moment after they were entered. A survey whose id is there already is
    left as it is."""
    data = data or demo.current()
    feedback = Registry(connection, "feedback")
    report = SeedReport()
    for survey in data.surveys:
        body = {
            "id": survey.survey_id,
            "event_id": survey.event_id,
            "handed_out": survey.invited,
            "closed_on": survey.closes_on,
            "forms": _paper_forms(survey),
        }
        created = await _once_known(functools.partial(feedback.create, "survey.enter_paper", body))
        report.count("paper_surveys", created=created)
    return report


async def seed_groupwork(connection: Client, data: demo.DemoData | None = None) -> SeedReport:
    """Make the demo's group work plans through the events service's operations: Barcamp sessions
    proposed and voted for, workshop preferences given, then the plan made again from them. A plan
    of the same title on its event means it is there already."""
    data = data or demo.current()
    events = Registry(connection, "events")
    report = SeedReport()
    for item in data.groupwork:
        listed = await events.call("groupwork.list", {"event_id": str(item.event_id), "limit": 500})
        if any(plan["title"] == item.title for plan in listed["items"]):
            report.count("groupwork_plans", created=False)
            continue
        body = {"title": item.title, "parameters": item.parameters, "participants": item.participants}
        plan = await events.call("groupwork.plan", body | {"event_id": str(item.event_id)})
        plan_id = str(plan["id"])
        for session in item.sessions:
            givers = [str(demo.demo_id("person", slug)) for slug in session.giver_slugs]
            proposal = {"plan_id": plan_id, "id": session.id, "title": session.title, "giver_ids": givers}
            await _once_known(functools.partial(events.call, "groupwork.propose_session", proposal))
        for slug, chosen in item.votes.items():
            person_id = str(demo.demo_id("person", slug))
            votes = {"plan_id": plan_id, "person_id": person_id, "session_ids": list(chosen)}
            await _once_known(functools.partial(events.call, "groupwork.cast_votes", votes))
        for slug, ranked in item.preferences.items():
            person_id = str(demo.demo_id("person", slug))
            ranking = {"plan_id": plan_id, "person_id": person_id, "ranked_workshop_ids": list(ranked)}
            await _once_known(functools.partial(events.call, "groupwork.set_preferences", ranking))
        if item.sessions or item.votes or item.preferences:
            await events.call("groupwork.rerun", {"plan_id": plan_id})
        report.count("groupwork_plans", created=True)
    return report


async def seed_stack(nats_url: str, user: str, password: str) -> SeedReport:
    """Connect to a running stack's NATS and load the demo data through the operations."""
    connection = await nats.connect(nats_url, user=user, password=password, max_reconnect_attempts=3)
    try:
        report = await seed_registry(connection)
        for seed in (seed_events, seed_feedback_history, seed_groupwork):
            report.add(await seed(connection))
        return report
    finally:
        await connection.close()
