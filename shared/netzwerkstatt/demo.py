"""Reader of the demo data file (``deploy/demo/demo.yaml``): networks, institutions and (fictional)
people of the five reported cases, their series and events, and the feedback given after them.

The data is a versioned file in the repository, not code, and it does not ship in the service
images; ``netzwerkstatt.stack.seeding`` loads it into a running stack through the services'
operations. Records are validated here (unknown keys, missing fields and dangling references are
errors naming the record) and come back as frozen records. Each id is a uuid5 of
``DEMO_NAMESPACE`` and a stable slug (``demo_id("organisation", "jobcenter-leipzig")``). Dates of
events, agreements and surveys are given in days relative to the day the data is read."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from datetime import date, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netzwerkstatt.contracts.groupwork import GroupworkPlanInput

DEMO_NAMESPACE = uuid.UUID("6f1d3c52-8a4e-5b7f-9c21-4e0d8b6a3f10")
FORMAT_VERSION = 1
# The Leipzig Schnittstellenpapier's region, the city of Leipzig (a key the demo tests look at).
LEIPZIG_CITY = "14713"
# Closed surveys keep their free texts this many days after closing (feedback's default retention).
FREE_TEXT_RETENTION_DAYS = 365
SURVEY_OPEN_DAYS = 14
DATA_FILE_VARIABLE = "NETZWERKSTATT_DEMO_DATA"


def demo_id(kind: str, slug: str) -> uuid.UUID:
    """The stable id of a demo record, e.g. ``demo_id("person", "mara-lindqvist")``."""
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{slug}")


def _id_or_none(kind: str, slug: str | None) -> uuid.UUID | None:
    return demo_id(kind, slug) if slug else None


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class DemoOrganisation(_Record):
    slug: str
    name: str
    type: str
    region_keys: tuple[str, ...]
    parent_slug: str | None = Field(default=None, alias="parent")
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None

    @property
    def id(self) -> uuid.UUID:
        return demo_id("organisation", self.slug)

    @property
    def parent_id(self) -> uuid.UUID | None:
        return _id_or_none("organisation", self.parent_slug)


class DemoMembership(_Record):
    organisation_slug: str = Field(alias="organisation")
    function: str | None = None
    decision_maker: bool = False
    substitute_slug: str | None = Field(default=None, alias="substitute")
    """Slug of the person who stands in for this one in this organisation."""
    start_date: date | None = None

    @property
    def organisation_id(self) -> uuid.UUID:
        return demo_id("organisation", self.organisation_slug)

    @property
    def substitute_person_id(self) -> uuid.UUID | None:
        return _id_or_none("person", self.substitute_slug)


class DemoPerson(_Record):
    slug: str
    given_name: str
    family_name: str
    form_of_address: str
    email: str
    phone: str | None = None
    title: str | None = None
    language: str = "de"
    memberships: tuple[DemoMembership, ...] = ()
    consents: tuple[str, ...] = ("network_event_contact", "contact_list_sharing")
    notes: str | None = None

    @property
    def id(self) -> uuid.UUID:
        return demo_id("person", self.slug)

    @property
    def consents_to_event_contact(self) -> bool:
        return "network_event_contact" in self.consents


class DemoSubProject(_Record):
    slug: str
    name: str
    organisation_slug: str = Field(alias="organisation")
    """The organisation that carries out the sub-project (Träger)."""
    programme: str
    funders: tuple[str, ...]
    start_date: date
    end_date: date

    @property
    def id(self) -> uuid.UUID:
        return demo_id("subproject", self.slug)


class DemoNetwork(_Record):
    slug: str
    name: str
    kind: str
    coordinating_slug: str | None = Field(default=None, alias="coordinating_organisation")
    member_slugs: tuple[str, ...] = Field(alias="members")
    region_keys: tuple[str, ...]
    district_keys: tuple[str, ...] = ()
    """Every district (Landkreis, kreisfreie Stadt, Bezirk) in the network's region."""
    sub_projects: tuple[DemoSubProject, ...] = ()

    @property
    def id(self) -> uuid.UUID:
        return demo_id("network", self.slug)

    @property
    def coordinating_organisation_id(self) -> uuid.UUID | None:
        return _id_or_none("organisation", self.coordinating_slug)

    @property
    def member_organisation_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(demo_id("organisation", slug) for slug in self.member_slugs)


