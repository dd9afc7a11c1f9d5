"""An event's status machine and what may change in each status.

    draft ──publish──▶ published ──start──▶ running ──complete──▶ completed
      │                    │
      └──────cancel────────┴──▶ cancelled

Decisions:
- Cancelling is possible while the event is a draft or published. A running event has happened
  (at least in part); it is completed, not cancelled, so its attendance and agreements stay
  meaningful.
- completed and cancelled are final and read-only here; agreements and attendance corrections are
  separate records (see ATTENDANCE_EDITABLE and AGREEMENTS_EDITABLE).
- A draft may change freely and announces only ``event.updated``. A published event may change
  too, but participants have been invited, so moved dates, a new venue and new registration limits
  are announced as their own facts. A running event only takes a corrected description.
- Capacity may not fall below the confirmed count, nor the per-organisation seat limit below the
  seats an organisation already holds.
- Repeating a transition to the current status is a no-op (retries are harmless).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from events_service.domain.errors import RuleError, fail, raise_if_any
from events_service.domain.schedule import EventDay, check_days
from events_service.domain.vocabulary import EventStatus, phrase
from netzwerkstatt.reference import is_district

TRANSITIONS: Mapping[EventStatus, frozenset[EventStatus]] = {
    EventStatus.DRAFT: frozenset({EventStatus.PUBLISHED, EventStatus.CANCELLED}),
    EventStatus.PUBLISHED: frozenset({EventStatus.RUNNING, EventStatus.CANCELLED}),
    EventStatus.RUNNING: frozenset({EventStatus.COMPLETED}),
    EventStatus.COMPLETED: frozenset(),
    EventStatus.CANCELLED: frozenset(),
}

_SETTINGS_FIELDS = frozenset(
    {
        "title",
        "motto",
        "description",
        "venue",
        "host_district_key",
        "host_organisation_id",
        "target_groups",
        "funding_note",
        "days",
        "capacity",
        "seats_per_organisation",
        "registration_opens_at",
        "registration_closes_at",
    }
)

EDITABLE_FIELDS: Mapping[EventStatus, frozenset[str]] = {
    EventStatus.DRAFT: _SETTINGS_FIELDS,
    EventStatus.PUBLISHED: _SETTINGS_FIELDS,
    EventStatus.RUNNING: frozenset({"description"}),
    EventStatus.COMPLETED: frozenset(),
    EventStatus.CANCELLED: frozenset(),
}

ATTENDANCE_EDITABLE = frozenset({EventStatus.RUNNING, EventStatus.COMPLETED})
AGREEMENTS_EDITABLE = frozenset({EventStatus.RUNNING, EventStatus.COMPLETED})


class EventSnapshot(BaseModel):
    """What the rules need to know about one event."""

    model_config = ConfigDict(frozen=True)

    event_id: UUID
    status: EventStatus
    title: str = Field(min_length=1)
    motto: str | None = None
    description: str = ""
    venue: str | None = Field(default=None, description="the venue as one comparable text")
    host_district_key: str | None = None
    host_organisation_id: UUID | None = None
    target_groups: tuple[str, ...] = ()
    funding_note: str | None = None
    days: tuple[EventDay, ...]
    capacity: int | None = Field(default=None, ge=1, description="None means unlimited")
    seats_per_organisation: int | None = Field(default=None, ge=1, description="None means no limit")
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    confirmed_count: int = Field(default=0, ge=0)
    most_seats_held_by_one_organisation: int = Field(default=0, ge=0)


class EventChange(BaseModel):
    """Requested new values; only the fields that were given count as requested."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str | None = None
    motto: str | None = None
    description: str | None = None
    venue: str | None = None
    host_district_key: str | None = None
    host_organisation_id: UUID | None = None
    target_groups: tuple[str, ...] | None = None
    funding_note: str | None = None
    days: tuple[EventDay, ...] | None = None
    capacity: int | None = Field(default=None, ge=1)
    seats_per_organisation: int | None = Field(default=None, ge=1)
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None

    def requested(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in sorted(self.model_fields_set)}


class EventUpdated(BaseModel):
    model_config = ConfigDict(frozen=True)
    fact: Literal["event.updated"] = "event.updated"
    event_id: UUID
    changed_fields: tuple[str, ...]


