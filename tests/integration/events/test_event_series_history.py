"""A series' history: past editions entered afterwards as held, with their host, dates and counts, one
by one or from a CSV/XLSX file (dry run first). They count in the overview, the rotation, the
series' figures and the quarters; a refusal names every field at once and saves nothing; nobody is
mailed and no survey opens for them."""

from __future__ import annotations

import base64
import io
import uuid
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from events_helpers import EventsApi, day, fields, in_days, network, organisation, unique
from openpyxl import Workbook

from netzwerkstatt import subjects
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.services import eventually

POOL = ["15003", "15002", "15085", "15088"]  # Magdeburg, Halle (Saale), Harz, Saalekreis


async def ideenwerkstatt(api: EventsApi, network_id: uuid.UUID | None = None) -> dict[str, Any]:
    organiser = await organisation(api, "Auslandsgesellschaft Sachsen-Anhalt", "association", regions=["15"])
    body: dict[str, Any] = {
        "title": unique("IKOE-Ideenwerkstatt"),
        "format": "ideas_workshop",
        "organiser_organisation_ids": [str(organiser)],
        "organiser_email": "ikoe@example.org",
        "host_pool": POOL,
        "first_edition": 14,
    }
    if network_id is not None:
        body["network_id"] = str(network_id)
    return await api.call("series.create", body)  # type: ignore[no-any-return]


def past(series: dict[str, Any], edition: int, host: str, days_ago: int, **counts: Any) -> dict[str, Any]:
    first = in_days(-days_ago)
    return {
        "series_id": series["id"],
        "edition": edition,
        "first_day": first.isoformat(),
        "last_day": (first + timedelta(days=1)).isoformat(),
        "host_district_key": host,
        "attendees": 30,
        "organisations": 18,
    } | counts


