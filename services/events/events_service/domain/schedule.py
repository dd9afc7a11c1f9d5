"""Event days as wall-clock times in the event's zone, and their conversion to UTC instants.

An event day is stored as a date, a local start and end time and the zone name; the UTC instants
are derived. This keeps "09:00 in Halle" at 09:00 across daylight-saving changes. A day ends on
the date it starts (events do not run past midnight). Wall times that do not exist (the spring
gap) or occur twice (the autumn fold) are rejected: no one plans a session for 02:30 that night,
and accepting one would make the instant a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict

from events_service.domain.errors import RuleError, raise_if_any

EVENT_TIMEZONE = "Europe/Berlin"


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_to_utc(day: date, wall_time: time, timezone: str = EVENT_TIMEZONE) -> datetime:
    """The UTC instant of a wall-clock time on a date in a zone (first occurrence if ambiguous)."""
    return datetime.combine(day, wall_time, tzinfo=zone(timezone)).astimezone(UTC)


def calendar_day_length(day: date, timezone: str = EVENT_TIMEZONE) -> timedelta:
    """Real length of a calendar day in a zone: 23, 24 or 25 hours around DST changes."""
    start = local_to_utc(day, time(0), timezone)
    end = local_to_utc(day + timedelta(days=1), time(0), timezone)
    return end - start


class EventDay(BaseModel):
    """One day of an event: date plus local start and end time in the named zone."""

    model_config = ConfigDict(frozen=True)

    date: dt.date
    start: time
    end: time
    timezone: str = EVENT_TIMEZONE

    def start_utc(self) -> datetime:
        return local_to_utc(self.date, self.start, self.timezone)

    def end_utc(self) -> datetime:
        return local_to_utc(self.date, self.end, self.timezone)

    def duration(self) -> timedelta:
        """Elapsed time between start and end, which differs from the wall-clock span on DST days."""
        return self.end_utc() - self.start_utc()


def _wall_time_problem(day: date, wall_time: time, zone_info: ZoneInfo) -> str | None:
    first = datetime.combine(day, wall_time, tzinfo=zone_info)
    second = first.replace(fold=1)
    round_trip = first.astimezone(UTC).astimezone(zone_info).replace(tzinfo=None)
    if round_trip != first.replace(tzinfo=None):
        return "does not exist on that day (clocks move forward)"
    if first.utcoffset() != second.utcoffset():
        return "occurs twice on that day (clocks move back); choose another time"
    return None


def check_day(day: EventDay, field: str = "day") -> tuple[RuleError, ...]:
    """Errors of one day on its own: known zone, plain wall-clock times, end after start."""
    try:
        zone_info = zone(day.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return (
            RuleError(
                code="unknown_timezone",
                message=f"unknown time zone {day.timezone!r}",
                field=f"{field}.timezone",
            ),
        )
    errors: list[RuleError] = []
    for name, wall_time in (("start", day.start), ("end", day.end)):
        if wall_time.tzinfo is not None:
            errors.append(
                RuleError(
                    code="time_with_offset",
                    message=f"{name} must be a wall-clock time without offset; the zone is given separately",
                    field=f"{field}.{name}",
                )
            )
            continue
        problem = _wall_time_problem(day.date, wall_time, zone_info)
        if problem:
            errors.append(
                RuleError(
                    code="invalid_wall_time",
                    message=f"{name} {wall_time:%H:%M} on {day.date.isoformat()} {problem}",
                    field=f"{field}.{name}",
                )
            )
    if not errors and day.end <= day.start:
        errors.append(
            RuleError(
                code="end_not_after_start",
                message=f"end {day.end:%H:%M} must be after start {day.start:%H:%M}",
                field=f"{field}.end",
            )
        )
    return tuple(errors)


def check_days(days: Sequence[EventDay], field: str = "days") -> tuple[RuleError, ...]:
    """Errors of a list of event days: at least one, each valid, in date order, no date twice."""
    if not days:
        return (RuleError(code="no_days", message="an event needs at least one day", field=field),)
    errors: list[RuleError] = []
    for index, day in enumerate(days):
        errors.extend(check_day(day, f"{field}.{index}"))
        if index == 0:
            continue
        previous = days[index - 1].date
        if day.date == previous:
            errors.append(
                RuleError(
                    code="duplicate_day",
                    message=f"{day.date.isoformat()} is listed twice",
                    field=f"{field}.{index}.date",
                )
            )
        elif day.date < previous:
            errors.append(
                RuleError(
                    code="days_out_of_order",
                    message=f"{day.date.isoformat()} comes after {previous.isoformat()}; list days in order",
                    field=f"{field}.{index}.date",
                )
            )
    return tuple(errors)


class Schedule(BaseModel):
    """The validated days of one event; build it with :meth:`of`."""

    model_config = ConfigDict(frozen=True)

    days: tuple[EventDay, ...]

    @classmethod
    def of(cls, days: Sequence[EventDay]) -> Schedule:
        raise_if_any(check_days(days))
        return cls(days=tuple(days))

    def day_on(self, on: date) -> EventDay | None:
        return next((day for day in self.days if day.date == on), None)

    def starts_at(self) -> datetime:
        return self.days[0].start_utc()

    def ends_at(self) -> datetime:
        return self.days[-1].end_utc()