class DemoTopic(_Record):
    """A responsibility topic added by staff (beyond the registry's built-in topics)."""

    code: str
    label_de: str
    label_en: str


class DemoResponsibility(_Record):
    topic: str
    organisation_slug: str = Field(alias="organisation")
    region_key: str
    contact_slug: str | None = Field(default=None, alias="contact")
    substitute_slug: str | None = Field(default=None, alias="substitute")

    @property
    def id(self) -> uuid.UUID:
        return demo_id("responsibility", f"{self.topic}:{self.organisation_slug}:{self.region_key}")

    @property
    def organisation_id(self) -> uuid.UUID:
        return demo_id("organisation", self.organisation_slug)

    @property
    def contact_person_id(self) -> uuid.UUID | None:
        return _id_or_none("person", self.contact_slug)

    @property
    def substitute_person_id(self) -> uuid.UUID | None:
        return _id_or_none("person", self.substitute_slug)


class DemoInterfacePaper(_Record):
    region_key: str
    title: str


class DemoSeries(_Record):
    slug: str
    title: str
    format: str
    """Format code of the events service: regional_workshop, ideas_workshop, ideas_cafe, ..."""
    network_slug: str = Field(alias="network")
    organiser_slugs: tuple[str, ...] = Field(alias="organisers")
    organiser_email: str
    host_pool: tuple[str, ...] = ()
    """District keys that take turns hosting, in pool order."""
    first_edition: int = 1

    @property
    def id(self) -> uuid.UUID:
        return demo_id("series", self.slug)


class _RelativeDay(_Record):
    in_days: int
    start: time
    end: time


class DemoEventDay(_Record):
    date: date
    start: time
    end: time


class DemoAgendaItem(_Record):
    day: int
    """Index of the event day."""
    start: time
    end: time
    format: str
    title: str
    room: str | None = None
    speaker_slugs: tuple[str, ...] = Field(default=(), alias="speakers")
    guest_speakers: tuple[str, ...] = ()


class _RelativeAgreement(_Record):
    slug: str
    text: str
    owner_organisation: str
    owner: str | None = None
    due_in_days: int | None = None
    status: Literal["open", "in_progress", "done", "dropped"] = "open"


class DemoAgreement(_Record):
    slug: str
    text: str
    owner_organisation_slug: str
    owner_slug: str | None = None
    due_on: date | None = None
    status: str = "open"

    @property
    def id(self) -> uuid.UUID:
        return demo_id("agreement", self.slug)


class _Venue(_Record):
    name: str
    address: str | None = None
    room: str | None = None


class _EventFields(_Record):
    slug: str
    title: str
    format: str
    network_slug: str = Field(alias="network")
    status: Literal["completed", "published", "draft"]
    """completed (with attendance), published or draft."""
    organiser_name: str
    organiser_email: str
    series_slug: str | None = Field(default=None, alias="series")
    edition: int | None = None
    motto: str | None = None
    description: str = ""
    host_district_key: str | None = None
    host_organisation_slug: str | None = Field(default=None, alias="host_organisation")
    capacity: int | None = None
    seats_per_organisation: int | None = None
    target_groups: tuple[str, ...] = ()
    funding_note: str | None = None
    attendee_slugs: tuple[str, ...] = Field(default=(), alias="attendees")
    """Completed events: present on every day. Planned events: confirmed registrations."""
    agenda: tuple[DemoAgendaItem, ...] = ()


class _RelativeEvent(_EventFields):
    days: tuple[_RelativeDay, ...] = Field(min_length=1)
    venue: _Venue | None = None
    agreements: tuple[_RelativeAgreement, ...] = ()


