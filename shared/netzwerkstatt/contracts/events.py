"""Contract of the events service: the facts it announces (series, events, invitations,
registrations, attendance, agreements). Requests and views are added with their operations."""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import date, datetime, time
from typing import ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator

from netzwerkstatt.contracts import (
    MAX_AGENDA_ITEMS,
    MAX_DISTRICTS,
    MAX_EVENT_DAYS,
    MAX_FILE_BASE64,
    MAX_LISTED,
    MAX_NAMED_PEOPLE,
    MAX_STORED_INT,
    Changes,
    CodeText,
    ImportRowProblems,
    LabelText,
    MailAddress,
    Page,
    PageRequest,
    Request,
    View,
)
from netzwerkstatt.envelope import DomainEvent

SERVICE = "events"
TIMEZONE = "Europe/Berlin"


class EventDay(View):
    """One day of an event in local (Europe/Berlin) wall-clock time."""

    date: date
    start: time
    end: time


class Venue(View):
    name: str
    address: str | None = None
    room: str | None = None


class Organiser(View):
    """Who invites, as staff entered it: in the event's own views (not in its facts)."""

    name: str
    email: str | None = None


class PublicOrganiser(View):
    """Who invites, as an event's facts name it: the name only. The e-mail address staff enter may be a
    person's, so it stays off the streams; notifications asks for it when it sends (``link.issue``)."""

    name: str


class EventFacts(View):
    """What notifications and feedback need to tell people about an event."""

    event_id: uuid.UUID
    series_id: uuid.UUID | None = None
    series_title: str | None = None
    edition: int | None = None
    network_id: uuid.UUID | None = Field(
        default=None, description="The event's network: its coordinators may change what follows from it"
    )
    format: str
    title: str
    motto: str | None = None
    days: list[EventDay]
    timezone: str = TIMEZONE
    venue: Venue | None = None
    organiser: PublicOrganiser
    status: str
    capacity: int | None = None
    registration_deadline: datetime | None = None
    cancel_reason: str | None = Field(
        default=None, description="Why a cancelled event was cancelled, as staff wrote it for participants"
    )
    version: int = Field(description="Rises with every change; calendar SEQUENCE follows it")


class EventPublished(DomainEvent, service=SERVICE, name="event.published"):
    event: EventFacts


class EventUpdated(DomainEvent, service=SERVICE, name="event.updated"):
    event: EventFacts
    changed_fields: list[str]
    schedule_changed: bool = Field(description="Dates, times or venue changed: participants are told")


class EventCancelled(DomainEvent, service=SERVICE, name="event.cancelled"):
    event: EventFacts
    reason: str | None = None


class EventCompleted(DomainEvent, service=SERVICE, name="event.completed"):
    event: EventFacts
    attendee_person_ids: list[uuid.UUID] = Field(description="Checked in on at least one day")


class NextEditionPlanned(DomainEvent, service=SERVICE, name="event.next_edition_planned"):
    """Save-the-date: the next edition of a series is planned."""

    event: EventFacts
    previous_event_id: uuid.UUID
    audience_person_ids: list[uuid.UUID]


class RecordedFigures(View):
    """The attendance of an edition held before it was kept here, as counted then: numbers only, no
    persons. A figure not counted then is None."""

    attendees: int
    organisations: int
    districts_represented: int | None = Field(
        default=None, description="Districts of the network's region with at least one attendee"
    )
    decision_makers: int | None = None
    newcomers: int | None = None


class PastEditionRecorded(DomainEvent, service=SERVICE, name="event.past_edition_recorded"):
    """A past edition of a series entered afterwards as history: held (status completed), with its
    host and its counts. Nobody was invited, registered or checked in through the system, so nobody
    is told about it and no survey opens for it (no service consumes this fact)."""

    event: EventFacts
    figures: RecordedFigures


class HeldEventEntered(DomainEvent, service=SERVICE, name="event.held_entered"):
    """An event held before it was kept here, entered afterwards from its paper records (status
    completed): its agenda, the attendance list and the agreements made. Its attendees were never
    registered through the system, so nobody is told and no survey opens for it: feedback only keeps
    the event's facts (for a survey given on paper), nobody else consumes it."""

    event: EventFacts
    attendees: int = Field(description="People present on at least one day")


class InvitationIssued(DomainEvent, service=SERVICE, name="invitation.issued"):
    invitation_id: uuid.UUID
    event: EventFacts
    person_id: uuid.UUID


class InvitationWithdrawn(DomainEvent, service=SERVICE, name="invitation.withdrawn"):
    invitation_id: uuid.UUID
    event_id: uuid.UUID
    person_id: uuid.UUID
    reason: str


class RegistrationFacts(View):
    registration_id: uuid.UUID
    event: EventFacts
    person_id: uuid.UUID
    status: str = Field(description="confirmed, waitlisted, cancelled or declined")
    waitlist_position: int | None = None
    version: int


