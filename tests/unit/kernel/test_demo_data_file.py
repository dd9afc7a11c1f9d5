"""The demo data file is coherent on any day it is loaded: past events completed, upcoming ones
published or planned, surveys for completed events only and the same editions the series shows,
free texts inside their retention period, overdue agreements among the open ones. A file of another
version or with an unknown key is refused with a message naming the place."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from netzwerkstatt import demo

DAYS = [date(2026, 12, 2), date(2027, 6, 30), date(2031, 1, 15)]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_past_events_are_completed_and_upcoming_ones_published_or_planned(today: date) -> None:
    data = demo.load(today=today)
    for event in data.events:
        if event.days[-1].date < today:
            assert event.status == "completed", event.slug
        else:
            assert event.status in ("published", "draft"), event.slug
            assert event.days[0].date > today, event.slug
    assert any(event.status == "published" for event in data.events)


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_surveys_cover_the_completed_editions_of_the_series_they_compare(today: date) -> None:
    data = demo.load(today=today)
    held = {
        (e.series_slug, e.edition)
        for e in data.events
        if e.status == "completed" and e.series_slug and e.edition
    }
    surveyed = {(s.series_slug, s.edition) for s in data.surveys if s.series_slug and s.edition}
    assert surveyed <= held
    ideas = sorted(edition for slug, edition in held if slug == "ikoe-ideenwerkstatt")
    assert sorted(e for slug, e in surveyed if slug == "ikoe-ideenwerkstatt") == ideas
    assert min(ideas) == demo.event_series("ikoe-ideenwerkstatt").first_edition


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_free_texts_are_inside_their_retention_period(today: date) -> None:
    for survey in demo.load(today=today).surveys:
        expires = survey.closes_on + timedelta(days=demo.FREE_TEXT_RETENTION_DAYS)
        assert survey.closes_on < today
        if survey.keep or survey.change:
            assert today < expires, survey.event_slug
        assert survey.free_texts_removed == (today >= expires)
        assert survey.invited >= len(survey.ratings), "answers come from the invited attendees"


def test_some_open_agreements_are_overdue_and_others_still_due() -> None:
    today = DAYS[0]
    open_agreements = [
        agreement
        for event in demo.load(today=today).events
        for agreement in event.agreements
        if agreement.status in ("open", "in_progress") and agreement.due_on
    ]
    assert any(agreement.due_on < today for agreement in open_agreements if agreement.due_on)
    assert any(agreement.due_on > today for agreement in open_agreements if agreement.due_on)


def test_a_file_of_another_version_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "demo.yaml"
    file.write_text("version: 2\norganisations: []\npeople: []\n")
    with pytest.raises(demo.DemoDataError, match="version: expected 1, found 2"):
        demo.load(file)


def test_an_unknown_key_and_a_dangling_reference_are_named(tmp_path: Path) -> None:
    file = tmp_path / "demo.yaml"
    file.write_text(
        "version: 1\n"
        "organisations:\n- {slug: a, name: Jobcenter A, type: jobcenter, region_keys: [], colour: red}\n"
        "people: []\n"
    )
    with pytest.raises(demo.DemoDataError, match=r"organisations\.0\.colour: Extra inputs"):
        demo.load(file)
    file.write_text(
        "version: 1\n"
        "organisations:\n- {slug: a, name: Jobcenter A, type: jobcenter, region_keys: [], parent: b}\n"
        "people: []\n"
    )
    with pytest.raises(demo.DemoDataError, match="organisations: a: parent: unknown 'b'"):
        demo.load(file)


def test_the_data_file_is_not_part_of_the_service_packages() -> None:
    shared_package = Path(demo.__file__).parent
    assert not demo.data_file().is_relative_to(shared_package)
    assert demo.data_file().exists()