class DemoEvent(_EventFields):
    days: tuple[DemoEventDay, ...]
    venue_name: str | None = None
    venue_address: str | None = None
    venue_room: str | None = None
    agreements: tuple[DemoAgreement, ...] = ()

    @property
    def id(self) -> uuid.UUID:
        return demo_id("event", self.slug)

    @property
    def series_id(self) -> uuid.UUID | None:
        return _id_or_none("series", self.series_slug)

    @property
    def attendee_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(demo_id("person", slug) for slug in self.attendee_slugs)


Rating = tuple[int, int, int, int, int]


class _SurveyEntry(_Record):
    event: str
    ratings: tuple[Rating, ...] = Field(min_length=1)
    """One tuple per respondent: overall, usefulness, organisation, topics, networking."""
    keep: tuple[str, ...] = ()
    change: tuple[str, ...] = ()


class DemoSurvey(_Record):
    """The closed survey of a completed demo event with its (invented, anonymous) answers."""

    event_slug: str
    title: str
    first_day: date
    closes_on: date
    invited: int
    ratings: tuple[Rating, ...]
    keep: tuple[str, ...] = ()
    change: tuple[str, ...] = ()
    edition: int | None = None
    series_slug: str | None = None
    free_texts_removed: bool = False

    @property
    def event_id(self) -> uuid.UUID:
        return demo_id("event", self.event_slug)

    @property
    def survey_id(self) -> uuid.UUID:
        return demo_id("survey", self.event_slug)

    @property
    def series_id(self) -> uuid.UUID | None:
        return _id_or_none("series", self.series_slug)


class DemoSession(_Record):
    """A Barcamp session proposed before the plan is made."""

    id: str
    title: str
    giver_slugs: tuple[str, ...] = Field(min_length=1, alias="givers")


class DemoGroupwork(_Record):
    """A group work plan of a demo event, made through the events service's operations."""

    event_slug: str = Field(alias="event")
    title: str
    participants: Literal["confirmed", "checked_in"] = "checked_in"
    parameters: dict[str, Any]
    """The planner's parameters as the contract takes them (``kind`` names the format)."""
    sessions: tuple[DemoSession, ...] = ()
    votes: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Barcamp: person slug → the sessions they vote for."""
    preferences: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Workshop choice: person slug → workshops, best first."""

    @property
    def event_id(self) -> uuid.UUID:
        return demo_id("event", self.event_slug)


class _DemoFile(_Record):
    version: int
    organisations: tuple[DemoOrganisation, ...]
    people: tuple[DemoPerson, ...]
    topics: tuple[DemoTopic, ...] = ()
    networks: tuple[DemoNetwork, ...] = ()
    responsibilities: tuple[DemoResponsibility, ...] = ()
    interface_papers: tuple[DemoInterfacePaper, ...] = ()
    series: tuple[DemoSeries, ...] = ()
    events: tuple[_RelativeEvent, ...] = ()
    surveys: tuple[_SurveyEntry, ...] = ()
    groupwork: tuple[DemoGroupwork, ...] = ()


class DemoData(BaseModel):
    """The demo data as of one day: relative dates resolved, every reference checked."""

    model_config = ConfigDict(frozen=True)

    today: date
    organisations: tuple[DemoOrganisation, ...]
    people: tuple[DemoPerson, ...]
    topics: tuple[DemoTopic, ...]
    networks: tuple[DemoNetwork, ...]
    responsibilities: tuple[DemoResponsibility, ...]
    interface_papers: tuple[DemoInterfacePaper, ...]
    series: tuple[DemoSeries, ...]
    events: tuple[DemoEvent, ...]
    surveys: tuple[DemoSurvey, ...]
    groupwork: tuple[DemoGroupwork, ...] = ()


class DemoDataError(ValueError):
    """The demo data file is missing, of another version, malformed or inconsistent."""


def data_file() -> Path:
    """``$NETZWERKSTATT_DEMO_DATA`` or ``deploy/demo/demo.yaml`` of the repository."""
    configured = os.environ.get(DATA_FILE_VARIABLE)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "deploy" / "demo" / "demo.yaml"