# How a confirmed registration reaches its person: by the confirmation e-mail (with the calendar
# entry), or it was confirmed another way before staff entered it (by phone, on paper, at a
# partner's desk) and no confirmation is sent. Reminders before the event go out either way.
Confirmation = Literal["mail", "already_confirmed"]


class RegistrationConfirmed(DomainEvent, service=SERVICE, name="registration.confirmed"):
    registration: RegistrationFacts
    confirmation: Confirmation = Field(
        default="mail",
        description="mail: the person is sent a confirmation with a calendar entry; already_confirmed:"
        " it was confirmed another way (phone, paper, a partner's desk) and no confirmation is sent."
        " Reminders are planned either way. A fact without this field means mail.",
    )


class RegistrationWaitlisted(DomainEvent, service=SERVICE, name="registration.waitlisted"):
    registration: RegistrationFacts


class RegistrationPromoted(DomainEvent, service=SERVICE, name="registration.promoted"):
    """A waitlisted registration got a place (a cancellation freed one, or capacity rose)."""

    registration: RegistrationFacts


class RegistrationCancelled(DomainEvent, service=SERVICE, name="registration.cancelled"):
    registration: RegistrationFacts


class InvitationDeclined(DomainEvent, service=SERVICE, name="invitation.declined"):
    invitation_id: uuid.UUID
    event_id: uuid.UUID
    person_id: uuid.UUID


class AttendanceRecorded(DomainEvent, service=SERVICE, name="attendance.recorded"):
    event_id: uuid.UUID
    person_id: uuid.UUID
    day: date
    present: bool


class AgreementFacts(View):
    agreement_id: uuid.UUID
    event_id: uuid.UUID | None
    text: str
    owner_organisation_id: uuid.UUID | None
    owner_person_id: uuid.UUID | None
    due_date: date | None
    status: str = Field(description="open, in_progress, done or dropped")
    version: int


class AgreementCreated(DomainEvent, service=SERVICE, name="agreement.created"):
    agreement: AgreementFacts


class AgreementChanged(DomainEvent, service=SERVICE, name="agreement.changed"):
    agreement: AgreementFacts


class AgreementDue(DomainEvent, service=SERVICE, name="agreement.due"):
    """An open agreement reached its due date (its owner is reminded)."""

    agreement: AgreementFacts


# == requests and views of the events service's operations ==========================================
# (Event payloads above are consumed by other services; everything below is what the service's
# request-reply subjects take and answer.)

FORMAT_CODES = (
    "regional_workshop",
    "ideas_workshop",
    "ideas_cafe",
    "learning_workshop",
    "future_workshop",
    "network_meeting",
    "specialist_day",
    "custom",
)


class EventDayInput(Request):
    date: dt.date = Field(examples=["2025-11-20"])
    start: time = Field(description="Wall-clock time in Europe/Berlin", examples=["10:00"])
    end: time = Field(description="Wall-clock time in Europe/Berlin", examples=["17:00"])


class VenueInput(Request):
    name: str = Field(min_length=1, max_length=200, examples=["einewelt haus Magdeburg"])
    address: str | None = Field(
        default=None, max_length=300, examples=["Schellingstraße 3–4, 39104 Magdeburg"]
    )
    room: str | None = Field(default=None, max_length=100, examples=["Saal"])


class OrganiserInput(Request):
    name: str = Field(min_length=1, max_length=200)
    email: MailAddress | None = Field(default=None, max_length=200)


# -- series -----------------------------------------------------------------------------------------


class CreateSeries(Request):
    id: uuid.UUID | None = Field(
        default=None,
        description="An id chosen by the caller (an import or another system keeping its own keys); "
        "a second create with the same id is refused as duplicate_id",
    )
    title: str = Field(min_length=2, max_length=200, examples=["IKOE-Ideenwerkstatt"])
    format: str = Field(
        max_length=100, description=f"One of {', '.join(FORMAT_CODES)}", examples=["ideas_workshop"]
    )
    network_id: uuid.UUID | None = None
    organiser_organisation_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_LISTED)
    organiser_email: MailAddress | None = Field(default=None, max_length=200, examples=["ikoe@example.org"])
    host_pool: list[CodeText] = Field(
        default_factory=list,
        max_length=MAX_DISTRICTS,
        description="Official keys of the districts that take turns hosting, in pool order",
        examples=[["15003", "15002", "15085"]],
    )
    first_edition: int = Field(
        default=1, ge=1, le=10_000, description="Number of the first edition recorded here"
    )


class SeriesRef(Request):
    series_id: uuid.UUID


class SeriesChanges(Changes):
    CLEARABLE = frozenset({"organiser_email"})

    title: str | None = Field(default=None, min_length=2, max_length=200)
    organiser_organisation_ids: list[uuid.UUID] | None = Field(default=None, max_length=MAX_LISTED)
    organiser_email: MailAddress | None = Field(default=None, max_length=200)
    host_pool: list[CodeText] | None = Field(default=None, max_length=MAX_DISTRICTS)