async def test_recorded_editions_count_in_the_overview_the_rotation_and_the_figures(api: EventsApi) -> None:
    own = await network(api, [], POOL)
    series = await ideenwerkstatt(api, own)
    eleventh = await api.call(
        "series.record_past_edition",
        past(series, 11, "15003", 800, attendees=28, organisations=17, venue={"name": "Altes Rathaus"}),
    )
    await api.call("series.record_past_edition", past(series, 12, "15002", 420, attendees=34))
    thirteenth = await api.call(
        "series.record_past_edition",
        past(series, 13, "15085", 20, attendees=41, organisations=25, districts_represented=3, newcomers=9),
    )

    assert (eleventh["status"], eleventh["title"]) == ("completed", f"11. {series['title']}")
    assert eleventh["venue"]["name"] == "Altes Rathaus"
    assert [day["date"] for day in eleventh["days"]] == [
        in_days(-800).isoformat(),
        in_days(-799).isoformat(),
    ]
    assert eleventh["recorded_figures"] == {
        "attendees": 28,
        "organisations": 17,
        "districts_represented": None,
        "decision_makers": None,
        "newcomers": None,
    }

    overview = await api.call("series.get", {"series_id": series["id"]})
    assert [(row["edition"], row["attended"], row["recorded"]) for row in overview["past_editions"]] == [
        (11, 28, True),
        (12, 34, True),
        (13, 41, True),
    ]
    assert overview["planned_editions"] == []
    assert overview["next_edition"] == 14
    assert overview["next_host_suggestion"] == "15088"  # the only district of the pool not yet host

    figures = await api.call("series.figures", {"series_id": series["id"]})
    by_edition = {row["edition"]: row for row in figures["editions"]}
    assert [row["edition"] for row in figures["editions"]] == [11, 12, 13]
    assert [row["attendee_change"] for row in figures["editions"]] == [None, 6, 7]
    assert by_edition[13]["figures"]["recorded"] is True
    assert by_edition[13]["figures"]["districts_represented"] == 3
    assert by_edition[13]["figures"]["newcomers"] == 9
    assert "decision_makers" in by_edition[13]["figures"]["not_recorded"]
    assert by_edition[11]["figures"]["represented_district_keys"] == ["15003"]
    assert (figures["recorded_editions"], figures["recorded_attendances"]) == ([11, 12, 13], 103)
    assert figures["districts_ever_represented"] == 3  # the three hosts, and 13th counted three
    assert figures["distinct_people"] == 0  # counted, never known by name

    event_figures = await api.call("event.figures", {"event_id": thirteenth["id"]})
    assert (event_figures["figures"]["attendees"], event_figures["figures"]["organisations"]) == (41, 25)

    quarters = await api.call("figures.quarters", {"quarters": 4, "network_ids": [str(own)]})
    held_on = in_days(-20)
    (quarter,) = [
        row
        for row in quarters["quarters"]
        if (row["year"], row["quarter"]) == (held_on.year, (held_on.month - 1) // 3 + 1)
    ]
    assert (quarter["events_held"], quarter["recorded_events"]) == (1, 1)
    assert (quarter["attendances"], quarter["people"], quarter["organisations"]) == (41, 41, 25)
    assert quarter["districts_covered"] == 3


async def test_a_recorded_edition_is_held_and_stays_so(api: EventsApi) -> None:
    series = await ideenwerkstatt(api)
    recorded = await api.call("series.record_past_edition", past(series, 13, "15002", 30))
    refused = await api.fails("event.publish", {"event_id": recorded["id"]})
    assert refused.code == "rule_violation"
    someone = await api.fails(
        "registration.register", {"event_id": recorded["id"], "person_id": str(uuid.uuid4())}
    )
    assert someone.code in ("rule_violation", "not_found")
    # The next edition is planned from it as usual, numbered on and hosted by rotation.
    following = await api.call(
        "event.plan_next_edition", {"event_id": recorded["id"], "days": [day(in_days(60))]}
    )
    assert (following["edition"], following["status"], following["recorded_figures"]) == (14, "draft", None)
    assert following["host_district_key"] == "15003"


async def test_every_problem_is_named_at_its_field_at_once_and_nothing_is_saved(api: EventsApi) -> None:
    own = await network(api, [], POOL)
    series = await ideenwerkstatt(api, own)
    await api.call("series.record_past_edition", past(series, 12, "15002", 400))
    refused = await api.fails(
        "series.record_past_edition",
        past(series, 12, "Atlantis", -3, organisations=31, newcomers=40, districts_represented=9),
    )
    assert refused.code == "validation_error"
    assert fields(refused) == {
        "edition",
        "first_day",
        "host_district_key",
        "organisations",
        "newcomers",
        "districts_represented",
    }
    codes = {detail.field: detail.code for detail in refused.details}
    assert codes["edition"] == "duplicate_edition"
    assert codes["first_day"] == "date_in_future"
    assert codes["host_district_key"] == "unknown_district"
    assert codes["organisations"] == "more_than_attendees"
    assert codes["districts_represented"] == "more_than_districts"

    backwards = past(series, 11, "15003", 400) | {"last_day": in_days(-401).isoformat()}
    assert fields(await api.fails("series.record_past_edition", backwards)) == {"last_day"}
    too_long = past(series, 11, "15003", 400) | {"last_day": in_days(-380).isoformat()}
    assert fields(await api.fails("series.record_past_edition", too_long)) == {"last_day"}
    overview = await api.call("series.get", {"series_id": series["id"]})
    assert [row["edition"] for row in overview["past_editions"]] == [12]


async def test_only_the_series_networks_coordinators_record_its_history(api: EventsApi) -> None:
    from netzwerkstatt.principal import Principal, Role

    own = await network(api, [], POOL)
    series = await ideenwerkstatt(api, own)
    stranger = Principal.staff(Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[uuid.uuid4()])
    refused = await api.fails("series.record_past_edition", past(series, 12, "15002", 40), principal=stranger)
    assert refused.code == "forbidden"
    coordinator = Principal.staff(Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[own])
    recorded = await api.call(
        "series.record_past_edition", past(series, 12, "15002", 40), principal=coordinator
    )
    assert recorded["edition"] == 12


# -- import ------------------------------------------------------------------------------------------

GOOD_CSV = """\
Ausgabe;Datum;Gastgeber-Kreis;Teilnehmende;Organisationen;Titel;Ort
11;{eleventh};Magdeburg;28;17;;Altes Rathaus
12;{twelfth};Halle (Saale);34;20;12. Ideenwerkstatt im Stadthaus;
13;{thirteenth};15085;41;25;;
"""


def german(on: date) -> str:
    return on.strftime("%d.%m.%Y")


def file_of(text: str, name: str = "ausgaben.csv") -> dict[str, str]:
    return {"file_name": name, "content_base64": base64.b64encode(text.encode()).decode()}


async def test_the_dry_run_reports_each_bad_row_and_saves_nothing_then_the_run_saves_all(
    api: EventsApi,
) -> None:
    series = await ideenwerkstatt(api)
    await api.call("series.record_past_edition", past(series, 10, "15088", 1200))
    bad = (
        "Ausgabe;Datum;Gastgeber-Kreis;Teilnehmende;Organisationen;Notiz\n"
        f"10;{german(in_days(-900))};Magdeburg;28;17;schon erfasst\n"
        f"11;nächsten Mai;Atlantis;viele;17;\n"
        f"12;{german(in_days(5))};Halle (Saale);34;40;\n"
        ";;;;;\n"
        f"13;{german(in_days(-30))} - {german(in_days(-29))};Harz;41;25;\n"
        f"13;{german(in_days(-20))};Harz;41;25;\n"
    )
    report = await api.call("series.history_import.dry_run", {"series_id": series["id"]} | file_of(bad))
    assert (report["valid_count"], report["invalid_count"]) == (1, 4)
    assert report["ignored_columns"] == ["Notiz"]
    assert report["blank_rows"] == [5]
    assert report["columns"]["host_district"] == "Gastgeber-Kreis"
    problems = {
        (row["row"], problem["field"], problem["code"])
        for row in report["invalid_rows"]
        for problem in row["problems"]
    }
    assert problems == {
        (2, "edition", "duplicate_edition"),
        (3, "days", "invalid_date"),
        (3, "host_district", "unknown_district"),
        (3, "attendees", "invalid_number"),
        (4, "days", "date_in_future"),
        (4, "organisations", "more_than_attendees"),
        (7, "edition", "duplicate"),
    }
    (valid,) = report["rows"]
    assert (valid["row"], valid["edition"], valid["host_district_key"]) == (6, 13, "15085")
    assert (valid["first_day"], valid["last_day"]) == (in_days(-30).isoformat(), in_days(-29).isoformat())

    refused = await api.fails("series.history_import.run", {"series_id": series["id"]} | file_of(bad))
    assert refused.code == "validation_error"
    assert "rows.3.host_district" in fields(refused)
    overview = await api.call("series.get", {"series_id": series["id"]})
    assert [row["edition"] for row in overview["past_editions"]] == [10]

    good = GOOD_CSV.format(
        eleventh=german(in_days(-800)),
        twelfth=f"{in_days(-420).isoformat()}/{in_days(-419).isoformat()}",
        thirteenth=german(in_days(-30)),
    )
    checked = await api.call("series.history_import.dry_run", {"series_id": series["id"]} | file_of(good))
    assert (checked["valid_count"], checked["invalid_count"]) == (3, 0)
    assert [row["title"] for row in checked["rows"]] == [
        f"11. {series['title']}",
        "12. Ideenwerkstatt im Stadthaus",
        f"13. {series['title']}",
    ]
    result = await api.call("series.history_import.run", {"series_id": series["id"]} | file_of(good))
    assert (result["recorded"], result["editions"]) == (3, [11, 12, 13])
    overview = await api.call("series.get", {"series_id": series["id"]})
    assert [(row["edition"], row["host_district_key"]) for row in overview["past_editions"]] == [
        (10, "15088"),
        (11, "15003"),
        (12, "15002"),
        (13, "15085"),
    ]
    twelfth = next(row for row in overview["past_editions"] if row["edition"] == 12)
    event = await api.call("event.get", {"event_id": twelfth["event_id"]})
    assert len(event["days"]) == 2
    assert overview["next_host_suggestion"] == "15088"  # hosted longest ago


async def test_a_workbook_with_date_cells_and_english_headers_is_read_alike(api: EventsApi) -> None:
    series = await ideenwerkstatt(api)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Edition", "Date", "Host district", "Attendees", "Organisations", "Newcomers"])
    sheet.append([11, in_days(-700), "Leipzig (Landkreis)", 25, 14, 6])
    sheet.append([12, f"{german(in_days(-330))} – {german(in_days(-329))}", "Saalekreis", 31, 19, None])
    content = io.BytesIO()
    workbook.save(content)
    upload = {
        "series_id": series["id"],
        "file_name": "editions.xlsx",
        "content_base64": base64.b64encode(content.getvalue()).decode(),
    }
    report = await api.call("series.history_import.dry_run", upload)
    assert (report["valid_count"], report["invalid_count"]) == (2, 0), report["invalid_rows"]
    assert [(row["edition"], row["host_district_key"]) for row in report["rows"]] == [
        (11, "14729"),
        (12, "15088"),
    ]
    assert report["rows"][0]["figures"]["newcomers"] == 6
    assert (await api.call("series.history_import.run", upload))["recorded"] == 2


async def test_an_unreadable_file_is_refused_as_a_whole(api: EventsApi) -> None:
    series = await ideenwerkstatt(api)
    no_date = "Ausgabe;Gastgeber-Kreis;Teilnehmende;Organisationen\n11;Harz;20;10\n"
    refused = await api.fails("series.history_import.dry_run", {"series_id": series["id"]} | file_of(no_date))
    assert (refused.code, fields(refused)) == ("validation_error", {"file"})
    spreadsheet = file_of("x", "ausgaben.ods")
    refused = await api.fails("series.history_import.dry_run", {"series_id": series["id"]} | spreadsheet)
    assert fields(refused) == {"file"}


# -- nobody is told --------------------------------------------------------------------------------------


async def test_a_recorded_edition_mails_nobody_and_opens_no_survey(
    api: EventsApi, notifications: ServiceRuntime, feedback: ServiceRuntime
) -> None:
    recorded_subject = subjects.event("events", "event.past_edition_recorded")
    for service in (notifications, feedback):
        consumed = {handler.event.subject() for handler in service.consumers.handlers.values()}
        assert recorded_subject not in consumed
        assert subjects.event("events", "event.published") in consumed  # they do listen to events

    series = await ideenwerkstatt(api)
    recorded = await api.call("series.record_past_edition", past(series, 13, "15085", 10))
    stream = api.connection.jetstream()

    async def announced() -> bool:
        try:
            message = await stream.get_last_msg(subjects.stream("events"), recorded_subject)
        except Exception:
            return False
        return recorded["id"] in message.data.decode()

    await eventually(announced)
    # A later fact of another event: once both services have it, they have passed the recorded one.
    planned = await api.call(
        "event.create",
        {"series_id": series["id"], "title": "14. Ideenwerkstatt", "days": [day(in_days(90))]},
    )
    await api.call("event.publish", {"event_id": planned["id"]})
    notified = notifications.database.table("events")
    projected = feedback.database.table("event_facts")
    messages = notifications.database.table("messages")
    reminders = notifications.database.table("reminder_jobs")
    surveys = feedback.database.table("surveys")

    async def rows(runtime: ServiceRuntime, table: sa.Table, event_id: Any) -> int:
        async with runtime.database.read() as session:
            query = sa.select(sa.func.count()).select_from(table).where(table.c.event_id == event_id)
            return int(await session.scalar(query) or 0)

    async def seen_by_both() -> bool:
        planned_id = uuid.UUID(planned["id"])
        kept = await rows(notifications, notified, planned_id), await rows(feedback, projected, planned_id)
        return kept == (1, 1)

    await eventually(seen_by_both)
    recorded_id = uuid.UUID(recorded["id"])
    for runtime, table in (
        (notifications, messages),
        (notifications, reminders),
        (notifications, notified),
        (feedback, surveys),
        (feedback, projected),
    ):
        assert await rows(runtime, table, recorded_id) == 0, table.name
