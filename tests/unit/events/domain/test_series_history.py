"""A series' history: the rules of a past edition, dates as people write them in a file, and how
recorded counts take part in the figures."""

from datetime import date
from uuid import NAMESPACE_URL, uuid5

import pytest

from events_service.domain import history
from events_service.domain.figures import (
    Attendee,
    Edition,
    Quarter,
    RecordedEdition,
    RecordedFigures,
    quarter_figures,
    recorded_event_figures,
    series_figures,
)
from events_service.domain.history import PastEdition, SeriesContext, check, check_file, parse_days
from netzwerkstatt.tabular import Sheet

TODAY = date(2025, 6, 1)
CONTEXT = SeriesContext(
    today=TODAY,
    taken_editions=frozenset({12}),
    own_district_keys=frozenset({"custom-raum-halle"}),
    region_size=4,
)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("12.05.2022", (date(2022, 5, 12), date(2022, 5, 12))),
        ("12.05.22", (date(2022, 5, 12), date(2022, 5, 12))),
        ("2022-05-12", (date(2022, 5, 12), date(2022, 5, 12))),
        ("2022-05-12T00:00:00", (date(2022, 5, 12), date(2022, 5, 12))),
        ("12.–13.05.2022", (date(2022, 5, 12), date(2022, 5, 13))),
        ("12./13.05.2022", (date(2022, 5, 12), date(2022, 5, 13))),
        ("12. und 13.05.2022", (date(2022, 5, 12), date(2022, 5, 13))),
        ("30.06.–01.07.2022", (date(2022, 6, 30), date(2022, 7, 1))),
        ("12.05.2022 - 13.05.2022", (date(2022, 5, 12), date(2022, 5, 13))),
        ("12.05.2022 bis 14.05.2022", (date(2022, 5, 12), date(2022, 5, 14))),
        ("2022-05-12/2022-05-13", (date(2022, 5, 12), date(2022, 5, 13))),
    ],
)
def test_dates_are_read_as_people_write_them(text: str, days: tuple[date, date]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["31.02.2022", "nächsten Mai", "2022", "12.05.", ""])
def test_what_is_no_date_is_not_guessed(text: str) -> None:
    assert parse_days(text) is None


def entry(**changes: object) -> PastEdition:
    values: dict[str, object] = {
        "edition": 11,
        "title": None,
        "first_day": date(2024, 5, 12),
        "last_day": date(2024, 5, 13),
        "host_district_key": "15002",
        "figures": RecordedFigures(attendees=30, organisations=18),
    }
    return PastEdition(**(values | changes))


def test_a_good_past_edition_has_no_problem_and_a_custom_district_of_the_series_is_a_host() -> None:
    assert check(entry(), CONTEXT) == []
    assert check(entry(host_district_key="custom-raum-halle"), CONTEXT) == []
    assert check(entry(first_day=TODAY, last_day=TODAY), CONTEXT) == []


def test_every_problem_of_a_past_edition_is_named_at_its_field() -> None:
    problems = check(
        entry(
            edition=12,
            first_day=date(2025, 6, 2),
            last_day=date(2025, 6, 3),
            host_district_key="99999",
            figures=RecordedFigures(attendees=10, organisations=11, districts_represented=5, newcomers=12),
        ),
        CONTEXT,
    )
    assert {(item.field, item.code) for item in problems} == {
        ("edition", "duplicate_edition"),
        ("first_day", "date_in_future"),
        ("host_district_key", "unknown_district"),
        ("organisations", "more_than_attendees"),
        ("newcomers", "more_than_attendees"),
        ("districts_represented", "more_than_districts"),
    }
    backwards = check(entry(last_day=date(2024, 5, 11)), CONTEXT)
    assert [(item.field, item.code) for item in backwards] == [("last_day", "last_day_before_first")]
    too_long = check(entry(last_day=date(2024, 6, 12)), CONTEXT)
    assert [(item.field, item.code, item.params) for item in too_long] == [
        ("last_day", "too_many_days", {"max": history.MAX_RECORDED_DAYS})
    ]
    ancient = check(entry(first_day=date(1, 1, 1), last_day=date(1, 1, 2)), CONTEXT)
    assert [(item.field, item.code) for item in ancient] == [("first_day", "date_too_early")]
    ends_tomorrow = check(entry(first_day=TODAY, last_day=date(2025, 6, 2)), CONTEXT)
    assert [(item.field, item.code) for item in ends_tomorrow] == [("last_day", "date_in_future")]