class UpdateSeries(SeriesChanges):
    series_id: uuid.UUID


class ListSeries(PageRequest):
    network_id: uuid.UUID | None = None


class SeriesView(View):
    id: uuid.UUID
    title: str
    format: str
    network_id: uuid.UUID | None
    organiser_organisation_ids: list[uuid.UUID]
    organiser_email: str | None
    host_pool: list[str]
    first_edition: int
    version: int


class EditionSummary(View):
    event_id: uuid.UUID
    edition: int | None
    title: str
    status: str
    first_day: date
    host_district_key: str | None
    confirmed: int
    attended: int = Field(description="Checked in on at least one day; of a recorded edition, its count")
    recorded: bool = Field(default=False, description="Entered afterwards as history, with counts only")


class SeriesOverview(View):
    series: SeriesView
    past_editions: list[EditionSummary]
    planned_editions: list[EditionSummary]
    next_edition: int
    next_host_suggestion: str | None = Field(description="District key; None when the pool is empty")
    open_agreements: list[AgreementFacts] = Field(description="Unfinished agreements for the next edition")


# -- series history ---------------------------------------------------------------------------------

MAX_RECORDED_DAYS = 14


class PastEditionEntry(Request):
    """A past edition of the series as it was held: its number, dates, host and attendance counts.
    It is recorded as held (completed); nobody is invited or told."""

    edition: int = Field(ge=1, le=10_000, examples=[11])
    title: str | None = Field(
        default=None,
        min_length=2,
        max_length=300,
        description="Defaults to the edition's number and the series' title: '11. IKOE-Ideenwerkstatt'",
    )
    first_day: date = Field(description="Today or earlier", examples=["2022-05-12"])
    last_day: date | None = Field(
        default=None,
        description=f"The last day of an edition of several days (at most {MAX_RECORDED_DAYS}); "
        "defaults to the first",
        examples=["2022-05-13"],
    )
    host_district_key: str = Field(
        min_length=1,
        max_length=50,
        description="Official key of the hosting district (or a key of the series' host pool)",
        examples=["15002"],
    )
    venue: VenueInput | None = None
    attendees: int = Field(ge=0, le=100_000, examples=[34])
    organisations: int = Field(ge=0, le=100_000, description="Organisations represented", examples=[21])
    districts_represented: int | None = Field(
        default=None, ge=0, le=1_000, description="Districts of the network's region represented"
    )
    decision_makers: int | None = Field(default=None, ge=0, le=100_000)
    newcomers: int | None = Field(default=None, ge=0, le=100_000)


class RecordPastEdition(PastEditionEntry):
    series_id: uuid.UUID


class HistoryUpload(Request):
    """A CSV or XLSX file of past editions of a series, one row each under a header row: Ausgabe,
    Datum, Gastgeber-Kreis, Teilnehmende, Organisationen; optionally Vertretene Kreise,
    Entscheidungsträger*innen, Neue Teilnehmende, Titel, Ort (or the English headers)."""

    file_name: str = Field(min_length=1, max_length=300, examples=["ideenwerkstatt-ausgaben.xlsx"])
    content_base64: str = Field(
        min_length=1, max_length=MAX_FILE_BASE64, description="The file's bytes, base64-encoded"
    )


class HistoryImportFile(HistoryUpload):
    series_id: uuid.UUID


class HistoryImportRow(View):
    """What a valid row would record."""

    row: int = Field(description="The row's line in the file (the header is line 1)")
    edition: int
    title: str
    first_day: date
    last_day: date
    host_district_key: str
    venue_name: str | None
    figures: RecordedFigures


class HistoryImportReport(View):
    """The dry run of a history import: every row that would be recorded and every problem, by row
    and column; nothing is saved."""

    series_id: uuid.UUID
    columns: dict[str, str] = Field(description="Field name → the header it was read from")
    ignored_columns: list[str]
    blank_rows: list[int]
    valid_count: int
    invalid_count: int
    rows: list[HistoryImportRow]
    invalid_rows: list[ImportRowProblems]


class HistoryImportResult(View):
    series_id: uuid.UUID
    recorded: int
    editions: list[int] = Field(description="The edition numbers recorded, in file order")


# -- events -----------------------------------------------------------------------------------------


