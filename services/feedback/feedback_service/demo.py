"""Demo data: the ready-made templates and closed surveys with results for past events of the
seed reports, among them three editions of the IKOE-Ideenwerkstatt for the series comparison.

Ids follow ``netzwerkstatt.demo.demo_id`` (uuid5 of a kind and a slug), so the events service's demo
events and these surveys refer to the same events. Idempotent: fixed ids, inserts that skip rows
already there. Answers are invented; no person is involved in any way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.dialects.postgresql import insert

from feedback_service import store
from feedback_service.surveys.answers import validate_submission
from feedback_service.surveys.defaults import EVENT_EVALUATION_DE
from feedback_service.surveys.model import take_snapshot
from feedback_service.tables import event_facts, responses, surveys
from netzwerkstatt.db import Database
from netzwerkstatt.demo import demo_id

IDEENWERKSTATT_SERIES = "ikoe-ideenwerkstatt"
IDEENWERKSTATT_TITLE = "IKOE-Ideenwerkstatt"


@dataclass(frozen=True)
class DemoSurvey:
    event_slug: str
    title: str
    first_day: date
    invited: int
    # One tuple per respondent: overall, usefulness, organisation, topics, networking.
    ratings: tuple[tuple[int, int, int, int, int], ...]
    keep: tuple[str, ...] = ()
    change: tuple[str, ...] = ()
    edition: int | None = None

    @property
    def event_id(self) -> Any:
        return demo_id("event", self.event_slug)

    @property
    def survey_id(self) -> Any:
        return demo_id("survey", self.event_slug)


DEMO_SURVEYS: tuple[DemoSurvey, ...] = (
    DemoSurvey(
        event_slug="zukunftswerkstatt-iq-berlin-2017",
        title="Zukunftswerkstatt des IQ Landesnetzwerks Berlin",
        first_day=date(2017, 11, 23),
        invited=30,
        ratings=((4, 4, 5, 4, 5), (5, 4, 4, 5, 5), (4, 3, 4, 4, 4), (3, 4, 4, 3, 5), (5, 5, 5, 4, 4)),
        keep=("Die themenspezifischen Workshops", "Zeit für Gespräche zwischen den Teilprojekten"),
        change=("Ergebnisse früher zusammenführen",),
    ),
    DemoSurvey(
        event_slug="regionalworkshop-leipzig-2023",
        title="Regionalworkshop IQ Leipzig",
        first_day=date(2023, 9, 19),
        invited=25,
        ratings=((4, 5, 4, 4, 5), (4, 4, 4, 5, 5), (5, 5, 4, 4, 4), (3, 4, 3, 4, 5)),
        keep=("Kurze Dienstwege zwischen Jobcenter und Beratungsstellen",),
    ),
    DemoSurvey(
        event_slug="ikoe-ideenwerkstatt-11",
        title=f"11. {IDEENWERKSTATT_TITLE}",
        first_day=date(2022, 11, 24),
        invited=22,
        ratings=((3, 3, 4, 3, 4), (4, 3, 4, 4, 4), (4, 4, 4, 4, 5), (3, 2, 4, 3, 4)),
        change=("Mehr Raum für Austausch unter den Landkreisen",),
        edition=11,
    ),
    DemoSurvey(
        event_slug="ikoe-ideenwerkstatt-12",
        title=f"12. {IDEENWERKSTATT_TITLE}",
        first_day=date(2023, 5, 11),
        invited=21,
        ratings=((4, 4, 4, 4, 5), (4, 3, 5, 4, 4), (5, 4, 4, 4, 5), (4, 4, 4, 3, 4)),
        keep=("Der Praxisworkshop",),
        edition=12,
    ),
    DemoSurvey(
        event_slug="ikoe-ideenwerkstatt-13",
        title=f"13. {IDEENWERKSTATT_TITLE}",
        first_day=date(2023, 11, 21),
        invited=24,
        ratings=(
            (5, 5, 5, 5, 5),
            (5, 4, 5, 4, 5),
            (4, 4, 5, 5, 5),
            (5, 5, 4, 4, 5),
            (5, 4, 5, 5, 4),
            (4, 4, 4, 4, 5),
        ),
        keep=("Die beste Ideenwerkstatt bisher", "Das Barcamp am zweiten Tag"),
        change=("Die Anreise nach Halle früher bekannt geben",),
        edition=13,
    ),
)

_RATING_KEYS = ("overall", "usefulness", "organisation", "topics", "networking")


def _answers(demo: DemoSurvey, index: int) -> dict[str, Any]:
    raw: dict[str, Any] = dict(zip(_RATING_KEYS, demo.ratings[index], strict=True))
    if index < len(demo.keep):
        raw["keep"] = demo.keep[index]
    if index < len(demo.change):
        raw["change"] = demo.change[index]
    snapshot = take_snapshot(EVENT_EVALUATION_DE)
    return validate_submission(snapshot, raw).model_dump(mode="json")


def _row_key(demo: DemoSurvey, index: int) -> str:
    # Stable for idempotent seeding; like the random keys of closed surveys it says nothing.
    return hashlib.sha256(f"demo-response:{demo.event_slug}:{index}".encode()).hexdigest()


async def seed_demo(database: Database) -> None:
    snapshot = take_snapshot(EVENT_EVALUATION_DE).model_dump(mode="json")
    series_id = demo_id("series", IDEENWERKSTATT_SERIES)
    async with database.unit_of_work() as uow:
        session = uow.session
        await store.seed_default_templates(session)
        for demo in DEMO_SURVEYS:
            in_series = demo.edition is not None
            facts = {
                "event_id": demo.event_id,
                "title": demo.title,
                "series_id": series_id if in_series else None,
                "series_title": IDEENWERKSTATT_TITLE if in_series else None,
                "edition": demo.edition,
                "first_day": demo.first_day,
                "status": "completed",
            }
            await session.execute(insert(event_facts).values(**facts, version=1).on_conflict_do_nothing())
            opened_at = datetime.combine(demo.first_day + timedelta(days=1), time(9), tzinfo=UTC)
            await session.execute(
                insert(surveys)
                .values(
                    id=demo.survey_id,
                    template_id=EVENT_EVALUATION_DE.id,
                    snapshot=snapshot,
                    state="closed",
                    pepper=None,
                    opened_at=opened_at,
                    closes_at=opened_at + timedelta(days=14),
                    closed_on=(opened_at + timedelta(days=14)).date(),
                    tokens_issued=demo.invited,
                    announced_responses=len(demo.ratings),
                    announced_period=0,
                    free_texts_removed=False,
                    **{key: value for key, value in facts.items() if key != "status"},
                )
                .on_conflict_do_nothing()
            )
            for index in range(len(demo.ratings)):
                await session.execute(
                    insert(responses)
                    .values(
                        survey_id=demo.survey_id,
                        response_key=_row_key(demo, index),
                        answers=_answers(demo, index),
                    )
                    .on_conflict_do_nothing()
                )