class DatesChanged(BaseModel):
    model_config = ConfigDict(frozen=True)
    fact: Literal["event.dates_changed"] = "event.dates_changed"
    event_id: UUID
    previous_days: tuple[EventDay, ...]
    days: tuple[EventDay, ...]


class VenueChanged(BaseModel):
    model_config = ConfigDict(frozen=True)
    fact: Literal["event.venue_changed"] = "event.venue_changed"
    event_id: UUID
    previous_venue: str | None
    venue: str | None


class RegistrationLimitsChanged(BaseModel):
    """Capacity or seat limit changed; registrations must be rebalanced (promotions)."""

    model_config = ConfigDict(frozen=True)
    fact: Literal["event.registration_limits_changed"] = "event.registration_limits_changed"
    event_id: UUID
    capacity: int | None
    seats_per_organisation: int | None


class StatusChanged(BaseModel):
    model_config = ConfigDict(frozen=True)
    fact: Literal["event.published", "event.started", "event.completed", "event.cancelled"]
    event_id: UUID
    previous_status: EventStatus
    status: EventStatus
    reason: str | None = None


Fact = EventUpdated | DatesChanged | VenueChanged | RegistrationLimitsChanged | StatusChanged

_STATUS_FACTS: Mapping[
    EventStatus, Literal["event.published", "event.started", "event.completed", "event.cancelled"]
] = {
    EventStatus.PUBLISHED: "event.published",
    EventStatus.RUNNING: "event.started",
    EventStatus.COMPLETED: "event.completed",
    EventStatus.CANCELLED: "event.cancelled",
}


class Plan(BaseModel):
    """The event as it will be after the change, and the facts to announce."""

    model_config = ConfigDict(frozen=True)

    event: EventSnapshot
    facts: tuple[Fact, ...]


def check_event(event: EventSnapshot) -> tuple[RuleError, ...]:
    """Errors of an event's settings taken together (days, registration window, limits)."""
    errors: list[RuleError] = []
    if not event.title.strip():
        errors.append(RuleError(code="title_blank", message="the title must not be blank", field="title"))
    errors.extend(check_days(event.days))
    opens, closes = event.registration_opens_at, event.registration_closes_at
    for name, moment in (("registration_opens_at", opens), ("registration_closes_at", closes)):
        if moment is not None and moment.utcoffset() is None:
            errors.append(
                RuleError(code="naive_datetime", message=f"{name} needs a time zone offset", field=name)
            )
    aware = all(m is None or m.utcoffset() is not None for m in (opens, closes))
    if aware and opens is not None and closes is not None and closes <= opens:
        errors.append(
            RuleError(
                code="window_closes_before_opening",
                message="registration must close after it opens",
                field="registration_closes_at",
            )
        )
    days_valid = bool(event.days) and not check_days(event.days)
    if aware and closes is not None and days_valid and closes > event.days[-1].end_utc():
        errors.append(
            RuleError(
                code="window_closes_after_event",
                message="registration must close before the event ends",
                field="registration_closes_at",
            )
        )
    if event.capacity is not None and event.capacity < event.confirmed_count:
        errors.append(
            RuleError(
                code="capacity_below_confirmed",
                message=f"capacity {event.capacity} is below the {event.confirmed_count} confirmed places",
                field="capacity",
            )
        )
    limit = event.seats_per_organisation
    if limit is not None and limit < event.most_seats_held_by_one_organisation:
        errors.append(
            RuleError(
                code="seat_limit_below_confirmed",
                message=(
                    f"an organisation already holds {event.most_seats_held_by_one_organisation} "
                    f"confirmed places, more than the limit of {limit}"
                ),
                field="seats_per_organisation",
            )
        )
    return tuple(errors)


def check_days_ahead(days: Iterable[date], today: date) -> tuple[RuleError, ...]:
    """A next edition lies ahead: its previous attendees are sent a save-the-date with its days, so a
    day gone by (a year mistyped) is refused rather than announced."""
    if any(day < today for day in days):
        passed = "the next edition's days must not have passed"
        return (RuleError(code="day_in_past", message=passed, field="days"),)
    return ()