def test_a_file_names_its_problems_after_its_columns() -> None:
    sheet = Sheet(
        headers=["Nr.", "Termin", "Gastgeber", "TN", "Institutionen", "Entscheider"],
        rows=[
            (2, ["11.", "12.05.2024", "Landkreis Leipzig", "1.204", "300", "20"]),
            (3, ["13", "01.07.2025", "Leipzig", "20", "21", "x"]),
            (4, ["", "", "", "", "", ""]),
        ],
    )
    report = check_file(sheet, CONTEXT, "Regionalworkshop")
    ((number, valid),) = report.valid_rows
    assert (number, valid.edition, valid.host_district_key, valid.title) == (
        2,
        11,
        "14729",
        "11. Regionalworkshop",
    )
    assert (valid.figures.attendees, valid.figures.decision_makers) == (1204, 20)
    assert report.columns["host_district"] == "Gastgeber"
    assert report.blank_rows == [4]
    ((row, problems),) = [(item.row, item.problems) for item in report.invalid_rows]
    assert row == 3
    assert {(item.field, item.code) for item in problems} == {("decision_makers", "invalid_number")}


def test_recorded_counts_take_part_in_the_figures_of_an_edition_a_series_and_a_quarter() -> None:
    region = ["15002", "15003", "15085", "15088"]
    counted = RecordedEdition(figures=RecordedFigures(attendees=40, organisations=22), host_district="15003")
    figures = recorded_event_figures(counted, region)
    assert (figures.attendees, figures.organisations, figures.districts_represented) == (40, 22, 1)
    assert figures.recorded
    assert set(figures.not_recorded) == {
        "institution_types",
        "districts_represented",
        "districts_missing",
        "decision_makers",
        "newcomers",
    }
    assert figures.decision_maker_share is None

    person = uuid5(NAMESPACE_URL, "https://example.org/kim")
    attendee = Attendee(person_id=person, organisation_id=person, district_id="15002")
    series = series_figures(
        [Edition(edition=13, attendees=(attendee,)), Edition(edition=12, recorded=counted)], region
    )
    assert [(item.edition, item.figures.attendees, item.attendee_change) for item in series.editions] == [
        (12, 40, None),
        (13, 1, -39),
    ]
    assert (series.distinct_people, series.recorded_attendances, series.recorded_editions) == (1, 40, (12,))
    assert series.districts_ever_represented == 2
    assert series.represented_district_keys == ("15002", "15003")

    three = RecordedEdition(
        figures=RecordedFigures(attendees=10, organisations=6, districts_represented=3), host_district="15088"
    )
    quarter = quarter_figures(Quarter(year=2024, quarter=2, events=((attendee,),), recorded=(counted, three)))
    assert (quarter.events_held, quarter.recorded_events, quarter.attendances) == (3, 2, 51)
    assert (quarter.people, quarter.organisations, quarter.districts_covered) == (51, 29, 3)


def test_a_number_of_thousands_of_digits_is_an_invalid_number_of_its_row() -> None:
    """More digits than Python converts at all (4,300) are the row's problem, not an internal error."""
    huge = "9" * 5000
    sheet = Sheet(
        headers=["Nr.", "Termin", "Gastgeber", "TN", "Institutionen", "Entscheider"],
        rows=[(2, [huge, "12.05.2024", "Leipzig", huge, "0" * 4999 + "30", huge])],
    )
    report = check_file(sheet, CONTEXT, "Regionalworkshop")
    ((row, problems),) = [(item.row, item.problems) for item in report.invalid_rows]
    assert row == 2
    assert {(item.field, item.code) for item in problems} == {
        ("edition", "invalid_number"),
        ("attendees", "invalid_number"),
        ("decision_makers", "invalid_number"),
    }
