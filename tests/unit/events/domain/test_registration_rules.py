"""Registration rules for a Regionalworkshop capped at 25 decision-makers."""

from datetime import UTC, date, datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest
from events_service.domain.errors import RuleViolation
from events_service.domain.registration import (
    Outcome,
    Registration,
    RegistrationPolicy,
    RegistrationRequest,
    cancel,
    decline,
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


def register_all(rules: RegistrationPolicy, requests: list[RegistrationRequest]) -> tuple[Registration, ...]:
    rows: tuple[Registration, ...] = ()
    for index, item in enumerate(requests):
        rows = register(rules, rows, item, NOW + timedelta(minutes=index)).registrations
    return rows


def row_of(outcome: Outcome, person: str) -> Registration:
    row = outcome.registration_of(uid(person))
    assert row is not None, f"{person} has no registration"
    return row


def statuses(rows: tuple[Registration, ...]) -> dict[UUID, RegistrationStatus]:
    return {row.person_id: row.status for row in rows}


def test_registrations_up_to_capacity_are_confirmed() -> None:
    rows = register_all(policy(), [request(f"person-{n}") for n in range(25)])

    assert [row.status for row in rows] == [CONFIRMED] * 25


def test_the_26th_registration_goes_on_the_waitlist() -> None:
    rows = register_all(policy(), [request(f"person-{n}") for n in range(25)])

    outcome = register(policy(), rows, request("person-25"), NOW)

    assert row_of(outcome, "person-25").status == WAITLISTED
    assert outcome.changes[0].reason == "registered"
    assert outcome.changes[0].status == WAITLISTED


def test_unlimited_event_confirms_everyone() -> None:
    rows = register_all(policy(capacity=None), [request(f"person-{n}") for n in range(40)])

    assert set(statuses(rows).values()) == {CONFIRMED}


def test_cancellation_promotes_first_waitlisted() -> None:
    rows = register_all(policy(capacity=2), [request(name) for name in ("anna", "ben", "carla", "deniz")])

    outcome = cancel(policy(capacity=2), rows, uid("anna"))

    assert [(c.person_id, c.reason) for c in outcome.changes] == [
        (uid("anna"), "cancelled"),
        (uid("carla"), "promoted"),
    ]
    assert statuses(outcome.registrations)[uid("deniz")] == WAITLISTED


def test_cancelling_a_waitlisted_person_promotes_nobody() -> None:
    rows = register_all(policy(capacity=1), [request("anna"), request("ben"), request("carla")])

    outcome = cancel(policy(capacity=1), rows, uid("ben"))

    assert outcome.promotions == ()
    assert statuses(outcome.registrations)[uid("carla")] == WAITLISTED


def test_raising_capacity_promotes_waitlisted_in_arrival_order() -> None:
    rows = register_all(policy(capacity=1), [request(name) for name in ("anna", "ben", "carla", "deniz")])

    outcome = rebalance(policy(capacity=3), rows)

    assert [c.person_id for c in outcome.promotions] == [uid("ben"), uid("carla")]
    assert statuses(outcome.registrations)[uid("deniz")] == WAITLISTED


def test_capacity_cannot_go_below_confirmed_count() -> None:
    rows = register_all(policy(capacity=3), [request(name) for name in ("anna", "ben", "carla")])

    with pytest.raises(RuleViolation) as raised:
        rebalance(policy(capacity=2), rows)

    assert raised.value.codes == ("capacity_below_confirmed",)
    assert raised.value.errors[0].field == "capacity"


def test_organisation_with_full_seats_sends_its_next_person_to_the_waitlist() -> None:
    rules = policy(seats_per_organisation=2)
    rows = register_all(rules, [request(n, "jobcenter-leipzig") for n in ("anna", "ben", "carla")])

    assert statuses(rows)[uid("carla")] == WAITLISTED
    assert statuses(rows)[uid("anna")] == CONFIRMED


def test_promotion_skips_people_whose_organisation_is_full() -> None:
    rules = policy(capacity=3, seats_per_organisation=1)
    rows = register_all(
        rules,
        [
            request("anna", "jobcenter"),
            request("ben", "vhs"),
            request("carla", "bamf"),
            request("deniz", "jobcenter"),
            request("emil", "sozialamt"),
        ],
    )

    outcome = cancel(rules, rows, uid("ben"))

    assert [c.person_id for c in outcome.promotions] == [uid("emil")]
    assert statuses(outcome.registrations)[uid("deniz")] == WAITLISTED


def test_seat_freed_inside_the_organisation_goes_to_its_waiting_colleague() -> None:
    rules = policy(capacity=10, seats_per_organisation=1)
    rows = register_all(rules, [request("anna", "jobcenter"), request("deniz", "jobcenter")])

    outcome = cancel(rules, rows, uid("anna"))

    assert [c.person_id for c in outcome.promotions] == [uid("deniz")]


def test_registering_twice_keeps_one_registration_with_the_same_outcome() -> None:
    rows = register_all(policy(capacity=1), [request("anna"), request("ben")])

    outcome = register(policy(capacity=1), rows, request("ben"), NOW + timedelta(hours=1))

    assert outcome.registrations == rows
    assert outcome.changes == ()
    assert row_of(outcome, "ben").status == WAITLISTED


def test_a_retried_registration_after_the_deadline_returns_the_first_outcome() -> None:
    rows = register_all(policy(), [request("anna")])

    outcome = register(policy(), rows, request("anna"), NOW + timedelta(days=60))

    assert outcome.registrations == rows


def test_registering_again_after_cancelling_queues_at_the_end() -> None:
    rules = policy(capacity=1)
    rows = register_all(rules, [request("anna"), request("ben")])
    rows = cancel(rules, rows, uid("anna")).registrations

    outcome = register(rules, rows, request("anna"), NOW + timedelta(hours=2))

    assert [row.person_id for row in outcome.registrations] == [uid("ben"), uid("anna")]
    assert outcome.changes[0].previous_status == RegistrationStatus.CANCELLED
    assert outcome.changes[0].status == WAITLISTED


def test_registration_before_the_window_opens_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        register(policy(registration_opens_at=NOW + timedelta(days=1)), (), request("anna"), NOW)

    assert raised.value.codes == ("registration_not_open",)


def test_registration_after_the_deadline_is_refused() -> None:
    with pytest.raises(RuleViolation) as raised:
        register(policy(registration_closes_at=NOW), (), request("anna"), NOW)

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
        register(policy(status=status), (), request("anna"), NOW)

    assert raised.value.codes == (code,)


def test_cancelling_without_registration_is_an_error() -> None:
    with pytest.raises(RuleViolation) as raised:
        cancel(policy(), (), uid("anna"))

    assert raised.value.codes == ("not_registered",)


def test_cancelling_twice_changes_nothing() -> None:
    rows = cancel(policy(), register_all(policy(), [request("anna")]), uid("anna")).registrations

    assert cancel(policy(), rows, uid("anna")).changes == ()


def test_cancellation_during_the_event_frees_the_place_but_promotes_nobody() -> None:
    rows = register_all(policy(capacity=1), [request("anna"), request("ben")])

    outcome = cancel(policy(capacity=1, status=EventStatus.RUNNING), rows, uid("anna"))

    assert outcome.promotions == ()


def test_declining_the_invitation_records_a_declined_row() -> None:
    outcome = decline(policy(), (), uid("anna"), uid("vhs"), NOW)

    assert row_of(outcome, "anna").status == RegistrationStatus.DECLINED


def test_declining_after_registering_frees_the_place() -> None:
    rows = register_all(policy(capacity=1), [request("anna"), request("ben")])

    outcome = decline(policy(capacity=1), rows, uid("anna"), uid("org-of-anna"), NOW)

    assert [c.person_id for c in outcome.promotions] == [uid("ben")]
    assert len(outcome.registrations) == 2


def test_substitute_takes_over_the_members_confirmed_place() -> None:
    rules = policy(capacity=2)
    rows = register_all(rules, [request("anna", "ba"), request("ben", "vhs"), request("carla", "bamf")])

    outcome = substitute(rules, rows, uid("anna"), request("dora", "ba"))

    taken_over = outcome.registration_of(uid("dora"))
    assert taken_over is not None
    assert taken_over.status == CONFIRMED
    assert taken_over.substitute_for == uid("anna")
    assert row_of(outcome, "anna").status == RegistrationStatus.CANCELLED
    assert outcome.promotions == ()
    assert statuses(outcome.registrations)[uid("carla")] == WAITLISTED


def test_substitute_keeps_the_members_waitlist_position() -> None:
    rules = policy(capacity=1)
    rows = register_all(rules, [request("anna", "ba"), request("ben", "vhs"), request("carla", "bamf")])

    outcome = substitute(rules, rows, uid("ben"), request("dora", "vhs"))
    promoted = cancel(rules, outcome.registrations, uid("anna"))

    assert [c.person_id for c in promoted.promotions] == [uid("dora")]


def test_substitute_from_another_organisation_is_refused() -> None:
    rows = register_all(policy(), [request("anna", "ba")])

    with pytest.raises(RuleViolation) as raised:
        substitute(policy(), rows, uid("anna"), request("dora", "vhs"))

    assert raised.value.codes == ("substitute_from_other_organisation",)
    assert raised.value.errors[0].field == "substitute.organisation_id"


def test_substitute_who_is_already_registered_is_refused() -> None:
    rows = register_all(policy(), [request("anna", "ba"), request("dora", "ba")])

    with pytest.raises(RuleViolation) as raised:
        substitute(policy(), rows, uid("anna"), request("dora", "ba"))

    assert raised.value.codes == ("substitute_already_registered",)


def test_first_event_of_the_series_makes_a_newcomer() -> None:
    outcome = register(policy(), (), request("anna", earlier_editions_attended=0), NOW)

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