def check_starts_ahead(days: tuple[EventDay, ...], now: datetime) -> tuple[RuleError, ...]:
    """A new event lies ahead: one that would have begun already (a year mistyped, or an edition held
    before) could never be published, and as a draft it would take its series' next edition number.
    Past editions are entered as such (``series.record_past_edition``, ``event.enter_held``). Only
    new events are checked: one that has begun stays editable as its status allows."""
    if check_days(days) or now < days[0].start_utc():
        return ()
    return (
        RuleError(
            code="starts_in_past",
            message="a new event must start in the future; enter an edition held before as a past"
            " edition of its series (series.record_past_edition) or as held (event.enter_held)",
            field="days",
        ),
    )


def check_host_district(key: str | None) -> tuple[RuleError, ...]:
    """A host district named for an event must be a district (a Landkreis, kreisfreie Stadt or
    Berlin Bezirk by its official key); no host is fine."""
    if key is None or is_district(key):
        return ()
    return (
        RuleError(
            code="unknown_district",
            message=f"{key!r} is no district (give an official district key)",
            field="host_district_key",
        ),
    )


def plan_change(event: EventSnapshot, change: EventChange) -> Plan:
    """Check a requested change against the event's status and rules; raise or return the plan."""
    requested = change.requested()
    editable = EDITABLE_FIELDS[event.status]
    if requested and not editable:
        raise fail(
            "event_read_only",
            f"a {phrase(event.status)} event cannot be changed",
            next(iter(requested)),
        )
    raise_if_any(
        RuleError(
            code="field_locked",
            message=f"{name} cannot change while the event is {phrase(event.status)}",
            field=name,
        )
        for name in requested
        if name not in editable
    )
    changed = {name: value for name, value in requested.items() if getattr(event, name) != value}
    updated = event.model_copy(update=changed)
    # Only a newly named host is checked: an event keeps the host it was given.
    host = check_host_district(updated.host_district_key) if "host_district_key" in changed else ()
    raise_if_any((*check_event(updated), *host))
    return Plan(event=updated, facts=_facts_of(event, updated, tuple(changed)))


def _facts_of(before: EventSnapshot, after: EventSnapshot, changed: tuple[str, ...]) -> tuple[Fact, ...]:
    if not changed:
        return ()
    facts: list[Fact] = [EventUpdated(event_id=before.event_id, changed_fields=changed)]
    if before.status == EventStatus.DRAFT:
        return tuple(facts)  # nobody has been invited yet; nothing else to tell
    if "days" in changed:
        facts.append(DatesChanged(event_id=before.event_id, previous_days=before.days, days=after.days))
    if "venue" in changed:
        facts.append(VenueChanged(event_id=before.event_id, previous_venue=before.venue, venue=after.venue))
    if {"capacity", "seats_per_organisation"} & set(changed):
        facts.append(
            RegistrationLimitsChanged(
                event_id=before.event_id,
                capacity=after.capacity,
                seats_per_organisation=after.seats_per_organisation,
            )
        )
    return tuple(facts)


def _local_date(moment: datetime, day: EventDay) -> date:
    return moment.astimezone(ZoneInfo(day.timezone)).date()


def plan_transition(
    event: EventSnapshot, target: EventStatus, now: datetime, reason: str | None = None
) -> Plan:
    """Move the event to ``target`` at ``now`` (an aware instant); raise or return the plan."""
    if now.utcoffset() is None:
        raise fail("naive_datetime", "now needs a time zone offset", "now")
    if target == event.status:
        return Plan(event=event, facts=())
    if target not in TRANSITIONS[event.status]:
        raise fail(
            "transition_not_allowed",
            f"a {phrase(event.status)} event cannot become {phrase(target)}",
            "status",
        )
    if target == EventStatus.PUBLISHED:
        raise_if_any(check_event(event))
        if now >= event.days[0].start_utc():
            raise fail("event_in_past", "an event that has already begun cannot be published", "days")
    if target == EventStatus.RUNNING and _local_date(now, event.days[0]) < event.days[0].date:
        raise fail("event_not_started", "the event can start on its first day at the earliest", "status")
    if target == EventStatus.COMPLETED and _local_date(now, event.days[-1]) < event.days[-1].date:
        raise fail(
            "event_not_finished", "the event can be completed on its last day at the earliest", "status"
        )
    fact = StatusChanged(
        fact=_STATUS_FACTS[target],
        event_id=event.event_id,
        previous_status=event.status,
        status=target,
        reason=reason,
    )
    return Plan(event=event.model_copy(update={"status": target}), facts=(fact,))
