"""Participation figures of an Ideenwerkstatt and of its series."""

from uuid import NAMESPACE_URL, UUID, uuid5

import pytest

from events_service.domain.errors import RuleViolation
from events_service.domain.figures import Attendee, Edition, event_figures, series_figures


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
