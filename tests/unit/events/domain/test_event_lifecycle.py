"""Status machine of an event and what may change in each status."""

from datetime import UTC, date, datetime, time, timedelta
from uuid import NAMESPACE_URL, uuid5

import pytest
from pydantic import ValidationError

from events_service.domain.errors import RuleViolation
from events_service.domain.lifecycle import (
    DatesChanged,
    EventChange,
    EventSnapshot,
    EventUpdated,
    RegistrationLimitsChanged,
    StatusChanged,
    VenueChanged,
    plan_change,
    plan_transition,
)
from events_service.domain.schedule import EventDay
from events_service.domain.vocabulary import EventStatus

FIRST_DAY = EventDay(date=date(2025, 11, 21), start=time(10), end=time(18))
SECOND_DAY = EventDay(date=date(2025, 11, 22), start=time(9), end=time(14))
BEFORE = datetime(2025, 10, 1, 12, tzinfo=UTC)


def event(status: EventStatus = EventStatus.PUBLISHED, **overrides: object) -> EventSnapshot:
    values: dict[str, object] = {
        "event_id": uuid5(NAMESPACE_URL, "https://example.org/event/ideenwerkstatt-13"),
        "status": status,
        "title": "13. IKOE-Ideenwerkstatt",
        "venue": "Halle (Saale)",
        "days": (FIRST_DAY, SECOND_DAY),
        "capacity": 40,
        "registration_closes_at": datetime(2025, 11, 14, 23, tzinfo=UTC),
        "confirmed_count": 30,
    }
    values.update(overrides)
    return EventSnapshot.model_validate(values)


def test_a_draft_is_published_and_says_so() -> None:
    plan = plan_transition(event(EventStatus.DRAFT), EventStatus.PUBLISHED, BEFORE)

    assert plan.event.status == EventStatus.PUBLISHED
    assert plan.facts == (
        StatusChanged(
            fact="event.published",
            event_id=plan.event.event_id,
            previous_status=EventStatus.DRAFT,
            status=EventStatus.PUBLISHED,
        ),
    )


@pytest.mark.parametrize(
    ("status", "target"),
    [
        (EventStatus.DRAFT, EventStatus.RUNNING),
        (EventStatus.RUNNING, EventStatus.CANCELLED),
        (EventStatus.COMPLETED, EventStatus.PUBLISHED),
        (EventStatus.CANCELLED, EventStatus.PUBLISHED),
    ],
)
def test_transitions_outside_the_machine_are_refused(status: EventStatus, target: EventStatus) -> None:
    with pytest.raises(RuleViolation) as raised:
        plan_transition(event(status), target, BEFORE)

    assert raised.value.codes == ("transition_not_allowed",)


def test_a_published_event_can_be_cancelled_with_a_reason() -> None:
    plan = plan_transition(event(), EventStatus.CANCELLED, BEFORE, reason="Referentin erkrankt")

    (fact,) = plan.facts
    assert isinstance(fact, StatusChanged)
    assert (fact.fact, fact.reason) == ("event.cancelled", "Referentin erkrankt")


def test_repeating_a_transition_changes_nothing() -> None:
    assert plan_transition(event(), EventStatus.PUBLISHED, BEFORE).facts == ()


def test_an_event_that_has_begun_cannot_be_published() -> None:
    with pytest.raises(RuleViolation) as raised:
        plan_transition(
            event(EventStatus.DRAFT), EventStatus.PUBLISHED, datetime(2025, 11, 21, 10, tzinfo=UTC)
        )

    assert raised.value.codes == ("event_in_past",)


def test_an_event_starts_on_its_first_day_and_completes_on_its_last() -> None:
    morning = datetime(2025, 11, 21, 7, tzinfo=UTC)
    running = plan_transition(event(), EventStatus.RUNNING, morning).event

    with pytest.raises(RuleViolation) as raised:
        plan_transition(running, EventStatus.COMPLETED, morning)
    completed = plan_transition(running, EventStatus.COMPLETED, morning + timedelta(days=1)).event

    assert raised.value.codes == ("event_not_finished",)
    assert completed.status == EventStatus.COMPLETED