class CreateEvent(Request):
    id: uuid.UUID | None = Field(
        default=None,
        description="An id chosen by the caller (an import or another system keeping its own keys); "
        "a second create with the same id is refused as duplicate_id",
    )
    series_id: uuid.UUID | None = None
    edition: int | None = Field(
        default=None, ge=1, le=10_000, description="Defaults to the series' next edition"
    )
    format: str | None = Field(max_length=100, default=None, description="Defaults to the series' format")
    network_id: uuid.UUID | None = Field(default=None, description="Defaults to the series' network")
    title: str = Field(min_length=2, max_length=300, examples=["14. IKOE-Ideenwerkstatt"])
    motto: str | None = Field(default=None, max_length=1000)
    description: str = Field(default="", max_length=20000)
    days: list[EventDayInput] = Field(min_length=1, max_length=MAX_EVENT_DAYS)
    venue: VenueInput | None = None
    host_district_key: str | None = Field(max_length=100, default=None, examples=["15002"])
    host_organisation_id: uuid.UUID | None = None
    capacity: int | None = Field(default=None, ge=1, le=100_000, examples=[25])
    seats_per_organisation: int | None = Field(default=None, ge=1, le=100_000, examples=[2])
    target_groups: list[LabelText] = Field(
        default_factory=list, max_length=MAX_LISTED, examples=[["Integrationskoordinator*innen"]]
    )
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    funding_note: str | None = Field(default=None, max_length=2000)
    organiser: OrganiserInput | None = Field(default=None, description="Defaults to the series' organisers")


class EventRef(Request):
    event_id: uuid.UUID


class ListEvents(PageRequest):
    series_id: uuid.UUID | None = None
    status: str | None = Field(default=None, max_length=100)
    network_ids: list[uuid.UUID] | None = Field(
        default=None, max_length=100, description="Only events of these networks"
    )
    upcoming: bool = Field(
        default=False, description="Only events not yet over (last day today or later), not cancelled"
    )
    q: str | None = Field(
        default=None, max_length=200, description="Words in the title, the motto or the venue's name"
    )
    first_day: date | None = Field(default=None, description="Only events with a day on or after this date")
    last_day: date | None = Field(default=None, description="Only events with a day on or before this date")


class EventChanges(Request):
    """Only the fields given are changed; what may change depends on the event's status."""

    title: str | None = Field(default=None, min_length=2, max_length=300)
    motto: str | None = Field(default=None, max_length=1000)
    description: str | None = Field(default=None, max_length=20000)
    days: list[EventDayInput] | None = Field(default=None, min_length=1, max_length=MAX_EVENT_DAYS)
    venue: VenueInput | None = None
    host_district_key: str | None = Field(default=None, max_length=100)
    host_organisation_id: uuid.UUID | None = None
    capacity: int | None = Field(default=None, ge=1, le=100_000)
    seats_per_organisation: int | None = Field(default=None, ge=1, le=100_000)
    target_groups: list[LabelText] | None = Field(default=None, max_length=MAX_LISTED)
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    funding_note: str | None = Field(default=None, max_length=2000)


class UpdateEvent(EventChanges):
    event_id: uuid.UUID


class Cancellation(Request):
    reason: str | None = Field(default=None, max_length=2000)


class CancelEvent(Cancellation):
    event_id: uuid.UUID


class NextEditionPlan(Request):
    days: list[EventDayInput] = Field(min_length=1, max_length=MAX_EVENT_DAYS)
    title: str | None = Field(
        max_length=300, default=None, description="Defaults to the title with the edition counted up"
    )
    motto: str | None = Field(default=None, max_length=1000)
    venue: VenueInput | None = Field(default=None, description="Defaults to the previous venue")
    host_district_key: str | None = Field(
        max_length=100, default=None, description="Defaults to the rotation's suggestion"
    )
    host_organisation_id: uuid.UUID | None = None


class PlanNextEdition(NextEditionPlan):
    event_id: uuid.UUID = Field(description="The edition the next one follows")


class EventView(View):
    id: uuid.UUID
    series_id: uuid.UUID | None
    series_title: str | None
    edition: int | None
    format: str
    network_id: uuid.UUID | None
    title: str
    motto: str | None
    description: str
    days: list[EventDay]
    timezone: str = TIMEZONE
    starts_at: datetime
    ends_at: datetime
    venue: Venue | None
    host_district_key: str | None
    host_organisation_id: uuid.UUID | None
    capacity: int | None
    seats_per_organisation: int | None
    target_groups: list[str]
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    funding_note: str | None
    organiser: Organiser
    status: str
    cancel_reason: str | None
    confirmed: int
    waitlisted: int
    version: int
    recorded_figures: RecordedFigures | None = Field(
        default=None,
        description="Set for an edition entered afterwards as history: its counts (no persons); "
        "its days run 00:00–23:59, the times were not recorded",
    )


# -- agenda -----------------------------------------------------------------------------------------


class SpeakerInput(Request):
    """One of: ``person_id``; ``guest_name`` (someone from outside, by name); or ``name``, as people
    type it: the person of the event's network (or already speaking at the event) of that name, with
    or without title, or "Name (Organisation)" where several share it; a name nobody there has is a
    guest. Several people of the name are ``ambiguous_speaker``, a name with an id in square brackets
    that is no known person ``unknown_speaker``, both at ``items.N.speakers``."""

    person_id: uuid.UUID | None = None
    guest_name: str | None = Field(default=None, min_length=1, max_length=200)
    name: str | None = Field(default=None, min_length=1, max_length=200)