def _event_on(entry: _RelativeEvent, today: date) -> DemoEvent:
    fields = entry.model_dump(exclude={"days", "venue", "agreements", "agenda"})
    return DemoEvent(
        **fields,
        agenda=entry.agenda,
        days=tuple(
            DemoEventDay(date=today + timedelta(days=day.in_days), start=day.start, end=day.end)
            for day in entry.days
        ),
        venue_name=entry.venue.name if entry.venue else None,
        venue_address=entry.venue.address if entry.venue else None,
        venue_room=entry.venue.room if entry.venue else None,
        agreements=tuple(
            DemoAgreement(
                slug=agreement.slug,
                text=agreement.text,
                owner_organisation_slug=agreement.owner_organisation,
                owner_slug=agreement.owner,
                due_on=None
                if agreement.due_in_days is None
                else today + timedelta(days=agreement.due_in_days),
                status=agreement.status,
            )
            for agreement in entry.agreements
        ),
    )


def _survey_of(entry: _SurveyEntry, event: DemoEvent, today: date) -> DemoSurvey:
    closes_on = event.days[-1].date + timedelta(days=1 + SURVEY_OPEN_DAYS)
    if closes_on > today:
        raise DemoDataError(
            f"surveys: {entry.event}: closes on {closes_on}, after today: demo surveys are closed"
        )
    expired = today >= closes_on + timedelta(days=FREE_TEXT_RETENTION_DAYS)
    if expired and (entry.keep or entry.change):
        raise DemoDataError(
            f"surveys: {entry.event}: free texts past their retention period (closed {closes_on})"
        )
    return DemoSurvey(
        event_slug=event.slug,
        title=event.title,
        first_day=event.days[0].date,
        closes_on=closes_on,
        invited=len(event.attendee_slugs),
        ratings=entry.ratings,
        keep=entry.keep,
        change=entry.change,
        edition=event.edition,
        series_slug=event.series_slug,
        free_texts_removed=expired,
    )


