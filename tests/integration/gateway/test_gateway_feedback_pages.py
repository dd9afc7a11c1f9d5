"""The feedback pages against the real feedback service: participants answer by their link on the
public page (and may change their answers), staff open and close surveys, read the results with
a chart per question and the free texts, follow a series' trend, download exports and work on
templates."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import nats
import pytest
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient

from feedback_service import store as feedback_store
from gateway_service import clock
from gateway_service.security.roles import Role
from gateway_service.testing import csrf_token_in
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually, running
from tests.integration.feedback.feedback_support import (
    SEND_SUBJECT,
    Feedback,
    NotificationsStub,
    event_facts,
    feedback_settings,
    people,
)
from tests.integration.gateway.service_support import day, events_running, in_days
from tests.integration.gateway.test_gateway_authorization import token_client
from tests.integration.gateway.ui_support import (
    call,
    field_error,
    gateway_running,
    participant_client,
    post_form,
    staff_client,
)

ANSWERS = (
    {
        "overall": "5",
        "usefulness": "4",
        "organisation": "4",
        "topics": "5",
        "networking": "5",
        "keep": "Das Barcamp",
    },
    {
        "overall": "4",
        "usefulness": "4",
        "organisation": "3",
        "topics": "4",
        "networking": "5",
        "change": "Mehr Pausen",
    },
    {"overall": "5", "usefulness": "5", "organisation": "4", "topics": "4", "networking": "4"},
)


@pytest.fixture(scope="module")
async def admin_nats(nats_server: NatsServer) -> AsyncIterator[NatsClient]:
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    for service in ("events", "registry", "feedback"):
        await declare_stream(connection.jetstream(), service)
    yield connection
    await connection.drain()


@pytest.fixture(scope="module")
async def stub(admin_nats: NatsClient) -> AsyncIterator[NotificationsStub]:
    sent = NotificationsStub()
    subscription = await admin_nats.subscribe(SEND_SUBJECT, queue="notifications", cb=sent.handle)
    yield sent
    await subscription.unsubscribe()


@pytest.fixture
async def feedback_service(
    nats_server: NatsServer, postgres_server: PostgresServer, admin_nats: NatsClient
) -> AsyncIterator[Feedback]:
    from feedback_service.main import definition

    async with running(definition(feedback_settings(nats_server, postgres_server))) as runtime:
        yield Feedback(runtime, admin_nats)


@pytest.fixture(scope="module")
async def app(nats_server: NatsServer, postgres_server: PostgresServer) -> AsyncIterator[FastAPI]:
    async with gateway_running(nats_server, postgres_server) as gateway:
        yield gateway


@dataclass
class Edition:
    survey_id: str
    series_id: uuid.UUID
    tokens: list[str]


async def completed_edition(
    feedback: Feedback,
    stub: NotificationsStub,
    series_id: uuid.UUID,
    edition: int,
    attendees: int = 4,
    network_id: uuid.UUID | None = None,
) -> Edition:
    facts = event_facts(
        series_id=series_id, series_title="Ideenwerkstatt", edition=edition, network_id=network_id
    )
    await feedback.publish_event(facts)
    row, tokens = await feedback.open_after_completion(facts, people(attendees), stub)
    return Edition(str(row["id"]), series_id, list(tokens.values()))


async def answer(app: FastAPI, token: str, values: dict[str, str]) -> httpx.Response:
    """A participant opens their link and sends the form."""
    async with participant_client(app) as participant:
        page = await participant.get(f"/p/feedback/{token}")
        assert page.status_code == 200, page.text
        return await participant.post(
            f"/p/feedback/{token}", data={**values, "csrf_token": csrf_token_in(page.text)}
        )


@pytest.fixture
async def answered(feedback_service: Feedback, stub: NotificationsStub, app: FastAPI) -> Edition:
    edition = await completed_edition(feedback_service, stub, uuid.uuid4(), 1)
    for token, values in zip(edition.tokens, ANSWERS, strict=False):
        assert (await answer(app, token, values)).status_code == 200
    return edition


# -- the public page --------------------------------------------------------------------------------


async def test_a_participant_answers_by_link_and_sees_their_answers_again_to_change_them(
    feedback_service: Feedback, stub: NotificationsStub, app: FastAPI
) -> None:
    edition = await completed_edition(feedback_service, stub, uuid.uuid4(), 1, attendees=1)
    token = edition.tokens[0]
    assert "." in token  # "<survey id>.<secret>": the page accepts the feedback service's links
    thanks = await answer(app, token, ANSWERS[0])
    assert thanks.status_code == 200
    assert "Vielen Dank für Ihre Rückmeldung!" in thanks.text
    async with participant_client(app) as participant:
        again = await participant.get(f"/p/feedback/{token}")
        assert "Sie können Ihre Antworten ändern" in again.text
        assert re.search(r'name="overall" value="5"\s+checked', again.text)
        assert "Das Barcamp" in again.text


async def test_a_text_answer_with_a_nul_character_is_named_at_its_question(
    feedback_service: Feedback, stub: NotificationsStub, app: FastAPI
) -> None:
    """The page said only "Bitte prüfen Sie die Eingaben.": the service refused the answers as a
    whole, so no question said what was wrong."""
    edition = await completed_edition(feedback_service, stub, uuid.uuid4(), 1, attendees=1)
    refused = await answer(app, edition.tokens[0], {**ANSWERS[0], "change": "Mehr\x00Pausen"})
    assert refused.status_code == 422
    assert field_error(refused.text, "change") == "Diese Angabe enthält ein unzulässiges Zeichen."
    assert re.search(r'name="overall" value="5"\s+checked', refused.text)


async def test_a_missing_required_answer_is_named_and_the_given_answers_stay(
    feedback_service: Feedback, stub: NotificationsStub, app: FastAPI
) -> None:
    edition = await completed_edition(feedback_service, stub, uuid.uuid4(), 1, attendees=1)
    incomplete = {key: value for key, value in ANSWERS[0].items() if key != "usefulness"}
    refused = await answer(app, edition.tokens[0], incomplete)
    assert refused.status_code == 422
    assert field_error(refused.text, "usefulness") == "Bitte wählen Sie eine Antwort."
    assert re.search(r'name="overall" value="5"\s+checked', refused.text)
    assert "Das Barcamp" in refused.text


async def test_a_free_text_over_its_limit_is_told_the_limit_and_the_other_answers_stay(
    feedback_service: Feedback, stub: NotificationsStub, app: FastAPI
) -> None:
    edition = await completed_edition(feedback_service, stub, uuid.uuid4(), 1, attendees=1)
    refused = await answer(app, edition.tokens[0], ANSWERS[0] | {"change": "x" * 2001})
    assert refused.status_code == 422
    assert field_error(refused.text, "change") == "Bitte höchstens 2000 Zeichen eingeben."
    assert re.search(r'name="overall" value="5"\s+checked', refused.text)


@pytest.mark.parametrize("rating", ["²", "٣", "5.0", "99", "-1", "fünf"])
async def test_a_rating_that_is_not_one_of_the_scale_is_named_and_nothing_is_saved(
    feedback_service: Feedback, stub: NotificationsStub, app: FastAPI, rating: str
) -> None:
    edition = await completed_edition(feedback_service, stub, uuid.uuid4(), 1, attendees=1)
    refused = await answer(app, edition.tokens[0], {**ANSWERS[0], "overall": rating})
    assert refused.status_code == 422, refused.text
    assert field_error(refused.text, "overall")
    assert "Das Barcamp" in refused.text
    results = await call(app, "feedback", "results.survey", {"survey_id": edition.survey_id})
    assert results["responses"] == 0


async def test_a_closed_survey_says_so_and_takes_no_answers(
    feedback_service: Feedback, stub: NotificationsStub, app: FastAPI
) -> None:
    edition = await completed_edition(feedback_service, stub, uuid.uuid4(), 1, attendees=1)
    async with participant_client(app) as participant:
        page = await participant.get(f"/p/feedback/{edition.tokens[0]}")
        await call(app, "feedback", "survey.close", {"survey_id": edition.survey_id})
        late = await participant.post(
            f"/p/feedback/{edition.tokens[0]}", data={**ANSWERS[0], "csrf_token": csrf_token_in(page.text)}
        )
        assert late.status_code == 409
        assert "Diese Umfrage ist geschlossen." in late.text
    results = await call(app, "feedback", "results.survey", {"survey_id": edition.survey_id})
    assert results["responses"] == 0


async def test_a_made_up_link_of_the_right_shape_is_an_unknown_link(
    feedback_service: Feedback, app: FastAPI
) -> None:
    async with participant_client(app) as participant:
        made_up = await participant.get(f"/p/feedback/{uuid.uuid4().hex}.{'x' * 43}")
        assert made_up.status_code == 404
        assert "ungültig oder abgelaufen" in made_up.text


# -- staff pages ------------------------------------------------------------------------------------


async def test_staff_see_a_bar_chart_per_question_with_its_figures_and_the_free_texts(
    answered: Edition, app: FastAPI
) -> None:
    async with staff_client(app, Role.READ_ONLY) as client:
        page = await client.get(f"/feedback/surveys/{answered.survey_id}")
        assert page.status_code == 200
        assert page.text.count('<svg class="chart"') == 5  # the five ratings
        assert 'role="img"' in page.text
        assert '<rect class="chart-bar"' in page.text
        assert "<desc" in page.text
        assert "Das Barcamp" in page.text
        assert "Mehr Pausen" in page.text
        assert "Mittelwert 4,67" in page.text  # overall: 5, 4, 5
        assert "Umfrage schließen" not in page.text  # read-only


async def test_fewer_than_three_answers_show_no_results(
    feedback_service: Feedback, stub: NotificationsStub, app: FastAPI
) -> None:
    edition = await completed_edition(feedback_service, stub, uuid.uuid4(), 1, attendees=2)
    await answer(app, edition.tokens[0], ANSWERS[0])
    async with staff_client(app, Role.READ_ONLY) as client:
        page = await client.get(f"/feedback/surveys/{edition.survey_id}")
        assert "erst ab drei Antworten" in page.text
        assert '<svg class="chart"' not in page.text


async def test_a_series_trend_is_a_line_chart_with_a_table_of_the_means(
    feedback_service: Feedback, stub: NotificationsStub, app: FastAPI, answered: Edition
) -> None:
    second = await completed_edition(feedback_service, stub, answered.series_id, 2)
    for token, values in zip(second.tokens, reversed(ANSWERS), strict=False):
        await answer(app, token, values | {"overall": "3"})
    async with staff_client(app, Role.READ_ONLY) as client:
        page = await client.get(f"/feedback/series/{answered.series_id}")
        assert page.status_code == 200
        assert '<polyline class="chart-line"' in page.text
        assert "<td>4,67</td>" in page.text
        assert "<td>3,00</td>" in page.text
        assert "<td>-1,67</td>" in page.text  # the change from the first to the second edition
        export = await client.get(f"/feedback/series/{answered.series_id}/export.xlsx")
        assert export.status_code == 200
        assert "spreadsheetml" in export.headers["content-type"]


async def test_a_series_without_a_survey_yet_has_a_trend_page_without_results(
    feedback_service: Feedback, app: FastAPI
) -> None:
    # The series page links its trend before any edition had a survey: no results yet, no error.
    async with staff_client(app, Role.READ_ONLY) as client:
        page = await client.get(f"/feedback/series/{uuid.uuid4()}")
        assert page.status_code == 200
        assert "Keine Einträge." in page.text
        assert "export.xlsx" not in page.text


async def test_results_are_exported_as_csv_and_xlsx(answered: Edition, app: FastAPI) -> None:
    async with staff_client(app, Role.READ_ONLY) as client:
        csv_file = await client.get(
            f"/feedback/surveys/{answered.survey_id}/export.csv", params={"part": "free_texts"}
        )
        assert csv_file.status_code == 200
        assert "text/csv" in csv_file.headers["content-type"]
        assert "Das Barcamp" in csv_file.content.decode("utf-8-sig")
        xlsx = await client.get(f"/feedback/surveys/{answered.survey_id}/export.xlsx")
        assert xlsx.content[:2] == b"PK"
        wrong = await client.get(f"/feedback/surveys/{answered.survey_id}/export.pdf")
        assert wrong.status_code == 404  # no such export: a page that does not exist
        assert "Diese Seite gibt es nicht." in wrong.text


async def test_a_coordinator_of_the_events_network_closes_its_survey_others_may_not(
    feedback_service: Feedback, stub: NotificationsStub, app: FastAPI
) -> None:
    network_id = uuid.uuid4()
    edition = await completed_edition(
        feedback_service, stub, uuid.uuid4(), 1, attendees=1, network_id=network_id
    )
    page = f"/feedback/surveys/{edition.survey_id}"
    async with staff_client(app, Role.READ_ONLY) as client:
        token = csrf_token_in((await client.get(page)).text)
        assert (await client.post(f"{page}/close", data={"csrf_token": token})).status_code == 403
    # The feedback service itself refuses a coordinator of another network (not only the page).
    async with staff_client(app, Role.COORDINATOR, [uuid.uuid4()]) as client:
        refused = await post_form(client, page, f"{page}/close", {"confirmed": "yes"})
        assert refused.status_code == 403
    assert (await call(app, "feedback", "survey.get", {"survey_id": edition.survey_id}))["state"] == "open"
    async with staff_client(app, Role.COORDINATOR, [network_id]) as client:
        asked = await post_form(client, page, f"{page}/close", {})
        assert asked.status_code == 200
        assert "wirklich schließen?" in asked.text
        assert (await call(app, "feedback", "survey.get", {"survey_id": edition.survey_id}))[
            "state"
        ] == "open"
        closed = await post_form(client, page, f"{page}/close", {"confirmed": "yes"})
        assert closed.status_code == 303
        assert "geschlossen" in (await client.get(page)).text
    survey = await call(app, "feedback", "survey.get", {"survey_id": edition.survey_id})
    assert survey["state"] == "closed"


async def test_the_close_control_is_shown_only_to_those_who_may_close_the_survey(
    feedback_service: Feedback, stub: NotificationsStub, app: FastAPI
) -> None:
    network_id = uuid.uuid4()
    edition = await completed_edition(
        feedback_service, stub, uuid.uuid4(), 1, attendees=1, network_id=network_id
    )
    page = f"/feedback/surveys/{edition.survey_id}"
    shown: dict[str, bool] = {}
    for name, role, networks in (
        ("coordinator of the event's network", Role.COORDINATOR, [network_id]),
        ("admin", Role.ADMIN, []),
        ("coordinator of another network", Role.COORDINATOR, [uuid.uuid4()]),
        ("read-only", Role.READ_ONLY, [network_id]),
    ):
        async with staff_client(app, role, networks) as client:
            survey_page = await client.get(page)
        assert survey_page.status_code == 200
        shown[name] = "Umfrage schließen" in survey_page.text
    assert shown == {
        "coordinator of the event's network": True,
        "admin": True,
        "coordinator of another network": False,
        "read-only": False,
    }


async def test_the_close_confirmation_offers_its_yes_button_once(
    feedback_service: Feedback, stub: NotificationsStub, app: FastAPI
) -> None:
    network_id = uuid.uuid4()
    edition = await completed_edition(
        feedback_service, stub, uuid.uuid4(), 1, attendees=1, network_id=network_id
    )
    page = f"/feedback/surveys/{edition.survey_id}"
    async with staff_client(app, Role.COORDINATOR, [network_id]) as client:
        asked = await post_form(client, page, f"{page}/close", {})
    assert asked.status_code == 200
    assert asked.text.count("Ja, schließen") == 1
    confirmation = asked.text.split('id="main"', 1)[1]
    assert confirmation.count('type="submit"') == 1  # the one "Ja, schließen"; "Abbrechen" is a link


async def test_a_survey_is_opened_by_hand_for_an_event_and_a_wrong_event_is_named(
    feedback_service: Feedback, app: FastAPI
) -> None:
    network_id = uuid.uuid4()
    facts = event_facts(title="Regionalworkshop", network_id=network_id)
    await feedback_service.publish_event(facts)
    async with staff_client(app, Role.COORDINATOR, [network_id]) as client:
        unknown = await post_form(
            client,
            "/feedback/surveys",
            "/feedback/surveys",
            {"event_id": str(uuid.uuid4()), "open_for_days": "7"},
        )
        assert unknown.status_code in (404, 422)
        assert field_error(unknown.text, "event_id")
        bad_days = await post_form(
            client,
            "/feedback/surveys",
            "/feedback/surveys",
            {"event_id": str(facts.event_id), "open_for_days": "0"},
        )
        assert bad_days.status_code == 422
        assert field_error(bad_days.text, "open_for_days")

        async def opened() -> httpx.Response:
            return await post_form(
                client,
                "/feedback/surveys",
                "/feedback/surveys",
                {"event_id": str(facts.event_id), "open_for_days": "7"},
            )

        response = await opened()
        for _ in range(50):  # the event's facts arrive by event; the form is sent again until they have
            if response.status_code == 303:
                break
            response = await opened()
        assert response.status_code == 303, response.text
        page = await client.get(response.headers["location"])
        assert facts.title in page.text
        assert "Umfrage schließen" in page.text


async def test_the_built_in_evaluations_are_named_in_the_readers_language(
    answered: Edition, app: FastAPI
) -> None:
    async with staff_client(app, Role.COORDINATOR) as client:
        surveys = await client.get("/feedback/surveys")
        listed = await client.get("/feedback/templates")
        client.cookies.set("nw_lang", "en")
        english = await client.get("/feedback/surveys")
    for page in (surveys, listed):
        assert "Veranstaltungsauswertung (Fragen auf Deutsch)" in page.text
        assert "Veranstaltungsauswertung (Fragen auf Englisch)" in page.text
        assert "Event evaluation" not in page.text
    assert "<td>Englisch</td>" in listed.text
    assert "<td>en</td>" not in listed.text
    assert "Event evaluation (questions in English)" in english.text


def template_form(name: str, version: str | int, questions: list[dict[str, Any]]) -> dict[str, str]:
    """A German template's form as its page fills it: name, version and each question's texts and
    required flag."""
    values = {"name": name, "language": "de", "version": str(version)}
    for question in questions:
        values[f"{question['key']}.de"] = question["text"]["de"]
        values[f"{question['key']}.en"] = question["text"]["en"]
        values[f"{question['key']}.required"] = "on" if question["required"] else ""
    return values


async def test_templates_are_copied_and_edited_while_no_survey_uses_them(
    answered: Edition, app: FastAPI
) -> None:
    templates: list[dict[str, Any]] = (await call(app, "feedback", "template.list", {}))["items"]
    built_in = next(item for item in templates if item["built_in"] and item["language"] == "de")
    async with staff_client(app, Role.COORDINATOR) as client:
        listed = await client.get("/feedback/templates")
        assert "Veranstaltungsauswertung (Fragen auf Deutsch)" in listed.text
        # A built-in template is shown for copying, never as a form, whether a survey uses it or not.
        for shipped in (item for item in templates if item["built_in"]):
            shown = await client.get(f"/feedback/templates/{shipped['id']}")
            assert "ist mitgeliefert; sie kann nicht geändert, nur kopiert werden" in shown.text
            assert 'name="overall.de"' not in shown.text
        name = f"Auswertung Ideenwerkstatt {uuid.uuid4().hex[:6]}"
        copied = await post_form(
            client, "/feedback/templates", f"/feedback/templates/{built_in['id']}/copy", {"name": name}
        )
        assert copied.status_code == 303
        page = copied.headers["location"]
        form = await client.get(page)
        assert 'name="overall.de"' in form.text
        version = re.search(r'name="version" value="(\d+)"', form.text).group(1)  # type: ignore[union-attr]
        values = template_form(name, version, built_in["questions"])
        values["overall.de"] = "Wie hat Ihnen die Ideenwerkstatt gefallen?"
        saved = await post_form(client, page, page, values)
        assert saved.status_code == 303, saved.text
        assert "Wie hat Ihnen die Ideenwerkstatt gefallen?" in (await client.get(page)).text
        emptied = await post_form(
            client, page, page, values | {"overall.de": "", "version": str(int(values["version"]) + 1)}
        )
        assert emptied.status_code == 422
        assert field_error(emptied.text, "overall.de")
        # The languages are offered in words, and one the select does not offer is refused at its
        # field with the form shown again (not an error page).
        assert '<option value="de" selected>Deutsch</option>' in form.text
        assert ">de</option>" not in form.text
        assert ">en</option>" not in form.text
        foreign = await post_form(
            client, page, page, values | {"language": "xx", "version": str(int(values["version"]) + 1)}
        )
        assert foreign.status_code == 422, foreign.text
        assert field_error(foreign.text, "language")
        assert "Wie hat Ihnen die Ideenwerkstatt gefallen?" in (await client.get(page)).text
        # The same for a built-in template, whose name is worded by its language.
        built_in_page = f"/feedback/templates/{built_in['id']}"
        foreign = await post_form(client, built_in_page, built_in_page, values | {"language": "xx"})
        assert foreign.status_code in (409, 422), foreign.text
        assert "Veranstaltungsauswertung (Fragen auf Deutsch)" in foreign.text


async def test_a_refused_template_form_looks_as_it_did_with_its_heading_labels_and_the_input_kept(
    feedback_service: Feedback, app: FastAPI
) -> None:
    templates: list[dict[str, Any]] = (await call(app, "feedback", "template.list", {}))["items"]
    built_in = next(item for item in templates if item["built_in"] and item["language"] == "de")
    name = f"Auswertung Regionalworkshop {uuid.uuid4().hex[:6]}"
    copy = await call(app, "feedback", "template.copy", {"template_id": built_in["id"], "name": name})
    page = f"/feedback/templates/{copy['id']}"
    async with staff_client(app, Role.COORDINATOR) as client:
        shown = await client.get(page)
        values = template_form("", copy["version"], copy["questions"])
        values |= {"overall.de": "", "usefulness.de": "Wie nützlich war der Regionalworkshop?"}
        refused = await post_form(client, page, page, values)
    assert refused.status_code == 422, refused.text

    def frame(html: str) -> list[str]:
        """Heading, title, legends and labels: what the page says about its fields."""
        return re.findall(
            r"<title>[^<]*</title>|<h1>[^<]*</h1>|<legend>[^<]*</legend>|<label [^>]*>[^<]*</label>", html
        )

    assert frame(refused.text) == frame(shown.text)
    assert f"<h1>{name}</h1>" in refused.text
    overall = copy["questions"][0]["text"]["de"]
    assert f"<legend>1. {overall} (Bewertung 1–5)</legend>" in refused.text
    assert field_error(refused.text, "name")
    assert field_error(refused.text, "overall.de")
    assert '<input id="name" name="name" required value=""' in refused.text
    assert 'value="Wie nützlich war der Regionalworkshop?"' in refused.text
    assert (await call(app, "feedback", "template.get", {"template_id": copy["id"]}))["version"] == copy[
        "version"
    ]


async def test_renaming_a_template_to_a_name_taken_is_refused_at_the_name_and_the_typed_name_stays(
    feedback_service: Feedback, app: FastAPI
) -> None:
    templates: list[dict[str, Any]] = (await call(app, "feedback", "template.list", {}))["items"]
    built_in = next(item for item in templates if item["built_in"] and item["language"] == "de")
    tag = uuid.uuid4().hex[:6]
    taken = await call(
        app, "feedback", "template.copy", {"template_id": built_in["id"], "name": f"Auswertung Nord {tag}"}
    )
    copy = await call(
        app, "feedback", "template.copy", {"template_id": built_in["id"], "name": f"Auswertung Süd {tag}"}
    )
    page = f"/feedback/templates/{copy['id']}"
    values = template_form(f"auswertung nord {tag}", copy["version"], copy["questions"])
    async with staff_client(app, Role.COORDINATOR) as client:
        refused = await post_form(client, page, page, values)
    assert refused.status_code == 409, refused.text
    assert field_error(refused.text, "name").startswith(
        f"Eine Vorlage namens „auswertung nord {tag}“ gibt es schon"
    )
    assert f"<h1>{copy['name']}</h1>" in refused.text
    assert f'value="auswertung nord {tag}"' in refused.text
    stored = await call(app, "feedback", "template.get", {"template_id": copy["id"]})
    assert (stored["name"], stored["version"]) == (copy["name"], copy["version"])
    assert taken["name"] == f"Auswertung Nord {tag}"


async def test_a_copy_under_a_name_taken_is_refused_at_its_row_naming_the_template_and_keeping_the_name(
    feedback_service: Feedback, app: FastAPI
) -> None:
    templates: list[dict[str, Any]] = (await call(app, "feedback", "template.list", {}))["items"]
    built_in = next(item for item in templates if item["built_in"] and item["language"] == "en")
    other = next(item for item in templates if item["built_in"] and item["language"] == "de")
    name = f"Auswertung Netzwerktreffen {uuid.uuid4().hex[:6]}"
    await call(app, "feedback", "template.copy", {"template_id": other["id"], "name": name})
    typed = f" {name.lower()} "
    async with staff_client(app, Role.COORDINATOR) as client:
        refused = await post_form(
            client, "/feedback/templates", f"/feedback/templates/{built_in['id']}/copy", {"name": typed}
        )
    assert refused.status_code == 409, refused.text
    assert "<h1>Vorlagen</h1>" in refused.text
    assert "Die Vorlage „Veranstaltungsauswertung (Fragen auf Englisch)“ wurde nicht kopiert:" in refused.text
    message = field_error(refused.text, f"copy-{built_in['id']}")
    assert message.startswith(f"Eine Vorlage namens „{name.lower()}“ gibt es schon"), message
    assert not field_error(refused.text, f"copy-{other['id']}")
    assert f'value="{name.lower()}"' in refused.text
    assert f'aria-describedby=" copy-{built_in["id"]}-error"' in refused.text
    listed = (await call(app, "feedback", "template.list", {"limit": 500}))["items"]
    assert [item["name"].lower() for item in listed].count(name.lower()) == 1


async def test_the_survey_form_offers_events_that_have_begun_and_refuses_one_still_ahead(
    registry: ServiceRuntime, events: ServiceRuntime, feedback: ServiceRuntime, gateway_app: FastAPI
) -> None:
    day = {"start": "10:00", "end": "16:00"}
    organiser = {"name": "IQ Netzwerk Sachsen", "email": "iq@example.org"}
    async with await token_client(gateway_app, Role.ADMIN) as admin:
        held = await admin.post(
            "/api/events/held",
            json={
                "title": f"Ideenwerkstatt gehalten {uuid.uuid4().hex[:6]}",
                "format": "ideas_workshop",
                "days": [{"date": (clock.today() - timedelta(days=3)).isoformat(), **day}],
                "organiser": organiser,
            },
        )
        assert held.status_code == 201, held.text
        ahead = await admin.post(
            "/api/events",
            json={
                "title": f"Ideenwerkstatt geplant {uuid.uuid4().hex[:6]}",
                "format": "ideas_workshop",
                "days": [{"date": (clock.today() + timedelta(days=20)).isoformat(), **day}],
                "organiser": organiser,
            },
        )
        assert ahead.status_code == 201, ahead.text
        published = await admin.post(f"/api/events/{ahead.json()['id']}/publish")
        assert published.status_code == 200, published.text

        async def both_known() -> bool:
            async with feedback.database.read() as session:
                return all(
                    [
                        await feedback_store.known_event(session, uuid.UUID(e.json()["id"]))
                        for e in (held, ahead)
                    ]
                )

        await eventually(both_known)
    async with staff_client(gateway_app, Role.ADMIN) as browser:
        form = await browser.get("/feedback/surveys")
        assert held.json()["title"] in form.text
        assert ahead.json()["title"] not in form.text

        refused = await post_form(
            browser, "/feedback/surveys", "/feedback/surveys", {"event_id": ahead.json()["id"]}
        )

    assert refused.status_code == 422
    assert field_error(refused.text, "event_id") == (
        "Eine Umfrage lässt sich frühestens am ersten Tag der Veranstaltung öffnen."
    )


async def test_a_refused_template_form_keeps_its_version_and_a_stale_one_is_replaced_only_when_saved_again(
    feedback_service: Feedback, app: FastAPI
) -> None:
    templates: list[dict[str, Any]] = (await call(app, "feedback", "template.list", {}))["items"]
    built_in = next(item for item in templates if item["built_in"] and item["language"] == "de")
    name = f"Auswertung Ideenwerkstatt {uuid.uuid4().hex[:6]}"
    copy = await call(app, "feedback", "template.copy", {"template_id": built_in["id"], "name": name})
    page = f"/feedback/templates/{copy['id']}"
    values = template_form("", copy["version"], copy["questions"])
    # Someone else saves the template while this coordinator's form is open.
    meanwhile = await call(
        app,
        "feedback",
        "template.edit",
        {
            "template_id": copy["id"],
            "expected_version": copy["version"],
            "name": f"{name} (Nord)",
            "language": "de",
            "questions": copy["questions"],
        },
    )
    async with staff_client(app, Role.COORDINATOR) as client:
        refused = await post_form(client, page, page, values)
        assert refused.status_code == 422, refused.text
        assert f'name="version" value="{copy["version"]}"' in refused.text
        resent = await post_form(client, page, page, values | {"name": f"{name} (Süd)"})
        assert resent.status_code == 409, resent.text
        stored = await call(app, "feedback", "template.get", {"template_id": copy["id"]})
        assert (stored["name"], stored["version"]) == (f"{name} (Nord)", meanwhile["version"])
        # Refused as stale, the form names what differs and takes the version stored now: saving
        # again replaces the other's change knowingly.
        assert "weichen ab: Name." in html.unescape(resent.text)
        assert f'name="version" value="{meanwhile["version"]}"' in resent.text
        again = await client.post(
            page,
            data=values
            | {"name": f"{name} (Süd)", "version": str(meanwhile["version"])}
            | {"csrf_token": csrf_token_in(resent.text)},
        )
    assert again.status_code == 303, again.text
    saved = await call(app, "feedback", "template.get", {"template_id": copy["id"]})
    assert saved["name"] == f"{name} (Süd)"


# -- paper forms ------------------------------------------------------------------------------------

PAPER = "/feedback/surveys/paper"
GERMAN_EVALUATION = "5f1d7a52-3c1e-4a0b-9f43-7b2d1c0e6a01"


async def completed_without_survey(feedback: Feedback, network_id: uuid.UUID | None = None) -> str:
    """A completed event the feedback service knows, without a survey (its forms were on paper)."""
    facts = event_facts(day=clock.today() - timedelta(days=10), network_id=network_id)
    await feedback.publish_event(facts)
    await feedback.knows_event(facts)
    return str(facts.event_id)


def paper_settings(
    event_id: str, handed_out: int, returned: int, closed_on: date | None = None
) -> dict[str, str]:
    return {
        "event_id": event_id,
        "template_id": GERMAN_EVALUATION,
        "handed_out": str(handed_out),
        "returned": str(returned),
        "closed_on": (closed_on or clock.today()).isoformat(),
    }


def paper_rows(*forms: dict[str, str]) -> dict[str, str]:
    return {f"form_{row}_{key}": value for row, answers in enumerate(forms) for key, value in answers.items()}


async def test_paper_forms_are_typed_in_row_by_row_and_stored_as_a_closed_survey_once(
    feedback_service: Feedback, app: FastAPI
) -> None:
    event_id = await completed_without_survey(feedback_service)
    settings = paper_settings(event_id, handed_out=5, returned=3)
    async with staff_client(app, Role.ADMIN) as admin:
        listing = await admin.get("/feedback/surveys")
        assert f'<a href="{PAPER}">Papierbögen erfassen</a>' in listing.text
        first = await admin.get(PAPER)
        assert first.status_code == 200
        # the German evaluation is chosen already, the day is today
        assert f'<option value="{GERMAN_EVALUATION}" selected>' in first.text
        assert f'name="closed_on" type="date" required value="{clock.today().isoformat()}"' in first.text
        rows_page = await admin.get(PAPER, params=settings)
        assert rows_page.status_code == 200
        assert rows_page.text.count('<th scope="row">') == 3
        assert 'aria-label="Bogen 2: Wie bewerten Sie die Veranstaltung insgesamt?"' in rows_page.text
        form = {
            key: settings[key] for key in ("event_id", "template_id", "handed_out", "returned", "closed_on")
        }
        form |= paper_rows(*(dict(answers) for answers in ANSWERS))
        form["id"] = re.search(r'name="id" value="([0-9a-f-]{36})"', rows_page.text).group(1)  # type: ignore[union-attr]
        token = csrf_token_in(rows_page.text)
        entered = await admin.post(PAPER, data={**form, "csrf_token": token})
        assert entered.status_code == 303, entered.text
        assert entered.headers["location"] == f"/feedback/surveys/{form['id']}"
        # sent again (a double click, a reload): the same survey, entered once
        again = await admin.post(PAPER, data={**form, "csrf_token": token})
        assert again.status_code == 303
        assert again.headers["location"] == entered.headers["location"]
        survey = await admin.get(entered.headers["location"])
    assert survey.status_code == 200
    assert "Das Barcamp" in survey.text
    results = await call(app, "feedback", "results.survey", {"survey_id": form["id"]})
    assert results["responses"] == 3
    stored = await call(app, "feedback", "survey.get", {"survey_id": form["id"]})
    assert stored["state"] == "closed"


async def test_paper_forms_that_cannot_be_stored_are_said_at_their_cell_and_nothing_is_stored(
    feedback_service: Feedback, app: FastAPI
) -> None:
    event_id = await completed_without_survey(feedback_service)
    good = dict(ANSWERS[0])
    cases = [
        # a rating left empty on the second form
        (
            paper_settings(event_id, 2, 2),
            paper_rows(good, good | {"usefulness": ""}),
            "form_1_usefulness",
            "Bitte beantworten Sie diese Frage.",
        ),
        (paper_settings(event_id, 2, 1), paper_rows(good | {"overall": "9"}), "form_0_overall", ""),
        (
            paper_settings(event_id, 2, 1),
            paper_rows(good | {"change": "x" * 2001}),
            "form_0_change",
            "Bitte höchstens 2000 Zeichen eingeben.",
        ),
        (paper_settings(event_id, 1, 2), paper_rows(good, good), "handed_out", ""),
        (
            paper_settings(event_id, 2, 1, clock.today() + timedelta(days=1)),
            paper_rows(good),
            "closed_on",
            "",
        ),
        (
            paper_settings(event_id, 2, 1, clock.today() - timedelta(days=30)),
            paper_rows(good),
            "closed_on",
            "",
        ),
    ]
    async with staff_client(app, Role.ADMIN) as admin:
        for settings, rows, field, words in cases:
            refused = await post_form(admin, PAPER, PAPER, settings | rows)
            assert refused.status_code == 422, (field, refused.text)
            message = field_error(refused.text, field)
            assert message, (field, refused.text)
            assert words in message
            assert "Das Barcamp" in refused.text  # the rows keep what was typed
            assert 'aria-invalid="true"' in refused.text
    assert await feedback_service.survey_row(uuid.UUID(event_id)) is None


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("returned", "viele", "Bitte eine ganze Zahl eingeben"),
        ("returned", "301", "Höchstens 300 Bögen auf einer Seite"),
        ("handed_out", "-3", "Bitte eine ganze Zahl eingeben"),
        ("event_id", "", "Bitte eine Veranstaltung wählen."),
        ("closed_on", "gestern", "Bitte ein Datum eingeben"),
    ],
)
async def test_the_first_paper_page_names_what_it_needs_before_showing_rows(
    feedback_service: Feedback, app: FastAPI, field: str, value: str, words: str
) -> None:
    settings = paper_settings(str(uuid.uuid4()), 3, 2) | {field: value}
    async with staff_client(app, Role.COORDINATOR, [uuid.uuid4()]) as coordinator:
        page = await coordinator.get(PAPER, params=settings)
    assert page.status_code == 422
    assert words in field_error(page.text, field)
    assert '<th scope="row">' not in page.text


async def test_paper_forms_are_for_the_events_network_and_not_for_read_only_staff(
    feedback_service: Feedback, app: FastAPI
) -> None:
    network_id = uuid.uuid4()
    event_id = await completed_without_survey(feedback_service, network_id)
    form = paper_settings(event_id, 2, 1) | paper_rows(dict(ANSWERS[0]))
    async with staff_client(app, Role.READ_ONLY, [network_id]) as reader:
        assert (await reader.get(PAPER)).status_code == 403
        assert "Papierbögen erfassen" not in (await reader.get("/feedback/surveys")).text
    async with staff_client(app, Role.COORDINATOR, [uuid.uuid4()]) as other:
        refused = await post_form(other, PAPER, PAPER, form)
        assert refused.status_code == 403
    assert await feedback_service.survey_row(uuid.UUID(event_id)) is None
    async with staff_client(app, Role.COORDINATOR, [network_id]) as coordinator:
        entered = await post_form(coordinator, PAPER, PAPER, form)
        assert entered.status_code == 303, entered.text
        # an event with its survey already: said at the event, the rows kept
        twice = await post_form(coordinator, PAPER, PAPER, form)
    assert twice.status_code == 409
    assert field_error(twice.text, "event_id") == "Für diese Veranstaltung gibt es schon eine Umfrage."
    assert "Das Barcamp" in twice.text


async def test_the_paper_page_offers_completed_events_without_a_survey_only(
    feedback_service: Feedback,
    nats_server: NatsServer,
    postgres_server: PostgresServer,
    admin_nats: NatsClient,
    app: FastAPI,
) -> None:
    """Held events entered in the events service reach the feedback service; one whose forms were
    entered is not offered again (an event has one survey at most)."""
    async with events_running(nats_server, postgres_server, admin_nats) as events:
        titles = [f"Regionalworkshop Leipzig {uuid.uuid4().hex[:6]}" for _ in range(2)]
        held = [
            await events.call(
                "event.enter_held",
                {
                    "title": title,
                    "format": "regional_workshop",
                    "days": [day(in_days(-40))],
                    "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq@example.org"},
                },
            )
            for title in titles
        ]
        for event in held:

            async def known(event_id: str = event["id"]) -> Any:
                async with feedback_service.runtime.database.read() as session:
                    return await feedback_store.known_event(session, uuid.UUID(event_id))

            await eventually(known)
        async with staff_client(app, Role.ADMIN) as admin:
            offered = await admin.get(PAPER)
            assert f'<option value="{held[0]["id"]}" >{titles[0]} (' in offered.text
            assert f'<option value="{held[1]["id"]}" >{titles[1]} (' in offered.text
            form = paper_settings(held[0]["id"], 3, 1, in_days(-30)) | paper_rows(dict(ANSWERS[0]))
            assert (await post_form(admin, PAPER, PAPER, form)).status_code == 303
            after = await admin.get(PAPER)
    assert f'value="{held[0]["id"]}"' not in after.text
    assert f'<option value="{held[1]["id"]}" >{titles[1]} (' in after.text
