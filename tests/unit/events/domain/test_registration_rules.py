"""Registration rules for a Regionalworkshop capped at 25 decision-makers.

The rules decide from a ``Standing`` (counts and, when a place is free, the waitlist) as the
database aggregates it; ``Book`` below keeps an event's registrations in arrival order the way the
database does, so that decisions can follow one another."""

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest

from events_service.domain.errors import RuleViolation
from events_service.domain.registration import (
    Outcome,
    Registration,
    RegistrationPolicy,
    RegistrationRequest,
    Standing,
    cancel,
    decline,
    has_free_place,
    is_newcomer,
    rebalance,
    register,
    substitute,
)
from events_service.domain.vocabulary import EventStatus, RegistrationStatus

NOW = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)
CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED


def uid(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"https://example.org/{name}")


def policy(**overrides: object) -> RegistrationPolicy:
    values: dict[str, object] = {
        "event_id": uid("regionalworkshop-leipzig"),
        "status": EventStatus.PUBLISHED,
        "starts_on": date(2025, 10, 15),
        "capacity": 25,
        "registration_opens_at": NOW - timedelta(days=30),
        "registration_closes_at": NOW + timedelta(days=30),
    }
    values.update(overrides)
    return RegistrationPolicy.model_validate(values)


def request(person: str, organisation: str | None = None, **overrides: object) -> RegistrationRequest:
    values: dict[str, object] = {
        "person_id": uid(person),
        "organisation_id": uid(organisation or f"org-of-{person}"),
        "earlier_editions_attended": 1,
    }
    values.update(overrides)
    return RegistrationRequest.model_validate(values)


class Book:
    """One event's registrations in arrival order, kept as the database keeps them: a new
    registration queues at the end, a substitute takes the member's position, other changes stay
    in place. Hands the rules the full waitlist, as the database does whenever a place is free."""

    def __init__(self, rules: RegistrationPolicy) -> None:
        self.rules = rules
        self.rows: list[Registration] = []

    def of(self, person: str) -> Registration | None:
        return next((row for row in self.rows if row.person_id == uid(person)), None)

    def standing(self) -> Standing:
        confirmed = [row for row in self.rows if row.status == CONFIRMED]
        seats = Counter(row.organisation_id for row in confirmed if row.organisation_id is not None)
        waiting = tuple(row for row in self.rows if row.status == WAITLISTED)
        return Standing(
            confirmed=len(confirmed), waiting=len(waiting), seats_held=dict(seats), waitlist=waiting
        )

    def record(self, outcome: Outcome) -> Outcome:
        for change, row in zip(outcome.changes, outcome.changed, strict=True):
            index = next((i for i, r in enumerate(self.rows) if r.person_id == row.person_id), None)
            if change.reason == "registered" and index is not None:
                del self.rows[index]
            if change.reason == "registered" or (index is None and change.reason == "declined"):
                self.rows.append(row)
            elif change.reason == "substituted":
                if index is not None:
                    del self.rows[index]
                member = next(i for i, r in enumerate(self.rows) if r.person_id == row.substitute_for)
                self.rows.insert(member, row)
            else:
                assert index is not None, f"{change.reason} of a person without registration"
                self.rows[index] = row
        return outcome

    def register(self, item: RegistrationRequest, at: datetime = NOW) -> Outcome:
        existing = next((row for row in self.rows if row.person_id == item.person_id), None)
        return self.record(register(self.rules, self.standing(), existing, item, at))

    def register_all(self, items: list[RegistrationRequest]) -> "Book":
        for index, item in enumerate(items):
            self.register(item, NOW + timedelta(minutes=index))
        return self

    def cancel(self, person: str) -> Outcome:
        return self.record(cancel(self.rules, self.standing(), self.of(person)))

    def decline(self, person: str, organisation: str | None = None) -> Outcome:
        organisation_id = uid(organisation or f"org-of-{person}")
        outcome = decline(self.rules, self.standing(), self.of(person), uid(person), organisation_id, NOW)
        return self.record(outcome)

    def substitute(self, member: str, item: RegistrationRequest) -> Outcome:
        previous = next((row for row in self.rows if row.person_id == item.person_id), None)
        return self.record(substitute(self.rules, self.of(member), previous, item))

    def rebalance(self, rules: RegistrationPolicy) -> Outcome:
        self.rules = rules
        return self.record(rebalance(rules, self.standing()))

    def statuses(self) -> dict[UUID, RegistrationStatus]:
        return {row.person_id: row.status for row in self.rows}

    def status_of(self, person: str) -> RegistrationStatus:
        return self.statuses()[uid(person)]


def row_of(outcome: Outcome, person: str) -> Registration:
    row = outcome.registration_of(uid(person))
    assert row is not None, f"{person} has no changed registration"
    return row


