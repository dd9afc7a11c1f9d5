"""Registration rules: who gets a place, who waits, who moves up.

Decisions:
- Places are given in arrival order. The registrations passed in are in arrival order and every
  result keeps that order; a person who registers again after cancelling or declining queues anew
  at the end.
- A person whose organisation already fills its seats goes on the waitlist, not away: a seat may
  free up inside the organisation, or the limit may be raised. When a place frees, the first
  waitlisted person who can take it moves up; people whose organisation is still full keep their
  position and are skipped over ("first in line among those eligible").
- Promotions happen while the event is published. Once it runs, nobody on the waitlist can still
  come, so a cancellation only frees the place.
- A member may hand the place to a named substitute from the same organisation (the seat belongs to
  the organisation): the substitute takes over the registration with its status and position, the
  member's registration is cancelled; nobody else moves.
- Registering twice is harmless: the existing registration is returned unchanged, even after the
  window has closed, so a retried request sees the outcome of the first.
- One registration per person and event: re-registering, declining or substituting reuses the
  person's row.
The database serialises calls per event (row lock); these functions only decide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from events_service.domain.errors import fail
from events_service.domain.vocabulary import EventStatus, RegistrationStatus

ACTIVE = frozenset({RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED})

ChangeReason = Literal["registered", "promoted", "cancelled", "declined", "substituted", "handed_over"]


class RegistrationPolicy(BaseModel):
    """The event's side of registering: status, limits, window, first day."""

    model_config = ConfigDict(frozen=True)

    event_id: UUID
    status: EventStatus
    starts_on: date
    capacity: int | None = Field(default=None, ge=1, description="None means unlimited")
    seats_per_organisation: int | None = Field(default=None, ge=1, description="None means no limit")
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    newcomer_window_months: int = Field(default=12, ge=0)


class Registration(BaseModel):
    model_config = ConfigDict(frozen=True)

    person_id: UUID
    organisation_id: UUID | None
    status: RegistrationStatus
    registered_at: datetime
    is_newcomer: bool = False
    substitute_for: UUID | None = Field(default=None, description="the member whose place this took")


class RegistrationRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    person_id: UUID
    organisation_id: UUID | None
    membership_started_on: date | None = None
    earlier_editions_attended: int = Field(default=0, ge=0)


class RegistrationChange(BaseModel):
    """One row that changes, in the order the changes happen; each is also a fact to announce."""

    model_config = ConfigDict(frozen=True)

    person_id: UUID
    previous_status: RegistrationStatus | None
    status: RegistrationStatus
    reason: ChangeReason


class Outcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    registrations: tuple[Registration, ...]
    changes: tuple[RegistrationChange, ...]

    def registration_of(self, person_id: UUID) -> Registration | None:
        return _find(self.registrations, person_id)

    @property
    def promotions(self) -> tuple[RegistrationChange, ...]:
        return tuple(change for change in self.changes if change.reason == "promoted")