class AgendaItemInput(Request):
    day: date
    start: time
    end: time
    format: str = Field(max_length=100, examples=["impulse"])
    title: str = Field(min_length=1, max_length=300)
    room: str | None = Field(default=None, max_length=100)
    speakers: list[SpeakerInput] = Field(default_factory=list, max_length=MAX_LISTED)


class AgendaItems(Request):
    """Replace the event's whole agenda; it is checked as a whole (rooms and speakers)."""

    items: list[AgendaItemInput] = Field(max_length=MAX_AGENDA_ITEMS)


class SetAgenda(AgendaItems):
    event_id: uuid.UUID


class SpeakerView(View):
    person_id: uuid.UUID | None
    name: str | None = Field(description="None: the speaker was erased")


class AgendaItemView(View):
    id: uuid.UUID
    day: date
    start: time
    end: time
    format: str
    title: str
    room: str | None
    speakers: list[SpeakerView]


class AgendaView(View):
    event_id: uuid.UUID
    items: list[AgendaItemView]


# -- invitations ------------------------------------------------------------------------------------


class Audience(Request):
    """Choose the audience: every criterion given narrows it; named people are always added."""

    network_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_LISTED)
    region_keys: list[CodeText] = Field(default_factory=list, max_length=MAX_DISTRICTS, examples=[["14"]])
    organisation_types: list[CodeText] = Field(
        default_factory=list, max_length=MAX_LISTED, examples=[["jobcenter", "agency_for_work"]]
    )
    decision_makers_only: bool = False
    person_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_NAMED_PEOPLE)


class IssueInvitations(Audience):
    event_id: uuid.UUID


class InvitationView(View):
    id: uuid.UUID
    event_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str | None = Field(description="None: the person was erased")
    organisation_id: uuid.UUID | None
    organisation_name: str | None
    status: str = Field(description="The answer: issued (none yet), accepted, declined or withdrawn")
    reason: str | None
    issued_at: datetime
    responded_at: datetime | None
    registration_status: str | None = Field(
        default=None,
        description="The person's registration for the event as it stands now (confirmed, waitlisted,"
        " cancelled, declined), also when made or cancelled another way; None: not registered",
    )
    waitlist_position: int | None = Field(default=None, description="Their place on the waitlist (1 is next)")
    state: str = Field(
        default="open",
        description="Where the invitation stands now: open (no answer, not registered), confirmed,"
        " waitlisted, cancelled, declined or withdrawn; the registration tells once there is one",
    )


class InvitationsIssued(View):
    issued: list[InvitationView]
    already_invited: int


class InvitationRecipient(View):
    person_id: uuid.UUID
    person_name: str | None = Field(description="None: the person was erased")
    organisation_id: uuid.UUID | None
    organisation_name: str | None
    already_invited: bool = Field(description="Invited before: an invitation now skips them")


class InvitationPreview(View):
    """Whom an invitation with this audience would reach, before anything is sent."""

    recipients: list[InvitationRecipient] = Field(description="By organisation, then by name")
    new: int = Field(description="Who would be invited now")
    already_invited: int


class ListInvitations(PageRequest):
    event_id: uuid.UUID


class InvitationList(Page[InvitationView]):
    event_id: uuid.UUID
    counts: dict[str, int] = Field(
        default_factory=dict, description="How many of all the event's invitations have each status"
    )
    states: dict[str, int] = Field(
        default_factory=dict, description="How many of all the event's invitations stand at each state"
    )


class RespondToInvitation(Request):
    token: str = Field(min_length=10, max_length=200)
    answer: Literal["accept", "decline"]


class InvitationResponse(View):
    invitation: InvitationView
    registration: RegistrationView | None = None


class InvitationByToken(Request):
    token: str = Field(min_length=10, max_length=200)


class PublicInvitation(View):
    """What the public invitation page shows, before and after the answer: no other person's data."""

    invitation_id: uuid.UUID
    event: EventFacts
    status: str = Field(description="issued, accepted or declined (withdrawn ones are not found)")
    registration_status: str | None = Field(
        default=None,
        description="The person's registration for the event as it stands now (confirmed, waitlisted,"
        " cancelled, declined), also when made or cancelled another way; None: not registered",
    )
    waitlist_position: int | None = Field(default=None, description="Their place on the waitlist (1 is next)")


# -- registrations ----------------------------------------------------------------------------------


class Registrant(Request):
    person_id: uuid.UUID
    organisation_id: uuid.UUID | None = Field(
        default=None, description="The organisation whose seat is taken; defaults to the person's first"
    )
    confirmation: Confirmation = Field(
        default="mail",
        description="mail (default): a confirmed registration is confirmed by e-mail with a calendar"
        " entry; already_confirmed: staff enter a registration the person was already given another"
        " way (phone, paper, a partner's desk), so no confirmation is sent, while reminders before the"
        " event are. A registration put on the waitlist is told so by e-mail either way.",
    )


