"""Participation figures of an event and of a series across its editions.

Figures are computed from the people who attended (the caller passes attendees, not
registrations). Districts outside the network's region (guests from other states) count as
attendees but not towards the region's coverage ("13 of 14 districts").

An edition entered afterwards as history has no attendees, only the counts taken then
(``RecordedFigures``): it counts with them. Its people cannot be matched with anyone, so a series'
distinct people leave them out (and say how many attendances were only counted); a quarter adds
them as people and organisations of their own. Its host district counts as represented (the host
was there), and a counted number of districts as at least that many.
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
    recorded: bool = Field(default=False, description="counts recorded afterwards as history")
    not_recorded: tuple[str, ...] = Field(
        default=(), description="of a recorded edition: the figures not counted then (given as 0 or empty)"
    )


class Edition(BaseModel):
    model_config = ConfigDict(frozen=True)

    edition: int = Field(ge=1)
    attendees: tuple[Attendee, ...] = ()
    recorded: RecordedEdition | None = Field(default=None, description="Entered afterwards as history")


class RecordedFigures(BaseModel):
    """The counts of an edition entered afterwards as history; None where nothing was counted."""

    model_config = ConfigDict(frozen=True)

    attendees: int = Field(ge=0)
    organisations: int = Field(ge=0)
    districts_represented: int | None = Field(default=None, ge=0)
    decision_makers: int | None = Field(default=None, ge=0)
    newcomers: int | None = Field(default=None, ge=0)


class RecordedEdition(BaseModel):
    """A recorded edition's counts and its host district."""

    model_config = ConfigDict(frozen=True)

    figures: RecordedFigures
    host_district: str | None = None


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
    recorded_editions: tuple[int, ...] = Field(default=(), description="editions recorded as counts")
    recorded_attendances: int = Field(default=0, description="their attendees, not in distinct_people")


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


def recorded_event_figures(recorded: RecordedEdition, region_districts: Sequence[str]) -> EventFigures:
    """The figures of an edition entered afterwards as history, from its counts. What was not
    counted then is named in ``not_recorded``; the host district is known to be represented."""
    counts = recorded.figures
    region = list(dict.fromkeys(region_districts))
    host = recorded.host_district
    not_recorded = ["institution_types"]
    if counts.districts_represented is None:
        represented = int(host in region) if host else 0
        not_recorded.append("districts_represented")
    else:
        represented = counts.districts_represented
    if represented < len(region):
        not_recorded.append("districts_missing")  # which ones were missing was not recorded
    for name in ("decision_makers", "newcomers"):
        if getattr(counts, name) is None:
            not_recorded.append(name)
    decision_makers = counts.decision_makers or 0
    return EventFigures(
        attendees=counts.attendees,
        districts_represented=represented,
        districts_total=len(region),
        districts_missing=(),
        organisations=counts.organisations,
        institution_types={},
        decision_makers=decision_makers,
        decision_maker_share=(
            decision_makers / counts.attendees
            if counts.decision_makers is not None and counts.attendees
            else None
        ),
        newcomers=counts.newcomers or 0,
        district_keys=tuple(region),
        represented_district_keys=(host,) if host else (),
        recorded=True,
        not_recorded=tuple(not_recorded),
    )


def _figures_of(edition: Edition, region_districts: Sequence[str]) -> EventFigures:
    if edition.recorded is not None:
        return recorded_event_figures(edition.recorded, region_districts)
    return event_figures(edition.attendees, region_districts)


def _at_least(covered: int, recorded: Sequence[RecordedEdition]) -> int:
    """Districts covered: those known by name, but at least as many as any recorded edition counted."""
    counted = (item.figures.districts_represented or 0 for item in recorded)
    return max(covered, *counted) if recorded else covered


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
        figures = _figures_of(edition, region_districts)
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
    recorded = [edition.recorded for edition in ordered if edition.recorded is not None]
    hosts = {item.host_district for item in recorded if item.host_district}
    present = {attendee.district_id for attendee in everyone} | hosts
    return SeriesFigures(
        editions=tuple(results),
        distinct_people=len({attendee.person_id for attendee in everyone}),
        districts_ever_represented=_at_least(len(region & present), recorded),
        districts_total=len(region),
        district_keys=tuple(dict.fromkeys(region_districts)),
        represented_district_keys=tuple(sorted(set(_districts_of(everyone)) | hosts)),
        recorded_editions=tuple(edition.edition for edition in ordered if edition.recorded is not None),
        recorded_attendances=sum(item.figures.attendees for item in recorded),
    )


class Quarter(BaseModel):
    """One calendar quarter: what was held in it and agreed at it."""

    model_config = ConfigDict(frozen=True)

    year: int
    quarter: int = Field(ge=1, le=4)
    events: tuple[tuple[Attendee, ...], ...] = Field(description="the attendees of each event held")
    recorded: tuple[RecordedEdition, ...] = Field(default=(), description="editions recorded as history")
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
    recorded_events: int = Field(default=0, description="of the events held, editions recorded as counts")


def quarter_figures(quarter: Quarter) -> QuarterFigures:
    """The figures a coordinating office reports upward for one quarter. A recorded edition adds its
    counts: its attendees and organisations as people and organisations of their own (they cannot
    be matched with others), its host district as covered."""
    for index, attendees in enumerate(quarter.events):
        raise_if_any(_check_attendees(attendees, f"events.{index}"))
    everyone = [attendee for attendees in quarter.events for attendee in attendees]
    counted = [item.figures for item in quarter.recorded]
    covered = {a.district_id for a in everyone if a.district_id is not None}
    covered |= {item.host_district for item in quarter.recorded if item.host_district}
    return QuarterFigures(
        year=quarter.year,
        quarter=quarter.quarter,
        events_held=len(quarter.events) + len(quarter.recorded),
        attendances=len(everyone) + sum(item.attendees for item in counted),
        people=len({attendee.person_id for attendee in everyone}) + sum(item.attendees for item in counted),
        organisations=len({a.organisation_id for a in everyone if a.organisation_id is not None})
        + sum(item.organisations for item in counted),
        districts_covered=_at_least(len(covered), quarter.recorded),
        agreements_made=quarter.agreements_made,
        agreements_open=quarter.agreements_open,
        recorded_events=len(quarter.recorded),
    )