def _find(registrations: Sequence[Registration], person_id: UUID) -> Registration | None:
    return next((r for r in registrations if r.person_id == person_id), None)


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate_day in range(day.day, 0, -1):  # 31 March minus one month is 28/29 February
        try:
            return date(year, month + 1, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a first day")


def is_newcomer(
    event_starts_on: date,
    membership_started_on: date | None,
    earlier_editions_attended: int,
    window_months: int = 12,
) -> bool:
    """New to the network (joined within the window before the event) or first time at this series."""
    if earlier_editions_attended == 0:
        return True
    if membership_started_on is None:
        return False
    return membership_started_on > _months_before(event_starts_on, window_months)


def _check_can_register(policy: RegistrationPolicy, now: datetime) -> None:
    if now.utcoffset() is None:
        raise fail("naive_datetime", "now needs a time zone offset", "now")
    if policy.status == EventStatus.DRAFT:
        raise fail("event_not_published", "the event is not open for registration yet", "event_id")
    if policy.status == EventStatus.RUNNING:
        raise fail("registration_closed", "the event has already begun", "event_id")
    _check_event_not_over(policy)
    if policy.registration_opens_at is not None and now < policy.registration_opens_at:
        raise fail(
            "registration_not_open",
            f"registration opens at {policy.registration_opens_at.isoformat()}",
            "registration_opens_at",
        )
    if policy.registration_closes_at is not None and now >= policy.registration_closes_at:
        raise fail(
            "registration_closed",
            f"registration closed at {policy.registration_closes_at.isoformat()}",
            "registration_closes_at",
        )


def _check_event_not_over(policy: RegistrationPolicy) -> None:
    if policy.status == EventStatus.CANCELLED:
        raise fail("event_cancelled", "the event has been cancelled", "event_id")
    if policy.status == EventStatus.COMPLETED:
        raise fail("event_completed", "the event is over", "event_id")


def _fill_places(
    policy: RegistrationPolicy, registrations: list[Registration], changes: list[RegistrationChange]
) -> None:
    """Confirm waitlisted people in order while places and their organisation's seats allow."""
    if policy.status != EventStatus.PUBLISHED:
        return
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    seats_held = Counter(r.organisation_id for r in confirmed if r.organisation_id is not None)
    free = None if policy.capacity is None else policy.capacity - len(confirmed)
    for index, registration in enumerate(registrations):
        if free is not None and free <= 0:
            return
        if registration.status != RegistrationStatus.WAITLISTED:
            continue
        organisation = registration.organisation_id
        limit = policy.seats_per_organisation
        if organisation is not None and limit is not None and seats_held[organisation] >= limit:
            continue
        registrations[index] = registration.model_copy(update={"status": RegistrationStatus.CONFIRMED})
        if organisation is not None:
            seats_held[organisation] += 1
        if free is not None:
            free -= 1
        changes.append(
            RegistrationChange(
                person_id=registration.person_id,
                previous_status=RegistrationStatus.WAITLISTED,
                status=RegistrationStatus.CONFIRMED,
                reason="promoted",
            )
        )


def register(
    policy: RegistrationPolicy,
    registrations: Sequence[Registration],
    request: RegistrationRequest,
    now: datetime,
) -> Outcome:
    """Register a person: confirmed if a place and an organisation seat are free, else waitlisted."""
    existing = _find(registrations, request.person_id)
    if existing is not None and existing.status in ACTIVE:
        return Outcome(registrations=tuple(registrations), changes=())
    _check_can_register(policy, now)
    newcomer = is_newcomer(
        policy.starts_on,
        request.membership_started_on,
        request.earlier_editions_attended,
        policy.newcomer_window_months,
    )
    arrival = Registration(
        person_id=request.person_id,
        organisation_id=request.organisation_id,
        status=RegistrationStatus.WAITLISTED,
        registered_at=now,
        is_newcomer=newcomer,
    )
    rows = [r for r in registrations if r.person_id != request.person_id] + [arrival]
    filled: list[RegistrationChange] = []
    _fill_places(policy, rows, filled)
    own = RegistrationChange(
        person_id=request.person_id,
        previous_status=None if existing is None else existing.status,
        status=rows[-1].status,
        reason="registered",
    )
    others = tuple(c for c in filled if c.person_id != request.person_id)
    return Outcome(registrations=tuple(rows), changes=(own, *others))


def _withdraw(
    policy: RegistrationPolicy,
    registrations: Sequence[Registration],
    person_id: UUID,
    status: RegistrationStatus,
    reason: ChangeReason,
) -> Outcome:
    rows = list(registrations)
    index = next(i for i, r in enumerate(rows) if r.person_id == person_id)
    previous = rows[index].status
    rows[index] = rows[index].model_copy(update={"status": status})
    changes = [
        RegistrationChange(person_id=person_id, previous_status=previous, status=status, reason=reason)
    ]
    _fill_places(policy, rows, changes)
    return Outcome(registrations=tuple(rows), changes=tuple(changes))


def cancel(policy: RegistrationPolicy, registrations: Sequence[Registration], person_id: UUID) -> Outcome:
    """Withdraw a registration; a freed place goes to the first eligible person on the waitlist."""
    existing = _find(registrations, person_id)
    if existing is not None and existing.status == RegistrationStatus.CANCELLED:
        return Outcome(registrations=tuple(registrations), changes=())
    _check_event_not_over(policy)
    if existing is None or existing.status not in ACTIVE:
        raise fail("not_registered", "this person has no registration to cancel", "person_id")
    return _withdraw(policy, registrations, person_id, RegistrationStatus.CANCELLED, "cancelled")


def decline(
    policy: RegistrationPolicy,
    registrations: Sequence[Registration],
    person_id: UUID,
    organisation_id: UUID | None,
    now: datetime,
) -> Outcome:
    """Record a "no" to the invitation; an existing registration is withdrawn as well."""
    existing = _find(registrations, person_id)
    if existing is not None and existing.status == RegistrationStatus.DECLINED:
        return Outcome(registrations=tuple(registrations), changes=())
    _check_event_not_over(policy)
    if policy.status == EventStatus.DRAFT:
        raise fail("event_not_published", "the event has not been announced yet", "event_id")
    if existing is not None:
        return _withdraw(policy, registrations, person_id, RegistrationStatus.DECLINED, "declined")
    row = Registration(
        person_id=person_id,
        organisation_id=organisation_id,
        status=RegistrationStatus.DECLINED,
        registered_at=now,
    )
    change = RegistrationChange(
        person_id=person_id, previous_status=None, status=RegistrationStatus.DECLINED, reason="declined"
    )
    return Outcome(registrations=(*registrations, row), changes=(change,))


def substitute(
    policy: RegistrationPolicy,
    registrations: Sequence[Registration],
    member_id: UUID,
    substitute: RegistrationRequest,
) -> Outcome:
    """Hand a member's registration (status and position) to a substitute of the same organisation."""
    _check_event_not_over(policy)
    member = _find(registrations, member_id)
    if member is None or member.status not in ACTIVE:
        raise fail("not_registered", "this person has no registration to hand over", "member_id")
    if substitute.person_id == member_id:
        raise fail(
            "substitute_is_member", "a person cannot substitute for themselves", "substitute.person_id"
        )
    if substitute.organisation_id != member.organisation_id:
        raise fail(
            "substitute_from_other_organisation",
            "the substitute must belong to the member's organisation, whose seat it is",
            "substitute.organisation_id",
        )
    previous = _find(registrations, substitute.person_id)
    if previous is not None and previous.status in ACTIVE:
        raise fail(
            "substitute_already_registered",
            "the substitute is already registered for this event",
            "substitute.person_id",
        )
    taken_over = Registration(
        person_id=substitute.person_id,
        organisation_id=member.organisation_id,
        status=member.status,
        registered_at=member.registered_at,
        is_newcomer=is_newcomer(
            policy.starts_on,
            substitute.membership_started_on,
            substitute.earlier_editions_attended,
            policy.newcomer_window_months,
        ),
        substitute_for=member_id,
    )
    rows: list[Registration] = []
    for row in registrations:
        if row.person_id == member_id:
            rows += [taken_over, row.model_copy(update={"status": RegistrationStatus.CANCELLED})]
        elif row.person_id != substitute.person_id:
            rows.append(row)
    changes = (
        RegistrationChange(
            person_id=member_id,
            previous_status=member.status,
            status=RegistrationStatus.CANCELLED,
            reason="handed_over",
        ),
        RegistrationChange(
            person_id=substitute.person_id,
            previous_status=None if previous is None else previous.status,
            status=member.status,
            reason="substituted",
        ),
    )
    return Outcome(registrations=tuple(rows), changes=changes)


def rebalance(policy: RegistrationPolicy, registrations: Sequence[Registration]) -> Outcome:
    """Promote from the waitlist after capacity or the seat limit changed (see lifecycle facts)."""
    _check_event_not_over(policy)
    confirmed = sum(1 for r in registrations if r.status == RegistrationStatus.CONFIRMED)
    if policy.capacity is not None and policy.capacity < confirmed:
        raise fail(
            "capacity_below_confirmed",
            f"capacity {policy.capacity} is below the {confirmed} confirmed places",
            "capacity",
        )
    rows = list(registrations)
    changes: list[RegistrationChange] = []
    _fill_places(policy, rows, changes)
    return Outcome(registrations=tuple(rows), changes=tuple(changes))
