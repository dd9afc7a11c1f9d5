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
The database serialises calls per event (row lock); these functions only decide. They decide from a
``Standing``, the event's registrations as aggregated by the database (counts, seats per
organisation, the waitlist only when someone could move up), so that a decision costs the same for
the 5th and the 500th registration.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from events_service.domain.errors import fail
from events_service.domain.vocabulary import EventStatus, InvitationState, RegistrationStatus

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


class Standing(BaseModel):
    """An event's registrations as far as a decision needs them, aggregated by the database.

    ``waitlist`` holds the waitlisted registrations in arrival order. Reading it costs as much as the
    waitlist is long, so it may be left out (None) when no place is free (see ``has_free_place``):
    nobody could move up then. A decision that finds a place free without it refuses to guess.
    ``waiting`` counts the waitlist even then; a new registration queues behind all of it."""

    model_config = ConfigDict(frozen=True)

    confirmed: int = Field(default=0, ge=0, description="confirmed places")
    waiting: int = Field(default=0, ge=0, description="registrations on the waitlist")
    seats_held: dict[UUID, int] = Field(
        default_factory=dict, description="confirmed places per organisation (absent means none)"
    )
    waitlist: tuple[Registration, ...] | None = None


class RegistrationChange(BaseModel):
    """One row that changes, in the order the changes happen; each is also a fact to announce."""

    model_config = ConfigDict(frozen=True)

    person_id: UUID
    previous_status: RegistrationStatus | None
    status: RegistrationStatus
    reason: ChangeReason
    waitlist_position: int | None = Field(
        default=None, ge=1, description="known for a new registration: it queues at the end"
    )


class Outcome(BaseModel):
    """The changes of one decision and the registrations they touch, as they are afterwards."""

    model_config = ConfigDict(frozen=True)

    changed: tuple[Registration, ...] = ()
    changes: tuple[RegistrationChange, ...] = ()

    def registration_of(self, person_id: UUID) -> Registration | None:
        return next((r for r in self.changed if r.person_id == person_id), None)

    @property
    def promotions(self) -> tuple[RegistrationChange, ...]:
        return tuple(change for change in self.changes if change.reason == "promoted")


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


def has_free_place(policy: RegistrationPolicy, confirmed: int) -> bool:
    """Whether someone on the waitlist could move up: the event is open and below its capacity.
    Promotions happen only while the event is published."""
    if policy.status != EventStatus.PUBLISHED:
        return False
    return policy.capacity is None or confirmed < policy.capacity


def _promote(
    policy: RegistrationPolicy,
    confirmed: int,
    seats_held: Mapping[UUID, int],
    waitlist: Sequence[Registration] | None,
) -> tuple[list[Registration], list[RegistrationChange]]:
    """Confirm waitlisted people in arrival order while places and their organisation's seats allow."""
    if not has_free_place(policy, confirmed):
        return [], []
    if waitlist is None:
        raise ValueError("a place is free, so the decision needs the waitlist")
    seats = Counter(seats_held)
    free = None if policy.capacity is None else policy.capacity - confirmed
    limit = policy.seats_per_organisation
    promoted: list[Registration] = []
    changes: list[RegistrationChange] = []
    for registration in waitlist:
        if free is not None and free <= 0:
            break
        organisation = registration.organisation_id
        if organisation is not None and limit is not None and seats[organisation] >= limit:
            continue
        promoted.append(registration.model_copy(update={"status": RegistrationStatus.CONFIRMED}))
        changes.append(
            RegistrationChange(
                person_id=registration.person_id,
                previous_status=RegistrationStatus.WAITLISTED,
                status=RegistrationStatus.CONFIRMED,
                reason="promoted",
            )
        )
        if organisation is not None:
            seats[organisation] += 1
        if free is not None:
            free -= 1
    return promoted, changes


def register(
    policy: RegistrationPolicy,
    standing: Standing,
    existing: Registration | None,
    request: RegistrationRequest,
    now: datetime,
) -> Outcome:
    """Register a person: confirmed if a place and an organisation seat are free, else waitlisted.
    ``existing`` is the person's registration for the event, if any."""
    if existing is not None and existing.status in ACTIVE:
        return Outcome()
    _check_can_register(policy, now)
    arrival = Registration(
        person_id=request.person_id,
        organisation_id=request.organisation_id,
        status=RegistrationStatus.WAITLISTED,
        registered_at=now,
        is_newcomer=is_newcomer(
            policy.starts_on,
            request.membership_started_on,
            request.earlier_editions_attended,
            policy.newcomer_window_months,
        ),
    )
    # The newcomer queues behind everyone waiting and moves up only if places remain for them.
    waitlist = None if standing.waitlist is None else (*standing.waitlist, arrival)
    promoted, promotions = _promote(policy, standing.confirmed, standing.seats_held, waitlist)
    own = next((r for r in promoted if r.person_id == request.person_id), arrival)
    others = [r for r in promoted if r.person_id != request.person_id]
    # Everyone promoted stood ahead of the newcomer; whoever still waits stays ahead of them.
    position = standing.waiting - len(others) + 1 if own.status == RegistrationStatus.WAITLISTED else None
    change = RegistrationChange(
        person_id=request.person_id,
        previous_status=None if existing is None else existing.status,
        status=own.status,
        reason="registered",
        waitlist_position=position,
    )
    return Outcome(
        changed=(own, *others),
        changes=(change, *(c for c in promotions if c.person_id != request.person_id)),
    )