def _check_references(data: DemoData) -> None:
    organisations = {item.slug for item in data.organisations}
    people = {item.slug for item in data.people}
    networks = {item.slug for item in data.networks}
    series = {item.slug for item in data.series}
    problems: list[str] = []

    def expect(known: set[str], slugs: Iterable[str | None], where: str) -> None:
        problems.extend(
            f"{where}: unknown {slug!r}" for slug in slugs if slug is not None and slug not in known
        )

    for organisation in data.organisations:
        expect(organisations, [organisation.parent_slug], f"organisations: {organisation.slug}: parent")
    for person in data.people:
        for membership in person.memberships:
            expect(organisations, [membership.organisation_slug], f"people: {person.slug}: organisation")
            expect(people, [membership.substitute_slug], f"people: {person.slug}: substitute")
    for network in data.networks:
        expect(organisations, [network.coordinating_slug, *network.member_slugs], f"networks: {network.slug}")
        expect(
            organisations, [p.organisation_slug for p in network.sub_projects], f"networks: {network.slug}"
        )
    for responsibility in data.responsibilities:
        where = f"responsibilities: {responsibility.topic}"
        expect(organisations, [responsibility.organisation_slug], where)
        expect(people, [responsibility.contact_slug, responsibility.substitute_slug], where)
    for item in data.series:
        expect(networks, [item.network_slug], f"series: {item.slug}: network")
        expect(organisations, item.organiser_slugs, f"series: {item.slug}: organisers")
    for event in data.events:
        where = f"events: {event.slug}"
        expect(networks, [event.network_slug], f"{where}: network")
        expect(series, [event.series_slug], f"{where}: series")
        expect(organisations, [event.host_organisation_slug], f"{where}: host")
        expect(people, event.attendee_slugs, f"{where}: attendees")
        expect(people, [s for item in event.agenda for s in item.speaker_slugs], f"{where}: speakers")
        expect(organisations, [a.owner_organisation_slug for a in event.agreements], f"{where}: agreements")
        expect(people, [a.owner_slug for a in event.agreements], f"{where}: agreements")
        in_past = event.days[-1].date < data.today
        if in_past != (event.status == "completed"):
            problems.append(f"{where}: a {event.status} event on {event.days[0].date}")
    events = {event.slug: event for event in data.events}
    for plan in data.groupwork:
        where = f"groupwork: {plan.event_slug}"
        planned = events.get(plan.event_slug)
        if planned is None:
            problems.append(f"{where}: unknown event")
            continue
        attendees = set(planned.attendee_slugs)
        named = [s for session in plan.sessions for s in session.giver_slugs] + [
            *plan.votes,
            *plan.preferences,
        ]
        problems.extend(
            f"{where}: {slug!r} is not among the attendees" for slug in named if slug not in attendees
        )
        try:
            GroupworkPlanInput.model_validate(
                {"title": plan.title, "parameters": plan.parameters, "participants": plan.participants}
            )
        except ValidationError as error:
            problems.extend(f"{where}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
    if problems:
        raise DemoDataError("; ".join(problems))


def load(path: Path | None = None, *, today: date | None = None) -> DemoData:
    """Read, check and resolve the demo data file as of ``today`` (default: the current day)."""
    path = path or data_file()
    today = today or date.today()
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DemoDataError(f"{path}: cannot be read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise DemoDataError(f"{path}: not valid YAML ({error})") from error
    if not isinstance(raw, dict) or raw.get("version") != FORMAT_VERSION:
        found = raw.get("version") if isinstance(raw, dict) else None
        raise DemoDataError(f"{path}: version: expected {FORMAT_VERSION}, found {found!r}")
    try:
        parsed = _DemoFile.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, problem['loc']))}: {problem['msg']}" for problem in error.errors()
        )
        raise DemoDataError(f"{path}: {problems}") from error
    events = tuple(_event_on(entry, today) for entry in parsed.events)
    by_slug = {event.slug: event for event in events}
    surveys = []
    for entry in parsed.surveys:
        event = by_slug.get(entry.event)
        if event is None or event.status != "completed":
            raise DemoDataError(f"surveys: {entry.event}: not a completed demo event")
        surveys.append(_survey_of(entry, event, today))
    data = DemoData(
        today=today,
        organisations=parsed.organisations,
        people=parsed.people,
        topics=parsed.topics,
        networks=parsed.networks,
        responsibilities=parsed.responsibilities,
        interface_papers=parsed.interface_papers,
        series=parsed.series,
        events=events,
        surveys=tuple(surveys),
        groupwork=parsed.groupwork,
    )
    _check_references(data)
    return data


@cache
def current() -> DemoData:
    """The demo data file as of today, read once per process."""
    return load()


class _HasSlug(Protocol):
    @property
    def slug(self) -> str: ...


_T = TypeVar("_T", bound=_HasSlug)


def _by_slug(records: tuple[_T, ...], slug: str) -> _T:
    for record in records:
        if record.slug == slug:
            return record
    raise KeyError(slug)


def organisation(slug: str) -> DemoOrganisation:
    return _by_slug(current().organisations, slug)


def person(slug: str) -> DemoPerson:
    return _by_slug(current().people, slug)


def network(slug: str) -> DemoNetwork:
    return _by_slug(current().networks, slug)


def event_series(slug: str) -> DemoSeries:
    return _by_slug(current().series, slug)


def demo_event(slug: str) -> DemoEvent:
    return _by_slug(current().events, slug)


def completed_events_of(data: DemoData) -> tuple[DemoEvent, ...]:
    """The past events of ``data``, held and completed, with their attendees, in the file's order."""
    return tuple(event for event in data.events if event.status == "completed")


def completed_demo_events() -> tuple[DemoEvent, ...]:
    """The past events, held and completed, with their attendees."""
    return completed_events_of(current())


def __getattr__(name: str) -> Any:
    # The record lists under their established names, read from the file on first use.
    lists = {
        "ORGANISATIONS": "organisations",
        "PEOPLE": "people",
        "TOPICS": "topics",
        "NETWORKS": "networks",
        "RESPONSIBILITIES": "responsibilities",
        "EVENT_SERIES": "series",
        "DEMO_EVENTS": "events",
        "DEMO_SURVEYS": "surveys",
    }
    if name in lists:
        return getattr(current(), lists[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