class Register(Registrant):
    event_id: uuid.UUID


class CancelRegistration(Request):
    """Staff cancel by registration id; a participant by the token from their e-mail."""

    registration_id: uuid.UUID | None = None
    token: str | None = Field(default=None, min_length=10, max_length=200)


class RegistrationByToken(Request):
    token: str = Field(min_length=10, max_length=200)


class RegistrationRef(Request):
    registration_id: uuid.UUID


class SubstituteChoice(Request):
    substitute_person_id: uuid.UUID


class Substitute(SubstituteChoice):
    registration_id: uuid.UUID = Field(description="The member's registration that is handed over")


class ListRegistrations(PageRequest):
    event_id: uuid.UUID
    status: str | None = Field(default=None, max_length=100)


class RegistrationView(View):
    id: uuid.UUID
    event_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str | None = Field(description="None: the person was erased")
    organisation_id: uuid.UUID | None
    organisation_name: str | None
    status: str
    waitlist_position: int | None
    registered_at: datetime
    is_newcomer: bool
    is_decision_maker: bool
    substitute_for: uuid.UUID | None
    version: int


class RegistrationList(Page[RegistrationView]):
    """A page of the registrations (of ``status`` if given) with the whole event's counts."""

    event_id: uuid.UUID
    capacity: int | None
    confirmed: int
    waitlisted: int


class PublicRegistration(View):
    """What the public token page shows: no other person's data."""

    registration_id: uuid.UUID
    event: EventFacts
    status: str
    waitlist_position: int | None


# -- the participants' links (notifications asks for them, for the e-mail it sends) -----------------

LinkKind = Literal["invitation", "registration"]
MAX_LINKS_PER_REQUEST = 500


class LinkTarget(Request):
    """The invitation (accept/decline page) or registration (cancel page, calendar) a link opens."""

    kind: LinkKind
    id: uuid.UUID


class IssueLinks(Request):
    """What a batch of e-mails needs of the events service and no stream carries: a fresh capability
    token per target, for one e-mail each (tokens exist in the reply and in the e-mail only; the events
    service keeps their digests), and the organiser's e-mail address of each event the e-mails are
    about (their Reply-To and calendar organizer)."""

    organisers_of: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=MAX_LINKS_PER_REQUEST,
        description="Events whose organiser's e-mail address the e-mails give",
    )
    # After ``organisers_of``: its check needs to know whether events were named.
    targets: list[LinkTarget] = Field(
        default_factory=list, max_length=MAX_LINKS_PER_REQUEST, validate_default=True
    )

    @field_validator("targets")
    @classmethod
    def _asks_for_something(cls, targets: list[LinkTarget], info: ValidationInfo) -> list[LinkTarget]:
        if not targets and not info.data.get("organisers_of"):
            raise ValueError("name at least one link target (or an event in organisers_of)")
        return targets


class IssuedLink(View):
    kind: LinkKind
    id: uuid.UUID
    token: str


class OrganiserAddress(View):
    event_id: uuid.UUID
    name: str
    email: str | None = Field(description="None: staff entered no address; the office's is used")


class IssuedLinks(View):
    """One link per target that exists (an erased person's rows and unknown ids get none), and the
    organiser of each event that exists."""

    links: list[IssuedLink]
    organisers: list[OrganiserAddress] = Field(default_factory=list)


# -- attendance -------------------------------------------------------------------------------------


class CheckIn(Request):
    registration_id: uuid.UUID
    day: date
    present: bool = True


class RecordAttendance(CheckIn):
    event_id: uuid.UUID


class AttendanceRow(View):
    registration_id: uuid.UUID
    person_id: uuid.UUID
    person_name: str | None = Field(description="None: the person was erased")
    organisation_name: str | None
    days: dict[str, bool | None] = Field(description="ISO date → present, absent or not recorded")
    missed_days: list[date] = Field(
        default_factory=list,
        description="Days they did not come: marked absent, or (confirmed) the day is over (its end time in"
        " Europe/Berlin, or the event completed) and they were not checked in",
    )
    no_show: bool = Field(
        description="Confirmed, and did not come on any of the event's days (see missed_days): not yet"
        " while a day without a check-in has not ended"
    )


class AttendanceView(View):
    event_id: uuid.UUID
    days: list[date]
    rows: list[AttendanceRow]
    present_per_day: dict[str, int]
    missed_per_day: dict[str, int] = Field(
        default_factory=dict,
        description="ISO date → how many did not come that day: marked absent, or, once the day is"
        " over, not checked in",
    )
    no_shows: int = Field(description="How many rows are no_show")


class PrintableRequest(Request):
    event_id: uuid.UUID
    day: date | None = Field(default=None, description="Sign-in sheet of one day; default the first")


class PrintableRow(View):
    person_name: str | None = Field(description="None: the person was erased")
    organisation_name: str | None
    is_decision_maker: bool
    is_newcomer: bool


