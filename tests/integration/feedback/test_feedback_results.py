"""Bad answers are refused per question with nothing stored; results per survey and across the
editions of a series; CSV and XLSX exports; free texts removed after retention, figures kept;
new responses announced in batches; links retried when notifications does not take them."""

from __future__ import annotations

import base64
import io
import re
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from feedback_support import GOOD_ANSWERS, Feedback, NotificationsStub, event_facts, people
from openpyxl import load_workbook

from feedback_service.jobs import announce_responses, remove_expired_free_texts
from netzwerkstatt.contracts.feedback import (
    ExportFile,
    ResponseAccepted,
    SeriesComparisonView,
    SurveyResultsView,
    SurveyView,
)
from netzwerkstatt.db import utcnow
from netzwerkstatt.errors import InvalidInput, NotFound


async def answer_all(feedback: Feedback, tokens: list[str], answers: list[dict[str, Any]]) -> None:
    for token, answer in zip(tokens, answers, strict=False):
        await feedback.call("response.submit", {"token": token, "answers": answer}, ResponseAccepted)


def ratings(overall: int, usefulness: int, **texts: str) -> dict[str, Any]:
    return {
        "overall": overall,
        "usefulness": usefulness,
        "organisation": 4,
        "topics": 4,
        "networking": 4,
        **texts,
    }