def test_registrations_up_to_capacity_are_confirmed() -> None:
    book = Book(policy()).register_all([request(f"person-{n}") for n in range(25)])

    assert [row.status for row in book.rows] == [CONFIRMED] * 25


def test_the_26th_registration_goes_on_the_waitlist() -> None:
    book = Book(policy()).register_all([request(f"person-{n}") for n in range(25)])

    outcome = book.register(request("person-25"))

    assert row_of(outcome, "person-25").status == WAITLISTED
    assert outcome.changes[0].reason == "registered"
    assert outcome.changes[0].status == WAITLISTED


def test_a_full_event_decides_without_reading_the_waitlist() -> None:
    full = Standing(confirmed=25, seats_held={uid("org-of-anna"): 25}, waitlist=None)

    outcome = register(policy(), full, None, request("zoe"), NOW)

    assert row_of(outcome, "zoe").status == WAITLISTED


def test_a_newcomer_to_a_full_event_learns_their_place_behind_everyone_waiting() -> None:
    full = Standing(confirmed=25, waiting=7, waitlist=None)

    outcome = register(policy(), full, None, request("zoe"), NOW)

    assert outcome.changes[0].waitlist_position == 8


def test_a_confirmed_newcomer_has_no_waitlist_position() -> None:
    outcome = register(policy(), Standing(confirmed=3, waitlist=()), None, request("zoe"), NOW)

    assert outcome.changes[0].status == CONFIRMED
    assert outcome.changes[0].waitlist_position is None


def test_a_free_place_is_not_given_without_the_waitlist_in_view() -> None:
    with pytest.raises(ValueError, match="needs the waitlist"):
        register(policy(), Standing(confirmed=24, waitlist=None), None, request("zoe"), NOW)


def test_a_place_is_free_only_below_capacity_of_a_published_event() -> None:
    assert has_free_place(policy(capacity=25), 24)
    assert not has_free_place(policy(capacity=25), 25)
    assert has_free_place(policy(capacity=None), 1000)
    assert not has_free_place(policy(status=EventStatus.RUNNING), 0)


def test_unlimited_event_confirms_everyone() -> None:
    book = Book(policy(capacity=None)).register_all([request(f"person-{n}") for n in range(40)])

    assert set(book.statuses().values()) == {CONFIRMED}


def test_cancellation_promotes_first_waitlisted() -> None:
    book = Book(policy(capacity=2)).register_all(
        [request(name) for name in ("anna", "ben", "carla", "deniz")]
    )

    outcome = book.cancel("anna")

    assert [(c.person_id, c.reason) for c in outcome.changes] == [
        (uid("anna"), "cancelled"),
        (uid("carla"), "promoted"),
    ]
    assert book.status_of("deniz") == WAITLISTED


def test_cancelling_a_waitlisted_person_promotes_nobody() -> None:
    book = Book(policy(capacity=1)).register_all([request("anna"), request("ben"), request("carla")])

    outcome = book.cancel("ben")

    assert outcome.promotions == ()
    assert book.status_of("carla") == WAITLISTED


def test_raising_capacity_promotes_waitlisted_in_arrival_order() -> None:
    book = Book(policy(capacity=1)).register_all(
        [request(name) for name in ("anna", "ben", "carla", "deniz")]
    )

    outcome = book.rebalance(policy(capacity=3))

    assert [c.person_id for c in outcome.promotions] == [uid("ben"), uid("carla")]
    assert book.status_of("deniz") == WAITLISTED


def test_capacity_cannot_go_below_confirmed_count() -> None:
    book = Book(policy(capacity=3)).register_all([request(name) for name in ("anna", "ben", "carla")])

    with pytest.raises(RuleViolation) as raised:
        book.rebalance(policy(capacity=2))

    assert raised.value.codes == ("capacity_below_confirmed",)
    assert raised.value.errors[0].field == "capacity"


def test_organisation_with_full_seats_sends_its_next_person_to_the_waitlist() -> None:
    book = Book(policy(seats_per_organisation=2))
    book.register_all([request(n, "jobcenter-leipzig") for n in ("anna", "ben", "carla")])

    assert book.status_of("carla") == WAITLISTED
    assert book.status_of("anna") == CONFIRMED


def test_promotion_skips_people_whose_organisation_is_full() -> None:
    book = Book(policy(capacity=3, seats_per_organisation=1))
    book.register_all(
        [
            request("anna", "jobcenter"),
            request("ben", "vhs"),
            request("carla", "bamf"),
            request("deniz", "jobcenter"),
            request("emil", "sozialamt"),
        ]
    )

    outcome = book.cancel("ben")

    assert [c.person_id for c in outcome.promotions] == [uid("emil")]
    assert book.status_of("deniz") == WAITLISTED