class PrintableParticipants(View):
    """What the printed participant list and sign-in sheet show (the gateway prints them in the
    reader's language): the confirmed participants and anyone with recorded attendance, by
    organisation and name."""

    event_id: uuid.UUID
    title: str
    days: list[EventDay]
    venue: Venue | None
    day: date | None = Field(description="The sign-in sheet's day, when one was asked for")
    rows: list[PrintableRow]


# -- figures ----------------------------------------------------------------------------------------


class FiguresView(View):
    attendees: int
    districts_represented: int
    districts_total: int
    districts_missing: list[str]
    organisations: int
    institution_types: dict[str, int]
    decision_makers: int
    decision_maker_share: float | None
    newcomers: int
    district_keys: list[str] = Field(
        default_factory=list, description="The network's districts (official keys), in the network's order"
    )
    represented_district_keys: list[str] = Field(
        default_factory=list,
        description="Districts (official keys) with at least one attendee, the network's and guests' alike",
    )
    recorded: bool = Field(
        default=False, description="Counts recorded afterwards as history, not attendance checked in"
    )
    not_recorded: list[str] = Field(
        default_factory=list,
        description="Of a recorded edition: the figures not counted then (shown as unknown, given as 0)",
    )


class EventFiguresView(View):
    event_id: uuid.UUID
    figures: FiguresView


class EditionFiguresView(View):
    event_id: uuid.UUID
    edition: int
    figures: FiguresView
    attendee_change: int | None


class SeriesFiguresView(View):
    series_id: uuid.UUID
    editions: list[EditionFiguresView]
    distinct_people: int
    districts_ever_represented: int
    districts_total: int
    district_keys: list[str] = Field(
        default_factory=list, description="The network's districts (official keys), in the network's order"
    )
    represented_district_keys: list[str] = Field(
        default_factory=list,
        description="Districts (official keys) with an attendee at any edition held, guests' too",
    )
    recorded_editions: list[int] = Field(
        default_factory=list, description="Editions whose figures were recorded afterwards as counts"
    )
    recorded_attendances: int = Field(
        default=0,
        description="Their attendees summed: people counted, not known by name, so not in distinct_people",
    )


class QuarterFiguresRequest(Request):
    quarters: int = Field(default=4, ge=1, le=12, description="How many quarters, the current one last")
    network_ids: list[uuid.UUID] | None = Field(
        default=None, max_length=100, description="Only events of these networks"
    )


class QuarterFiguresView(View):
    """Events held (running or completed) whose first day falls in the quarter, with their
    attendees, and the agreements made at them."""

    year: int
    quarter: int = Field(ge=1, le=4)
    events_held: int
    attendances: int = Field(description="Attendees summed over the events")
    people: int = Field(description="Distinct people among them")
    organisations: int
    districts_covered: int = Field(description="Districts with at least one attendee")
    agreements_made: int
    agreements_open: int = Field(description="Of those, still open or in progress")
    recorded_events: int = Field(
        default=0,
        description="Of the events held, editions recorded afterwards as history: their counts are "
        "added (their attendees and organisations, who cannot be matched with others, as distinct)",
    )


class QuarterFiguresList(View):
    quarters: list[QuarterFiguresView] = Field(description="Oldest first; the current quarter last")


# -- agreements -------------------------------------------------------------------------------------

# An agreement is a sentence or a short paragraph that lists and reminders show whole.
MAX_AGREEMENT_TEXT = 1000


class AgreementTerms(Request):
    text: str = Field(
        min_length=1, max_length=MAX_AGREEMENT_TEXT, examples=["Gemeinsames Infoblatt für Arbeitgeber"]
    )
    owner_organisation_id: uuid.UUID
    owner_person_id: uuid.UUID | None = None
    due_on: date | None = None


class CreateAgreement(AgreementTerms):
    event_id: uuid.UUID
    id: uuid.UUID | None = Field(
        default=None,
        description="An id chosen by the caller (a form sent twice names the same agreement); a second "
        "create with the same id is refused as duplicate_id",
    )


class AgreementChanges(Changes):
    """Change an agreement: fields left out stay as they are; ``owner_person_id: null`` and
    ``due_on: null`` clear the responsible person and the due date. A new responsible organisation
    names its own person: changed without one, the agreement has no responsible person."""

    CLEARABLE: ClassVar[frozenset[str]] = frozenset({"expected_version", "owner_person_id", "due_on"})

    status: Literal["open", "in_progress", "done", "dropped"] | None = None
    text: str | None = Field(default=None, min_length=1, max_length=MAX_AGREEMENT_TEXT)
    owner_organisation_id: uuid.UUID | None = None
    owner_person_id: uuid.UUID | None = None
    due_on: date | None = None


class ChangeAgreement(AgreementChanges):
    agreement_id: uuid.UUID
    expected_version: int | None = Field(
        default=None,
        ge=1,
        le=MAX_STORED_INT,
        description="The version the editor started from; refused as stale_version when the "
        "agreement changed since. Left out, the change applies to the agreement as it is now",
    )