async def test_bad_answers_are_refused_with_one_error_per_question_and_nothing_stored(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    survey, tokens = await feedback.open_after_completion(event_facts(), people(1), notifications_stub)
    token = next(iter(tokens.values()))
    bad = {
        "overall": 6,
        "usefulness": 4,
        "organisation": 4,
        "networking": 4,
        "mood": 5,
        "change": "x" * 2001,
    }
    with pytest.raises(InvalidInput) as refused:
        await feedback.call("response.submit", {"token": token, "answers": bad}, ResponseAccepted)
    problems = {detail.field: detail.code for detail in refused.value.details}
    assert problems == {
        "answers.overall": "out_of_range",
        "answers.mood": "unknown_question",
        "answers.topics": "missing_required",
        "answers.change": "string_too_long",
    }
    limit = next(detail.params for detail in refused.value.details if detail.field == "answers.change")
    assert limit == {"max_length": 2000}
    assert await feedback.count("responses", survey["id"]) == 0


@pytest.mark.parametrize("shape", ["mapping", "list"])
async def test_a_nul_character_in_a_text_answer_is_refused_at_its_question_and_nothing_stored(
    feedback: Feedback, notifications_stub: NotificationsStub, shape: str
) -> None:
    """It was refused at ``answers`` as a whole (pydantic's ``value_error``), so the survey page
    could say at no question what was wrong."""
    survey, tokens = await feedback.open_after_completion(event_facts(), people(1), notifications_stub)
    token = next(iter(tokens.values()))
    given = ratings(4, 4, keep="Die Pausen", change="Mehr\x00Zeit")
    answers: Any = given
    if shape == "list":
        answers = [
            {"type": "free_text", "question_key": key, "text": value}
            if isinstance(value, str)
            else {"type": "rating", "question_key": key, "value": value}
            for key, value in given.items()
        ]
    with pytest.raises(InvalidInput) as refused:
        await feedback.call("response.submit", {"token": token, "answers": answers}, ResponseAccepted)
    problems = {detail.field: detail.code for detail in refused.value.details}
    assert problems == {"answers.change": "nul_character"}
    assert await feedback.count("responses", survey["id"]) == 0


async def test_answers_in_the_public_pages_list_shape_are_accepted(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    survey, tokens = await feedback.open_after_completion(event_facts(), people(1), notifications_stub)
    typed = [
        {"type": "rating", "question_key": key, "value": 4}
        for key in ("overall", "usefulness", "organisation", "topics", "networking")
    ] + [{"type": "free_text", "question_key": "keep", "text": "Die Speed-Beratung"}]
    token = next(iter(tokens.values()))
    await feedback.call("response.submit", {"token": token, "answers": typed}, ResponseAccepted)
    assert await feedback.count("responses", survey["id"]) == 1


async def test_results_of_one_survey_show_rate_distribution_mean_median_and_free_texts(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    survey, tokens = await feedback.open_after_completion(event_facts(), people(4), notifications_stub)
    await answer_all(
        feedback,
        list(tokens.values()),
        [ratings(5, 4, keep="Barcamp"), ratings(4, 3, keep="Austausch"), ratings(4, 2)],
    )
    results = await feedback.call("results.survey", {"survey_id": survey["id"]}, SurveyResultsView)
    assert (results.tokens_issued, results.responses) == (4, 3)
    assert results.response_rate_percent == Decimal("75.00")
    overall = next(q for q in results.questions if q.question_key == "overall")
    assert [item.count for item in overall.distribution] == [0, 0, 0, 2, 1]
    assert (overall.mean, overall.median) == (Decimal("4.33"), Decimal("4.00"))
    keep = next(q for q in results.questions if q.question_key == "keep")
    assert keep.texts == ["Austausch", "Barcamp"]


async def test_three_editions_of_a_series_compare_with_the_right_trend_figures(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    series_id = uuid.uuid4()
    editions = {
        11: (6, [ratings(3, 2), ratings(4, 3), ratings(4, 3), ratings(5, 4)]),
        12: (5, [ratings(4, 3), ratings(4, 3), ratings(5, 4)]),
        13: (5, [ratings(5, 4), ratings(5, 4), ratings(4, 5), ratings(5, 3), ratings(4, 4)]),
    }
    # Completed out of order: the comparison follows the edition numbers.
    for edition in (13, 11, 12):
        invited, answers = editions[edition]
        facts = event_facts(series_id=series_id, series_title="IKOE-Ideenwerkstatt", edition=edition)
        survey, tokens = await feedback.open_after_completion(facts, people(invited), notifications_stub)
        await answer_all(feedback, list(tokens.values()), answers)
        await feedback.call("survey.close", {"survey_id": survey["id"]}, SurveyView)

    comparison = await feedback.call("results.series", {"series_id": series_id}, SeriesComparisonView)
    assert [e.edition for e in comparison.editions] == [
        "11. IKOE-Ideenwerkstatt",
        "12. IKOE-Ideenwerkstatt",
        "13. IKOE-Ideenwerkstatt",
    ]
    assert [e.response_rate_percent for e in comparison.editions] == [
        Decimal("66.67"),
        Decimal("60.00"),
        Decimal("100.00"),
    ]
    trends = {q.question_key: q for q in comparison.questions}
    overall = trends["overall"]
    assert [p.mean for p in overall.points] == [Decimal("4.00"), Decimal("4.33"), Decimal("4.60")]
    assert [p.change_to_previous for p in overall.points] == [None, Decimal("0.33"), Decimal("0.27")]
    assert overall.change_over_series == Decimal("0.60")
    usefulness = trends["usefulness"]
    assert [p.mean for p in usefulness.points] == [Decimal("3.00"), Decimal("3.33"), Decimal("4.00")]
    assert [p.change_to_previous for p in usefulness.points] == [None, Decimal("0.33"), Decimal("0.67")]
    assert usefulness.change_over_series == Decimal("1.00")
    assert trends["organisation"].change_over_series == Decimal("0.00")

    exported = await feedback.call("results.export_series", {"series_id": series_id}, ExportFile)
    sheet = load_workbook(io.BytesIO(base64.b64decode(exported.content_base64)))["Serienvergleich"]
    overall_row = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "overall")
    assert [float(value) for value in overall_row[2:]] == [4.0, 4.33, 0.33, 4.6, 0.27, 0.6]


async def test_results_export_as_csv_for_german_spreadsheets_and_as_xlsx(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    survey, tokens = await feedback.open_after_completion(event_facts(), people(3), notifications_stub)
    await answer_all(feedback, list(tokens.values()), [ratings(5, 4), ratings(4, 4), ratings(4, 3)])
    body = {"survey_id": survey["id"], "format": "csv", "part": "questions"}
    csv_file = await feedback.call("results.export", body, ExportFile)
    # The survey's title, the day it opened and the table's German title; no id, no English.
    opened = survey["opened_at"].date().isoformat()
    title = re.sub(r"[^a-z0-9]+", "-", survey["title"].lower()).strip("-")
    assert csv_file.filename == f"umfrage-{title}-{opened}-fragen.csv"
    assert str(survey["id"]) not in csv_file.filename
    free_texts = await feedback.call("results.export", body | {"part": "free_texts"}, ExportFile)
    assert free_texts.filename.endswith(f"-{opened}-freitexte.csv")
    text = base64.b64decode(csv_file.content_base64)
    assert text.startswith(b"\xef\xbb\xbf")
    assert "overall;Wie bewerten Sie die Veranstaltung insgesamt?;Bewertung (1–5);3;4,33;4,00" in text.decode(
        "utf-8-sig"
    )
    xlsx = await feedback.call("results.export", {"survey_id": survey["id"]}, ExportFile)
    workbook = load_workbook(io.BytesIO(base64.b64decode(xlsx.content_base64)))
    assert workbook.sheetnames == ["Übersicht", "Fragen", "Verteilungen", "Freitexte"]
    with pytest.raises(InvalidInput) as refused:
        await feedback.call("results.export", {**body, "part": "series"}, ExportFile)
    assert refused.value.details[0].field == "part"


async def test_free_texts_are_removed_after_retention_and_the_figures_stay(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    survey, tokens = await feedback.open_after_completion(event_facts(), people(3), notifications_stub)
    await answer_all(
        feedback,
        list(tokens.values()),
        [ratings(5, 4, keep="Gute Moderation"), ratings(4, 4, change="Längere Pausen"), ratings(3, 3)],
    )
    closed = await feedback.call("survey.close", {"survey_id": survey["id"]}, SurveyView)
    assert closed.closed_on is not None
    days = feedback.settings.free_text_retention_days
    database = feedback.runtime.database

    early = closed.closed_on + timedelta(days=days - 1)
    assert str(survey["id"]) not in await remove_expired_free_texts(database, feedback.settings, early)
    due = closed.closed_on + timedelta(days=days)
    assert str(survey["id"]) in await remove_expired_free_texts(database, feedback.settings, due)

    results = await feedback.call("results.survey", {"survey_id": survey["id"]}, SurveyResultsView)
    keep = next(q for q in results.questions if q.question_key == "keep")
    assert (keep.answered, keep.texts, keep.deleted_by_retention) == (1, [], 1)
    overall = next(q for q in results.questions if q.question_key == "overall")
    assert overall.mean == Decimal("4.00")
    view = await feedback.call("survey.get", {"survey_id": survey["id"]}, SurveyView)
    assert view.free_texts_removed is True


async def test_new_responses_are_announced_once_per_period_with_counts_only(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    survey, tokens = await feedback.open_after_completion(event_facts(), people(3), notifications_stub)
    await answer_all(feedback, list(tokens.values())[:2], [ratings(5, 4), ratings(4, 4)])
    database, settings = feedback.runtime.database, feedback.settings
    # Within the period the survey opened in (the test may run across a period's boundary).
    seconds = settings.response_announcement_seconds
    opened_in = datetime.fromtimestamp(survey["announced_period"] * seconds, tz=UTC)

    async def announced() -> list[dict[str, Any]]:
        events = await feedback.feedback_events(survey["id"])
        return [event["data"] for event in events if "response.submitted" in event["type"]]

    # Other tests' surveys in the session's database may be due at that moment: only this one counts.
    await announce_responses(database, settings, opened_in)
    assert await announced() == [], "not before the period ends"

    next_period = opened_in + timedelta(seconds=seconds)
    await announce_responses(database, settings, next_period)
    await announce_responses(database, settings, next_period)
    announcements = await announced()
    assert len(announcements) == 1
    assert (announcements[0]["responses"], announcements[0]["new_responses"]) == (2, 2)
    assert set(announcements[0]) == {
        "survey_id",
        "event_id",
        "responses",
        "new_responses",
        "period_start",
        "period_end",
    }


async def test_links_notifications_did_not_take_are_retried_and_only_the_accepted_one_works(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    notifications_stub.refuse = True
    facts = event_facts()
    person = uuid.uuid4()
    await feedback.complete_event(facts, [person])

    async def queued() -> Any:
        row = await feedback.survey_row(facts.event_id)
        return row is not None and await feedback.count("pending_handouts", row["id"]) == 1

    from netzwerkstatt.testing.services import eventually

    await eventually(queued)
    assert await feedback.hand_out() == (0, 1)
    refused_token = notifications_stub.refused[-1]["survey_url"].rsplit("/", 1)[1]
    survey = await feedback.survey_row(facts.event_id)
    assert await feedback.count("token_digests", survey["id"]) == 0
    assert await feedback.count("pending_handouts", survey["id"]) == 1, "kept for a later round"

    notifications_stub.refuse = False
    assert await feedback.hand_out() == (0, 0), "not before its retry time"
    async with feedback.runtime.database.unit_of_work() as uow:
        from feedback_service import store

        await store.postpone_handout(uow.session, survey["id"], person, 1, utcnow())
    assert await feedback.hand_out() == (1, 0)
    token = notifications_stub.tokens_for(facts.event_id)[person]
    await feedback.call("response.submit", {"token": token, "answers": GOOD_ANSWERS}, ResponseAccepted)
    assert await feedback.count("responses", survey["id"]) == 1
    with pytest.raises(NotFound):
        await feedback.call(
            "response.submit", {"token": refused_token, "answers": GOOD_ANSWERS}, ResponseAccepted
        )