def _withdraw(
    policy: RegistrationPolicy,
    standing: Standing,
    existing: Registration,
    status: RegistrationStatus,
    reason: ChangeReason,
) -> Outcome:
    """The person's registration leaves the places or the waitlist; the waitlist moves up."""
    confirmed, seats = standing.confirmed, dict(standing.seats_held)
    if existing.status == RegistrationStatus.CONFIRMED:
        confirmed -= 1
        if existing.organisation_id is not None:
            seats[existing.organisation_id] -= 1
    waitlist = standing.waitlist
    if waitlist is not None:
        waitlist = tuple(r for r in waitlist if r.person_id != existing.person_id)
    promoted, promotions = _promote(policy, confirmed, seats, waitlist)
    change = RegistrationChange(
        person_id=existing.person_id, previous_status=existing.status, status=status, reason=reason
    )
    return Outcome(
        changed=(existing.model_copy(update={"status": status}), *promoted),
        changes=(change, *promotions),
    )


def cancel(policy: RegistrationPolicy, standing: Standing, existing: Registration | None) -> Outcome:
    """Withdraw the person's registration (``existing``); a freed place goes to the first eligible
    person on the waitlist."""
    if existing is not None and existing.status == RegistrationStatus.CANCELLED:
        return Outcome()
    _check_event_not_over(policy)
    if existing is None or existing.status not in ACTIVE:
        raise fail("not_registered", "this person has no registration to cancel", "person_id")
    return _withdraw(policy, standing, existing, RegistrationStatus.CANCELLED, "cancelled")


def decline(
    policy: RegistrationPolicy,
    standing: Standing,
    existing: Registration | None,
    person_id: UUID,
    organisation_id: UUID | None,
    now: datetime,
) -> Outcome:
    """Record a "no" to the invitation; an existing registration is withdrawn as well."""
    if existing is not None and existing.status == RegistrationStatus.DECLINED:
        return Outcome()
    _check_event_not_over(policy)
    if policy.status == EventStatus.DRAFT:
        raise fail("event_not_published", "the event has not been announced yet", "event_id")
    if existing is not None:
        return _withdraw(policy, standing, existing, RegistrationStatus.DECLINED, "declined")
    row = Registration(
        person_id=person_id,
        organisation_id=organisation_id,
        status=RegistrationStatus.DECLINED,
        registered_at=now,
    )
    change = RegistrationChange(
        person_id=person_id, previous_status=None, status=RegistrationStatus.DECLINED, reason="declined"
    )
    return Outcome(changed=(row,), changes=(change,))


def substitute(
    policy: RegistrationPolicy,
    member: Registration | None,
    previous: Registration | None,
    substitute: RegistrationRequest,
) -> Outcome:
    """Hand a member's registration (status and position) to a substitute of the same organisation.
    ``previous`` is the substitute's own registration for the event, if any; nobody else moves."""
    _check_event_not_over(policy)
    if member is None or member.status not in ACTIVE:
        raise fail("not_registered", "this person has no registration to hand over", "member_id")
    if substitute.person_id == member.person_id:
        raise fail(
            "substitute_is_member", "a person cannot substitute for themselves", "substitute.person_id"
        )
    if substitute.organisation_id != member.organisation_id:
        raise fail(
            "substitute_from_other_organisation",
            "the substitute must belong to the member's organisation, whose seat it is",
            "substitute.organisation_id",
        )
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
        substitute_for=member.person_id,
    )
    changes = (
        RegistrationChange(
            person_id=member.person_id,
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
    handed_over = member.model_copy(update={"status": RegistrationStatus.CANCELLED})
    return Outcome(changed=(handed_over, taken_over), changes=changes)


def rebalance(policy: RegistrationPolicy, standing: Standing) -> Outcome:
    """Promote from the waitlist after capacity or the seat limit changed (see lifecycle facts)."""
    _check_event_not_over(policy)
    if policy.capacity is not None and policy.capacity < standing.confirmed:
        raise fail(
            "capacity_below_confirmed",
            f"capacity {policy.capacity} is below the {standing.confirmed} confirmed places",
            "capacity",
        )
    promoted, promotions = _promote(policy, standing.confirmed, standing.seats_held, standing.waitlist)
    return Outcome(changed=tuple(promoted), changes=tuple(promotions))


_INVITATION_ANSWERS = {
    "issued": InvitationState.OPEN,
    "accepted": InvitationState.CONFIRMED,  # an erased person's rows no longer link to each other
    "declined": InvitationState.DECLINED,
    "withdrawn": InvitationState.WITHDRAWN,
}


def invitation_state(answer: str, registration: RegistrationStatus | None) -> InvitationState:
    """Where an invitation stands now. Once the person has a registration for the event, however
    made (the invitation's link, staff, a substitution) and however ended (cancelled by its link or
    by staff), it tells: an invitation answered "yes" whose registration was cancelled is
    cancelled, one whose answer put the person on the waitlist is waitlisted. Without one, the
    answer tells (``issued``: no answer yet)."""
    if registration is not None:
        return InvitationState(registration.value)
    return _INVITATION_ANSWERS[answer]