class ListAgreements(PageRequest):
    event_id: uuid.UUID | None = None
    series_id: uuid.UUID | None = None
    unfinished_only: bool = False


class AgreementList(Page[AgreementFacts]):
    pass


# -- held events entered afterwards --------------------------------------------------------------------


class HeldAttendee(Request):
    """A line of the paper attendance list: who was there, for which organisation, on which days."""

    person_id: uuid.UUID
    organisation_id: uuid.UUID | None = Field(
        default=None, description="The organisation they came for; defaults to the person's first"
    )
    days: list[date] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_RECORDED_DAYS,
        description="The days they were present; every day of the event when left out",
    )


class HeldAgreement(AgreementTerms):
    """An agreement made at the held event, as it stands now."""

    id: uuid.UUID | None = Field(default=None, description="Chosen by the caller; a new one when left out")
    status: Literal["open", "in_progress", "done", "dropped"] = "open"


class EnterHeldEvent(Request):
    """An event held before it was kept here, entered afterwards as completed: its details as for a
    new event (every day before today), its agenda, the attendance list taken then (each person is
    registered and present on their days) and the agreements made. Nobody is invited, told,
    reminded or surveyed; an agreement already due is not reminded either."""

    id: uuid.UUID | None = Field(
        default=None,
        description="Chosen by the caller (a create with an id that exists is refused as duplicate_id)",
    )
    series_id: uuid.UUID | None = None
    edition: int | None = Field(default=None, ge=1, le=10_000)
    format: str | None = Field(max_length=100, default=None, description="Defaults to the series' format")
    network_id: uuid.UUID | None = Field(default=None, description="Defaults to the series' network")
    title: str = Field(min_length=2, max_length=300, examples=["1. Regionalworkshop Leipzig"])
    motto: str | None = Field(default=None, max_length=1000)
    description: str = Field(default="", max_length=20000)
    days: list[EventDayInput] = Field(min_length=1, max_length=MAX_RECORDED_DAYS)
    venue: VenueInput | None = None
    host_district_key: str | None = Field(max_length=100, default=None, examples=["14713"])
    host_organisation_id: uuid.UUID | None = None
    capacity: int | None = Field(default=None, ge=1, le=100_000)
    seats_per_organisation: int | None = Field(default=None, ge=1, le=100_000)
    target_groups: list[LabelText] = Field(default_factory=list, max_length=MAX_LISTED)
    funding_note: str | None = Field(default=None, max_length=2000)
    organiser: OrganiserInput | None = Field(default=None, description="Defaults to the series' organisers")
    agenda: list[AgendaItemInput] = Field(default_factory=list, max_length=500)
    # A regional event's list; a thousand people are entered in about two seconds, well inside the
    # time a caller waits for the answer.
    attendees: list[HeldAttendee] = Field(default_factory=list, max_length=1000)
    agreements: list[HeldAgreement] = Field(default_factory=list, max_length=500)


class CheckDueAgreements(Request):
    today: date | None = Field(default=None, description="Defaults to today in Europe/Berlin")


class DueCheckResult(View):
    announced: list[uuid.UUID] = Field(description="Agreements announced as due by this check")


InvitationResponse.model_rebuild()


# -- right of access (Art. 15 GDPR) -----------------------------------------------------------------


class HeldPerson(View):
    """The copy of the registry's person data the events service keeps to show names on lists."""

    given_name: str
    family_name: str
    form_of_address: str
    title: str | None
    email: str | None
    language: str
    consents_to_event_contact: bool
    memberships: list[MembershipHeld]


class MembershipHeld(View):
    organisation_id: uuid.UUID
    function: str | None
    decision_maker: bool
    start_date: date | None


class InvitationHeld(View):
    invitation_id: uuid.UUID
    event_id: uuid.UUID
    event_title: str
    status: str
    issued_at: datetime
    responded_at: datetime | None


class RegistrationHeld(View):
    registration_id: uuid.UUID
    event_id: uuid.UUID
    event_title: str
    status: str
    registered_at: datetime
    is_newcomer: bool
    is_decision_maker: bool
    substitute_for: uuid.UUID | None


class AttendanceHeld(View):
    event_id: uuid.UUID
    day: date
    present: bool


class AgreementHeld(View):
    agreement_id: uuid.UUID
    event_id: uuid.UUID
    text: str
    status: str
    due_date: date | None


class PersonEventsData(View):
    """Everything the events service holds about one person (right of access)."""

    person_id: uuid.UUID
    person: HeldPerson | None = Field(description="None once erased or never projected")
    invitations: list[InvitationHeld]
    registrations: list[RegistrationHeld]
    attendance: list[AttendanceHeld]
    agreements_owned: list[AgreementHeld]
    agenda_items_speaking: list[uuid.UUID] = Field(description="Agenda items naming the person as speaker")


HeldPerson.model_rebuild()
