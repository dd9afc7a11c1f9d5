"""Participation figures of an event and of a series across its editions.

Figures are computed from the people who attended (the caller passes attendees, not
registrations). Districts outside the network's region (guests from other states) count as
attendees but not towards the region's coverage ("13 of 14 districts").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from events_service.domain.errors import RuleError, raise_if_any


class Attendee(BaseModel):
    model_config = ConfigDict(frozen=True)

    person_id: UUID
    organisation_id: UUID | None = None
    district_id: str | None = Field(default=None, description="official key of the district")
    institution_type: str | None = None
    is_decision_maker: bool = False
    is_newcomer: bool = False


class EventFigures(BaseModel):
    model_config = ConfigDict(frozen=True)

    attendees: int
    districts_represented: int
    districts_total: int
    districts_missing: tuple[str, ...]
    organisations: int
    institution_types: dict[str, int] = Field(description="count of attendees per type, largest first")
    decision_makers: int
    decision_maker_share: float | None = Field(description="None when nobody attended")
    newcomers: int
    district_keys: tuple[str, ...] = Field(default=(), description="the region's districts, in its order")
    represented_district_keys: tuple[str, ...] = Field(
        default=(), description="districts with an attendee, the region's and guests' alike, in key order"
    )


class Edition(BaseModel):
    model_config = ConfigDict(frozen=True)

    edition: int = Field(ge=1)
    attendees: tuple[Attendee, ...]


class EditionFigures(BaseModel):
    model_config = ConfigDict(frozen=True)

    edition: int
    figures: EventFigures
    attendee_change: int | None = Field(description="difference to the previous edition; None for the first")


class SeriesFigures(BaseModel):
    model_config = ConfigDict(frozen=True)

    editions: tuple[EditionFigures, ...]
    distinct_people: int
    districts_ever_represented: int
    districts_total: int
    district_keys: tuple[str, ...] = Field(default=(), description="the region's districts, in its order")
    represented_district_keys: tuple[str, ...] = Field(
        default=(), description="districts with an attendee at any edition, guests' too, in key order"
    )


def _check_attendees(attendees: Sequence[Attendee], field: str) -> list[RuleError]:
    counts = Counter(attendee.person_id for attendee in attendees)
    return [
        RuleError(
            code="duplicate_attendee",
            message=f"person {person_id} is counted {count} times",
            field=field,
        )
        for person_id, count in counts.items()
        if count > 1
    ]


def event_figures(attendees: Sequence[Attendee], region_districts: Sequence[str]) -> EventFigures:
    raise_if_any(_check_attendees(attendees, "attendees"))
    region = list(dict.fromkeys(region_districts))
    present = {attendee.district_id for attendee in attendees}
    types = Counter(attendee.institution_type for attendee in attendees if attendee.institution_type)
    decision_makers = sum(attendee.is_decision_maker for attendee in attendees)
    return EventFigures(
        attendees=len(attendees),
        districts_represented=sum(district in present for district in region),
        districts_total=len(region),
        districts_missing=tuple(district for district in region if district not in present),
        organisations=len({a.organisation_id for a in attendees if a.organisation_id is not None}),
        institution_types=dict(sorted(types.items(), key=lambda item: (-item[1], item[0]))),
        decision_makers=decision_makers,
        decision_maker_share=decision_makers / len(attendees) if attendees else None,
        newcomers=sum(attendee.is_newcomer for attendee in attendees),
        district_keys=tuple(region),
        represented_district_keys=_districts_of(attendees),
    )


def _districts_of(attendees: Sequence[Attendee]) -> tuple[str, ...]:
    return tuple(sorted({attendee.district_id for attendee in attendees if attendee.district_id}))


def series_figures(editions: Sequence[Edition], region_districts: Sequence[str]) -> SeriesFigures:
    """Figures per edition in edition order, each compared with the edition before it."""
    numbers = Counter(edition.edition for edition in editions)
    errors = [
        RuleError(code="duplicate_edition", message=f"edition {number} is given twice", field="editions")
        for number, count in numbers.items()
        if count > 1
    ]
    for index, edition in enumerate(editions):
        errors.extend(_check_attendees(edition.attendees, f"editions.{index}.attendees"))
    raise_if_any(errors)
    ordered = sorted(editions, key=lambda edition: edition.edition)
    results: list[EditionFigures] = []
    for edition in ordered:
        figures = event_figures(edition.attendees, region_districts)
        previous = results[-1].figures.attendees if results else None
        results.append(
            EditionFigures(
                edition=edition.edition,
                figures=figures,
                attendee_change=None if previous is None else figures.attendees - previous,
            )
        )
    region = set(region_districts)
    everyone = [attendee for edition in ordered for attendee in edition.attendees]
    return SeriesFigures(
        editions=tuple(results),
        distinct_people=len({attendee.person_id for attendee in everyone}),
        districts_ever_represented=len(region & {attendee.district_id for attendee in everyone}),
        districts_total=len(region),
        district_keys=tuple(dict.fromkeys(region_districts)),
        represented_district_keys=_districts_of(everyone),
    )


class Quarter(BaseModel):
    """One calendar quarter: what was held in it and agreed at it."""

    model_config = ConfigDict(frozen=True)

    year: int
    quarter: int = Field(ge=1, le=4)
    events: tuple[tuple[Attendee, ...], ...] = Field(description="the attendees of each event held")
    agreements_made: int = 0
    agreements_open: int = 0


class QuarterFigures(BaseModel):
    model_config = ConfigDict(frozen=True)

    year: int
    quarter: int
    events_held: int
    attendances: int = Field(description="attendees summed over the events")
    people: int = Field(description="distinct people among them")
    organisations: int
    districts_covered: int = Field(description="districts with at least one attendee")
    agreements_made: int
    agreements_open: int = Field(description="of those, still open or in progress")


def quarter_figures(quarter: Quarter) -> QuarterFigures:
    """The figures a coordinating office reports upward for one quarter."""
    for index, attendees in enumerate(quarter.events):
        raise_if_any(_check_attendees(attendees, f"events.{index}"))
    everyone = [attendee for attendees in quarter.events for attendee in attendees]
    return QuarterFigures(
        year=quarter.year,
        quarter=quarter.quarter,
        events_held=len(quarter.events),
        attendances=len(everyone),
        people=len({attendee.person_id for attendee in everyone}),
        organisations=len({a.organisation_id for a in everyone if a.organisation_id is not None}),
        districts_covered=len({a.district_id for a in everyone if a.district_id is not None}),
        agreements_made=quarter.agreements_made,
        agreements_open=quarter.agreements_open,
    )