def test_seat_freed_inside_the_organisation_goes_to_its_waiting_colleague() -> None:
    book = Book(policy(capacity=10, seats_per_organisation=1))
    book.register_all([request("anna", "jobcenter"), request("deniz", "jobcenter")])

    outcome = book.cancel("anna")

    assert [c.person_id for c in outcome.promotions] == [uid("deniz")]


def test_registering_twice_keeps_one_registration_with_the_same_outcome() -> None:
    book = Book(policy(capacity=1)).register_all([request("anna"), request("ben")])
    before = list(book.rows)

    outcome = book.register(request("ben"), NOW + timedelta(hours=1))

    assert outcome.changes == ()
    assert book.rows == before
    assert book.status_of("ben") == WAITLISTED


def test_a_retried_registration_after_the_deadline_returns_the_first_outcome() -> None:
    book = Book(policy()).register_all([request("anna")])

    outcome = book.register(request("anna"), NOW + timedelta(days=60))

    assert outcome.changes == ()
    assert book.status_of("anna") == CONFIRMED


def test_registering_again_after_cancelling_queues_at_the_end() -> None:
    book = Book(policy(capacity=1)).register_all([request("anna"), request("ben"), request("carla")])
    book.cancel("anna")

    outcome = book.register(request("anna"), NOW + timedelta(hours=2))
    promoted = book.cancel("ben")

    assert outcome.changes[0].previous_status == RegistrationStatus.CANCELLED
    assert outcome.changes[0].status == WAITLISTED
    assert [c.person_id for c in promoted.promotions] == [uid("carla")]


def test_a_newcomer_moves_up_behind_no_one_when_a_place_is_free() -> None:
    book = Book(policy(capacity=2, seats_per_organisation=1))
    book.register_all([request("anna", "jobcenter"), request("ben", "jobcenter")])

    outcome = book.register(request("carla", "vhs"))

    assert row_of(outcome, "carla").status == CONFIRMED
    assert book.status_of("ben") == WAITLISTED  # the jobcenter's seat is still taken


def test_registration_before_the_window_opens_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        register(
            policy(registration_opens_at=NOW + timedelta(days=1)), Standing(), None, request("anna"), NOW
        )

    assert raised.value.codes == ("registration_not_open",)


