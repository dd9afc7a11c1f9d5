"""Event days in Europe/Berlin wall-clock time, across daylight-saving changes."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from events_service.domain.errors import RuleViolation
from events_service.domain.schedule import EventDay, Schedule, calendar_day_length, check_day, check_days


def day(on: date, start: str = "09:00", end: str = "17:00") -> EventDay:
    return EventDay(date=on, start=time.fromisoformat(start), end=time.fromisoformat(end))


def test_day_across_dst_change_keeps_wall_clock_times() -> None:
    saturday = day(date(2025, 10, 25))
    sunday = day(date(2025, 10, 26))

    assert saturday.start_utc() == datetime(2025, 10, 25, 7, 0, tzinfo=UTC)
    assert sunday.start_utc() == datetime(2025, 10, 26, 8, 0, tzinfo=UTC)
    assert (sunday.start, sunday.end) == (time(9), time(17))


def test_the_day_clocks_go_back_has_25_hours() -> None:
    assert calendar_day_length(date(2025, 10, 26)) == timedelta(hours=25)
    assert calendar_day_length(date(2025, 3, 30)) == timedelta(hours=23)
    assert calendar_day_length(date(2025, 11, 21)) == timedelta(hours=24)


def test_a_session_spanning_the_autumn_change_lasts_an_hour_longer_than_its_wall_clock_span() -> None:
    assert day(date(2025, 10, 26), "00:30", "05:00").duration() == timedelta(hours=5, minutes=30)


def test_a_time_in_the_spring_gap_is_rejected() -> None:
    errors = check_day(day(date(2025, 3, 30), "02:30", "10:00"))

    assert [(e.code, e.field) for e in errors] == [("invalid_wall_time", "day.start")]


def test_a_time_that_occurs_twice_in_autumn_is_rejected() -> None:
    errors = check_day(day(date(2025, 10, 26), "01:00", "02:30"))

    assert [(e.code, e.field) for e in errors] == [("invalid_wall_time", "day.end")]


def test_end_must_be_after_start() -> None:
    errors = check_day(day(date(2025, 11, 21), "17:00", "09:00"))

    assert [e.code for e in errors] == ["end_not_after_start"]


def test_unknown_time_zone_is_named() -> None:
    odd = EventDay(date=date(2025, 11, 21), start=time(9), end=time(17), timezone="Europe/Halle")

    assert [e.code for e in check_day(odd)] == ["unknown_timezone"]


def test_two_day_ideenwerkstatt_is_a_valid_schedule() -> None:
    schedule = Schedule.of(
        [day(date(2025, 11, 21), "10:00", "18:00"), day(date(2025, 11, 22), "09:00", "14:00")]
    )

    assert schedule.starts_at() == datetime(2025, 11, 21, 9, 0, tzinfo=UTC)
    assert schedule.ends_at() == datetime(2025, 11, 22, 13, 0, tzinfo=UTC)
    assert schedule.day_on(date(2025, 11, 22)) == schedule.days[1]


def test_the_same_day_twice_is_rejected() -> None:
    errors = check_days([day(date(2025, 9, 11)), day(date(2025, 9, 11))])

    assert [(e.code, e.field) for e in errors] == [("duplicate_day", "days.1.date")]


def test_days_out_of_order_are_rejected() -> None:
    with pytest.raises(RuleViolation) as raised:
        Schedule.of([day(date(2025, 9, 12)), day(date(2025, 9, 11))])

    assert raised.value.codes == ("days_out_of_order",)


def test_an_event_needs_a_day() -> None:
    assert [e.code for e in check_days([])] == ["no_days"]
