"""Participation figures of an Ideenwerkstatt and of its series."""

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest

from events_service.api.attendance import _last_quarters
from events_service.domain.errors import RuleViolation
from events_service.domain.figures import (
    Attendee,
    Edition,
    Quarter,
    event_figures,
    quarter_figures,
    series_figures,
)


def uid(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"https://example.org/{name}")


REGION = [str(uid(f"district-{n}")) for n in range(14)]


def attendee(person: str, district: int | None, kind: str = "Kommune", **flags: bool) -> Attendee:
    return Attendee(
        person_id=uid(person),
        organisation_id=uid(f"org-{district}"),
        district_id=REGION[district] if district is not None else str(uid("district-hessen")),
        institution_type=kind,
        **flags,
    )


def test_thirteen_of_fourteen_districts_are_represented() -> None:
    people = [attendee(f"coordinator-{n}", n) for n in range(13)] + [attendee("guest", None)]

    figures = event_figures(people, REGION)

    assert (figures.districts_represented, figures.districts_total) == (13, 14)
    assert figures.districts_missing == (REGION[13],)
    assert figures.attendees == 14


def test_the_figures_name_the_region_and_the_districts_represented_guests_included() -> None:
    people = [attendee("a", 3), attendee("b", 3), attendee("c", 0), attendee("guest", None)]

    figures = event_figures(people, REGION)

    assert figures.district_keys == tuple(REGION)
    guest = str(uid("district-hessen"))
    assert figures.represented_district_keys == tuple(sorted({REGION[0], REGION[3], guest}))


def test_a_series_names_every_district_represented_at_any_edition() -> None:
    editions = [
        Edition(edition=1, attendees=(attendee("a", 1),)),
        Edition(edition=2, attendees=(attendee("a", 1), attendee("b", 5))),
    ]

    figures = series_figures(editions, REGION)

    assert figures.district_keys == tuple(REGION)
    assert figures.represented_district_keys == tuple(sorted({REGION[1], REGION[5]}))


def test_institution_types_decision_makers_and_newcomers_are_counted() -> None:
    people = [
        attendee("a", 0, "Jobcenter", is_decision_maker=True),
        attendee("b", 1, "Jobcenter", is_newcomer=True),
        attendee("c", 2, "Volkshochschule", is_decision_maker=True),
        attendee("d", 3, "Ausländerbehörde"),
    ]

    figures = event_figures(people, REGION)

    assert figures.institution_types == {"Jobcenter": 2, "Ausländerbehörde": 1, "Volkshochschule": 1}
    assert figures.decision_maker_share == 0.5
    assert figures.newcomers == 1


def test_an_event_without_attendees_has_no_share() -> None:
    assert event_figures([], REGION).decision_maker_share is None


def test_a_person_counted_twice_is_an_error() -> None:
    with pytest.raises(RuleViolation) as raised:
        event_figures([attendee("a", 0), attendee("a", 0)], REGION)

    assert raised.value.codes == ("duplicate_attendee",)


def test_series_figures_compare_each_edition_with_the_one_before() -> None:
    twelfth = Edition(edition=12, attendees=tuple(attendee(f"p{n}", n) for n in range(10)))
    thirteenth = Edition(edition=13, attendees=tuple(attendee(f"p{n}", n) for n in range(3, 14)))

    figures = series_figures([thirteenth, twelfth], REGION)

    assert [(e.edition, e.figures.attendees, e.attendee_change) for e in figures.editions] == [
        (12, 10, None),
        (13, 11, 1),
    ]
    assert figures.distinct_people == 14
    assert figures.districts_ever_represented == 14


def test_an_edition_given_twice_is_an_error() -> None:
    with pytest.raises(RuleViolation) as raised:
        series_figures([Edition(edition=1, attendees=()), Edition(edition=1, attendees=())], REGION)

    assert raised.value.codes == ("duplicate_edition",)


def test_a_quarter_counts_attendances_people_organisations_districts_and_agreements() -> None:
    workshop = (attendee("a", 1), attendee("b", 2), attendee("c", None))
    meeting = (attendee("a", 1), attendee("d", 3))
    result = quarter_figures(
        Quarter(year=2026, quarter=4, events=(workshop, meeting), agreements_made=3, agreements_open=1)
    )
    assert (result.events_held, result.attendances, result.people) == (2, 5, 4)
    assert result.districts_covered == 4
    assert (result.agreements_made, result.agreements_open) == (3, 1)


def test_a_quarter_without_events_is_all_zeros() -> None:
    result = quarter_figures(Quarter(year=2027, quarter=1, events=()))
    assert (result.events_held, result.attendances, result.people, result.districts_covered) == (0, 0, 0, 0)


def test_the_last_quarters_run_oldest_first_across_a_year_end() -> None:
    assert _last_quarters(date(2026, 2, 10), 4) == [(2025, 2), (2025, 3), (2025, 4), (2026, 1)]
    assert _last_quarters(date(2026, 12, 31), 1) == [(2026, 4)]