def test_registration_after_the_deadline_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        register(policy(registration_closes_at=NOW), Standing(), None, request("anna"), NOW)

    assert raised.value.codes == ("registration_closed",)
    assert raised.value.errors[0].field == "registration_closes_at"


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (EventStatus.DRAFT, "event_not_published"),
        (EventStatus.RUNNING, "registration_closed"),
        (EventStatus.CANCELLED, "event_cancelled"),
        (EventStatus.COMPLETED, "event_completed"),
    ],
)
def test_registration_is_refused_unless_the_event_is_published(status: EventStatus, code: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        register(policy(status=status), Standing(), None, request("anna"), NOW)

    assert raised.value.codes == (code,)


def test_cancelling_without_registration_is_an_error() -> None:
    with pytest.raises(RuleViolation) as raised:
        cancel(policy(), Standing(), None)

    assert raised.value.codes == ("not_registered",)


def test_cancelling_twice_changes_nothing() -> None:
    book = Book(policy()).register_all([request("anna")])
    book.cancel("anna")

    assert book.cancel("anna").changes == ()


def test_cancellation_during_the_event_frees_the_place_but_promotes_nobody() -> None:
    book = Book(policy(capacity=1)).register_all([request("anna"), request("ben")])
    book.rules = policy(capacity=1, status=EventStatus.RUNNING)

    outcome = book.cancel("anna")

    assert outcome.promotions == ()


def test_declining_the_invitation_records_a_declined_row() -> None:
    outcome = decline(policy(), Standing(), None, uid("anna"), uid("vhs"), NOW)

    assert row_of(outcome, "anna").status == RegistrationStatus.DECLINED


def test_declining_after_registering_frees_the_place() -> None:
    book = Book(policy(capacity=1)).register_all([request("anna"), request("ben")])

    outcome = book.decline("anna")

    assert [c.person_id for c in outcome.promotions] == [uid("ben")]
    assert len(book.rows) == 2


def test_substitute_takes_over_the_members_confirmed_place() -> None:
    book = Book(policy(capacity=2))
    book.register_all([request("anna", "ba"), request("ben", "vhs"), request("carla", "bamf")])

    outcome = book.substitute("anna", request("dora", "ba"))

    taken_over = row_of(outcome, "dora")
    assert taken_over.status == CONFIRMED
    assert taken_over.substitute_for == uid("anna")
    assert book.status_of("anna") == RegistrationStatus.CANCELLED
    assert outcome.promotions == ()
    assert book.status_of("carla") == WAITLISTED


def test_substitute_keeps_the_members_waitlist_position() -> None:
    book = Book(policy(capacity=1))
    book.register_all([request("anna", "ba"), request("ben", "vhs"), request("carla", "bamf")])

    book.substitute("ben", request("dora", "vhs"))
    promoted = book.cancel("anna")

    assert [c.person_id for c in promoted.promotions] == [uid("dora")]


def test_substitute_from_another_organisation_is_refused() -> None:
    book = Book(policy()).register_all([request("anna", "ba")])

    with pytest.raises(RuleViolation) as raised:
        book.substitute("anna", request("dora", "vhs"))

    assert raised.value.codes == ("substitute_from_other_organisation",)
    assert raised.value.errors[0].field == "substitute.organisation_id"


def test_substitute_who_is_already_registered_is_refused() -> None:
    book = Book(policy()).register_all([request("anna", "ba"), request("dora", "ba")])

    with pytest.raises(RuleViolation) as raised:
        book.substitute("anna", request("dora", "ba"))

    assert raised.value.codes == ("substitute_already_registered",)


@pytest.mark.parametrize("seed", range(8))
def test_under_any_sequence_places_seats_and_the_waitlist_order_hold(seed: int) -> None:
    """Random registrations, cancellations, declines and raised limits: never more confirmed than
    places or seats, nobody left waiting who could take a free place, and nobody promoted past an
    earlier person who could have moved up."""
    chance = random.Random(seed)
    rules = policy(capacity=chance.randint(3, 8), seats_per_organisation=chance.choice([None, 1, 2, 3]))
    book = Book(rules)
    people = [(f"person-{n}", f"org-{chance.randint(1, 4)}") for n in range(30)]
    for step in range(120):
        name, organisation = chance.choice(people)
        action = chance.random()
        waiting_before = [row.person_id for row in book.rows if row.status == WAITLISTED]
        current = book.of(name)
        if action < 0.55:
            outcome = book.register(request(name, organisation), NOW + timedelta(minutes=step))
        elif action < 0.8 and current is not None and current.status in (CONFIRMED, WAITLISTED):
            outcome = book.cancel(name)
        elif action < 0.9:
            outcome = book.decline(name, organisation)
        else:
            capacity = book.rules.capacity or 0
            outcome = book.rebalance(book.rules.model_copy(update={"capacity": capacity + 1}))

        confirmed = [row for row in book.rows if row.status == CONFIRMED]
        seats = Counter(row.organisation_id for row in confirmed)
        limit = book.rules.seats_per_organisation
        assert book.rules.capacity is None or len(confirmed) <= book.rules.capacity
        assert limit is None or max(seats.values(), default=0) <= limit
        assert len({row.person_id for row in book.rows}) == len(book.rows)
        still_waiting = [row for row in book.rows if row.status == WAITLISTED]
        if has_free_place(book.rules, len(confirmed)):
            assert all(limit is not None and seats[row.organisation_id] >= limit for row in still_waiting)
        waiting_now = [row.person_id for row in still_waiting]
        for change in outcome.changes:
            if change.reason == "registered" and change.status == WAITLISTED:
                assert change.waitlist_position == waiting_now.index(change.person_id) + 1
        promoted = [change.person_id for change in outcome.promotions]
        for person_id in promoted:
            ahead = waiting_before[: waiting_before.index(person_id)]
            skipped = [row for row in still_waiting if row.person_id in ahead]
            assert all(limit is not None and seats[row.organisation_id] >= limit for row in skipped)


def test_first_event_of_the_series_makes_a_newcomer() -> None:
    outcome = register(
        policy(), Standing(waitlist=()), None, request("anna", earlier_editions_attended=0), NOW
    )

    assert row_of(outcome, "anna").is_newcomer is True


def test_recent_membership_makes_a_newcomer_within_the_window() -> None:
    assert is_newcomer(date(2025, 10, 15), date(2025, 3, 1), earlier_editions_attended=2, window_months=12)
    assert not is_newcomer(
        date(2025, 10, 15), date(2024, 10, 15), earlier_editions_attended=2, window_months=12
    )


def test_long_standing_regular_is_not_a_newcomer() -> None:
    assert not is_newcomer(date(2025, 10, 15), None, earlier_editions_attended=5)


def test_newcomer_window_handles_month_ends() -> None:
    assert is_newcomer(date(2025, 3, 31), date(2025, 3, 1), earlier_editions_attended=1, window_months=1)
    assert not is_newcomer(date(2025, 3, 31), date(2025, 2, 28), earlier_editions_attended=1, window_months=1)