def test_an_event_cannot_start_before_its_first_day() -> None:
    with pytest.raises(RuleViolation) as raised:
        plan_transition(event(), EventStatus.RUNNING, BEFORE)

    assert raised.value.codes == ("event_not_started",)


def test_moving_a_published_event_announces_the_new_dates() -> None:
    moved = (EventDay(date=date(2025, 11, 28), start=time(10), end=time(18)),)

    plan = plan_change(
        event(), EventChange(days=moved, registration_closes_at=datetime(2025, 11, 21, tzinfo=UTC))
    )

    assert plan.event.days == moved
    assert isinstance(plan.facts[0], EventUpdated)
    assert plan.facts[0].changed_fields == ("days", "registration_closes_at")
    assert plan.facts[1] == DatesChanged(
        event_id=plan.event.event_id, previous_days=(FIRST_DAY, SECOND_DAY), days=moved
    )


def test_a_draft_change_announces_only_the_update() -> None:
    plan = plan_change(event(EventStatus.DRAFT), EventChange(venue="Magdeburg", capacity=50))

    assert [fact.fact for fact in plan.facts] == ["event.updated"]


def test_a_new_venue_and_capacity_of_a_published_event_are_announced() -> None:
    plan = plan_change(event(), EventChange(venue="Magdeburg", capacity=50))

    assert [type(fact) for fact in plan.facts] == [EventUpdated, VenueChanged, RegistrationLimitsChanged]


def test_an_unchanged_value_is_no_change() -> None:
    assert plan_change(event(), EventChange(title="13. IKOE-Ideenwerkstatt")).facts == ()


def test_capacity_may_not_go_below_the_confirmed_count() -> None:
    with pytest.raises(RuleViolation) as raised:
        plan_change(event(), EventChange(capacity=25))

    assert raised.value.codes == ("capacity_below_confirmed",)
    assert raised.value.details[0].field == "capacity"


def test_seat_limit_may_not_go_below_seats_an_organisation_holds() -> None:
    with pytest.raises(RuleViolation) as raised:
        plan_change(event(most_seats_held_by_one_organisation=3), EventChange(seats_per_organisation=2))

    assert raised.value.codes == ("seat_limit_below_confirmed",)


@pytest.mark.parametrize("status", [EventStatus.COMPLETED, EventStatus.CANCELLED])
def test_a_finished_event_is_read_only(status: EventStatus) -> None:
    with pytest.raises(RuleViolation) as raised:
        plan_change(event(status), EventChange(description="Nachtrag"))

    assert raised.value.codes == ("event_read_only",)


def test_a_running_event_only_takes_a_corrected_description() -> None:
    running = event(EventStatus.RUNNING)

    assert plan_change(running, EventChange(description="Mit Barcamp am zweiten Tag")).event.description
    with pytest.raises(RuleViolation) as raised:
        plan_change(running, EventChange(venue="Magdeburg", title="Neu"))
    assert raised.value.codes == ("field_locked", "field_locked")
    assert {e.field for e in raised.value.errors} == {"venue", "title"}


def test_registration_must_close_after_it_opens_and_before_the_event_ends() -> None:
    change = EventChange(
        registration_opens_at=datetime(2025, 11, 30, tzinfo=UTC),
        registration_closes_at=datetime(2025, 11, 29, tzinfo=UTC),
    )

    with pytest.raises(RuleViolation) as raised:
        plan_change(event(), change)

    assert raised.value.codes == ("window_closes_before_opening", "window_closes_after_event")


def test_unknown_fields_in_a_change_are_rejected() -> None:
    with pytest.raises(ValidationError):
        EventChange.model_validate({"colour": "blue"})
