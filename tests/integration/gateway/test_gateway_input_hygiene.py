"""Bad input never reaches a 5xx: query numbers are ASCII digits, PATCH tells a field left out from
a null (null on a field that needs a value is a 422 naming it, and nothing changes), booleans are
true or false, times take HH:MM and HH:MM:SS, a wrong method names every allowed one, a body over
16 MiB is refused as it arrives (413, before any sign-in), and the OpenAPI document declares every
status a route answers."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from gateway_service.app import create_app
from gateway_service.errors import api_operations
from gateway_service.hygiene import MAX_BODY_VALUES, MAX_REQUEST_BYTES
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from gateway_service.testing import csrf_token_in, sign_in
from netzwerkstatt.service import ServiceRuntime
from tests.integration.gateway.test_gateway_authorization import token_client


@pytest.fixture
async def admin(registry: ServiceRuntime, events: ServiceRuntime, gateway_app: FastAPI) -> Any:
    async with await token_client(gateway_app, Role.ADMIN) as client:
        yield client


async def series(admin: httpx.AsyncClient) -> dict[str, Any]:
    created = await admin.post(
        "/api/series", json={"title": "Ideenwerkstatt Sachsen", "format": "ideas_workshop"}
    )
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


DAY = {"date": "2031-03-04", "start": "10:00", "end": "15:00"}


def fields(response: httpx.Response) -> list[str]:
    return [detail["field"] for detail in response.json()["error"]["details"]]


@pytest.mark.parametrize(("path", "query"), [("/api/series", {"x": "³"}), ("/api/people", {"limit": "²"})])
async def test_digits_other_than_ascii_are_no_numbers(
    admin: httpx.AsyncClient, path: str, query: dict[str, str]
) -> None:
    response = await admin.get(path, params=query)

    assert response.status_code < 500, response.text
    if "limit" in query:
        assert response.status_code == 422
        assert fields(response) == ["limit"]


@pytest.mark.parametrize("name", ["title", "host_pool", "organiser_organisation_ids"])
async def test_null_on_a_field_that_needs_a_value_is_refused_naming_it(
    admin: httpx.AsyncClient, name: str
) -> None:
    created = await series(admin)

    response = await admin.patch(f"/api/series/{created['id']}", json={name: None})

    assert response.status_code == 422, response.text
    assert fields(response) == [name]
    kept = (await admin.get(f"/api/series/{created['id']}")).json()["series"]
    assert kept["title"] == created["title"]


async def test_null_clears_a_field_that_may_be_empty_and_a_field_left_out_stays(
    admin: httpx.AsyncClient,
) -> None:
    created = await series(admin)
    await admin.patch(f"/api/series/{created['id']}", json={"organiser_email": "iq@example.org"})

    cleared = await admin.patch(f"/api/series/{created['id']}", json={"organiser_email": None})

    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["organiser_email"] is None
    assert cleared.json()["title"] == created["title"]


async def person(admin: httpx.AsyncClient) -> dict[str, Any]:
    created = await admin.post(
        "/api/people",
        json={
            "given_name": "Mara",
            "family_name": f"Beispiel {uuid.uuid4().hex[:8]}",
            "form_of_address": "ms",
            "language": "en",
            "phone": "+49 341 555 0100",
        },
    )
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


@pytest.mark.parametrize("name", ["form_of_address", "language", "given_name"])
async def test_null_on_a_persons_field_that_needs_a_value_is_refused_naming_it(
    admin: httpx.AsyncClient, name: str
) -> None:
    created = await person(admin)

    response = await admin.patch(f"/api/people/{created['id']}", json={name: None})

    assert response.status_code == 422, response.text
    assert fields(response) == [name]
    kept = (await admin.get(f"/api/people/{created['id']}")).json()
    assert (kept["form_of_address"], kept["language"]) == ("ms", "en")


async def test_null_clears_a_persons_phone(admin: httpx.AsyncClient) -> None:
    created = await person(admin)

    cleared = await admin.patch(f"/api/people/{created['id']}", json={"phone": None})

    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["phone"] is None
    assert cleared.json()["language"] == "en"


@pytest.mark.parametrize("value", [0, 1, "yes", "1"])
async def test_booleans_are_true_or_false(admin: httpx.AsyncClient, value: object) -> None:
    response = await admin.patch(
        "/api/networks/00000000-0000-4000-8000-000000000000", json={"archived": value}
    )

    assert response.status_code == 422
    assert fields(response) == ["archived"]


@pytest.mark.parametrize(("start", "end"), [("10:00", "16:00"), ("10:00:00", "16:30:00")])
async def test_times_take_hours_and_minutes_with_or_without_seconds(
    admin: httpx.AsyncClient, start: str, end: str
) -> None:
    body = {
        "title": "Regionalworkshop Leipzig",
        "format": "regional_workshop",
        "days": [{"date": "2030-03-04", "start": start, "end": end}],
        "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq@example.org"},
    }

    response = await admin.post("/api/events", json=body)

    assert response.status_code == 201, response.text
    assert response.json()["days"][0]["start"].startswith(start[:5])


@pytest.mark.parametrize("body", [b"\x37\xff\x59\x1a\xc3", b'{"title": "Reihe", '])
async def test_a_body_that_is_not_json_is_refused_in_the_apis_shape_naming_the_body(
    admin: httpx.AsyncClient, body: bytes
) -> None:
    response = await admin.post(
        "/api/series/00000000-0000-4000-8000-000000000000/past-editions",
        content=body,
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code in (400, 422), response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert [detail["field"] for detail in error["details"]] == ["body"]


@pytest.mark.parametrize("depth", [900, 5000])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/topics"),
        ("POST", "/api/events/00000000-0000-4000-8000-000000000000/publish"),
    ],
)
async def test_a_body_nested_deeper_than_any_request_is_refused_naming_the_body(
    admin: httpx.AsyncClient, method: str, path: str, depth: int
) -> None:
    """Objects in objects a thousand deep were a 500 (the check for NUL characters and large
    numbers recursed into them), and the connection was dropped."""
    body = b'{"a":' * depth + b"1" + b"}" * depth

    response = await admin.request(method, path, content=body, headers={"Content-Type": "application/json"})

    assert response.status_code in (400, 422), response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert [(detail["field"], detail["code"]) for detail in error["details"]] == [("body", "too_deep")]


async def test_a_body_that_is_not_json_is_refused_also_where_the_operation_takes_none(
    admin: httpx.AsyncClient,
) -> None:
    """A request whose body cannot be read is refused, not carried out as if it had sent nothing."""
    created = await series(admin)
    draft = await admin.post(
        "/api/events",
        json={
            "series_id": created["id"],
            "title": "Ideenwerkstatt Leipzig",
            "days": [DAY],
            "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq-sachsen@example.org"},
        },
    )
    assert draft.status_code == 201, draft.text

    response = await admin.post(
        f"/api/events/{draft.json()['id']}/publish",
        content=b'{"confirm": tru',
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code in (400, 422), response.text
    assert fields(response) == ["body"]
    assert (await admin.get(f"/api/events/{draft.json()['id']}")).json()["status"] == "draft"


@pytest.mark.parametrize("body", [b'{"reason": "doppelt angelegt"}', b"[]", b'"publish"'])
async def test_a_body_where_the_operation_takes_none_is_refused_and_nothing_changes(
    admin: httpx.AsyncClient, body: bytes
) -> None:
    """Fields the operation does not know are refused, not dropped unseen (a reason sent along
    with a change that records none), also where it takes no body at all; none or ``{}`` is fine."""
    created = await series(admin)
    draft = await admin.post(
        "/api/events",
        json={
            "series_id": created["id"],
            "title": "Ideenwerkstatt Chemnitz",
            "days": [DAY],
            "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq-sachsen@example.org"},
        },
    )
    assert draft.status_code == 201, draft.text
    publish = f"/api/events/{draft.json()['id']}/publish"

    refused = await admin.post(publish, content=body, headers={"Content-Type": "application/json"})

    assert refused.status_code == 422, refused.text
    assert [(detail["field"], detail["code"]) for detail in refused.json()["error"]["details"]] == [
        ("body", "extra_forbidden")
    ]
    assert (await admin.get(f"/api/events/{draft.json()['id']}")).json()["status"] == "draft"
    published = await admin.post(publish, json={})
    assert published.status_code == 200, published.text


async def test_a_body_of_thousands_of_unknown_fields_is_answered_with_the_first_hundred_counted(
    admin: httpx.AsyncClient,
) -> None:
    """As a service's reply: the first problems and a count of the rest, not one entry per field
    (a body of a million unknown keys was answered with a hundred megabytes)."""
    body = {"label_de": "Thema", "label_en": "Topic", **{f"unknown_{number}": 1 for number in range(5000)}}
    response = await admin.post("/api/topics", json=body)

    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert len(details) == 101
    assert details[0]["code"] == "extra_forbidden"
    assert details[-1] == {
        "field": "body",
        "message": "4900 more problems of this request are not listed",
        "code": "more_problems",
        "params": {"count": 4900},
    }
    listed = await admin.get("/api/topics")
    assert "Thema" not in [topic["label_de"] for topic in listed.json()["items"]]


async def test_a_body_of_more_values_than_any_request_holds_is_refused_before_it_is_validated(
    admin: httpx.AsyncClient,
) -> None:
    """A million values in 6 MB: refused by their number, at once, not validated one by one while
    every other request waits (the body's size alone is within the limit an import file needs)."""
    body = {"label_de": "Viele Werte", "label_en": "Many values", "extra": [0] * 1_000_000}

    started = time.process_time()  # the gateway runs in this process: its work, not the clock's
    response = await admin.post("/api/topics", json=body)
    seconds = time.process_time() - started

    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        {
            "field": "body",
            "message": f"must hold at most {MAX_BODY_VALUES} values",
            "code": "too_many_values",
            "params": {"max": MAX_BODY_VALUES},
        }
    ]
    assert seconds < 5, seconds  # generous: validating each value took several seconds more
    listed = await admin.get("/api/topics")
    assert "Viele Werte" not in [topic["label_de"] for topic in listed.json()["items"]]


async def test_a_wrong_method_names_every_method_of_the_path(admin: httpx.AsyncClient) -> None:
    response = await admin.delete("/api/series/00000000-0000-4000-8000-000000000000")

    assert response.status_code == 405
    # As the OpenAPI document lists them (HEAD, answered for every GET, is no operation of the API).
    assert set(response.headers["Allow"].split(", ")) == {"GET", "PATCH"}
    assert (await admin.head("/api/series/00000000-0000-4000-8000-000000000000")).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/events/held"), ("PATCH", "/api/events/held"), ("GET", "/api/feedback/surveys/paper")],
)
async def test_a_concrete_path_is_matched_before_a_template_as_openapi_says(
    admin: httpx.AsyncClient, method: str, path: str
) -> None:
    # /api/events/held takes POST only; /api/events/{event_id} would refuse "held" as an id.
    response = await admin.request(method, path, json={})

    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert response.json()["error"]["code"] == "validation_error"


async def test_the_methods_a_wrong_method_is_told_are_the_openapi_documents(gateway_app: FastAPI) -> None:
    document = gateway_app.openapi()

    assert api_operations(gateway_app) == {
        path: frozenset(method.upper() for method in operations)
        for path, operations in document["paths"].items()
    }


async def test_answering_a_wrong_method_does_not_build_the_openapi_document(
    registry: ServiceRuntime, gateway_settings: Callable[..., GatewaySettings]
) -> None:
    # The document takes most of a second of CPU to build: per app, in every test that makes one.
    app = create_app(gateway_settings())
    async with app.router.lifespan_context(app), await token_client(app, Role.ADMIN) as client:
        assert (await client.get("/api/events/held")).status_code == 405
        assert (await client.delete("/api/topics")).status_code == 405

    assert app.openapi_schema is None


async def test_a_malformed_id_in_a_templated_path_is_still_named(admin: httpx.AsyncClient) -> None:
    response = await admin.get("/api/events/not-an-id")

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "event_id"


async def test_a_value_the_services_contract_refuses_is_named_at_its_field_not_a_server_error(
    admin: httpx.AsyncClient,
) -> None:
    # The route reads the query as a date; the contract it builds for the service takes no year 223.
    response = await admin.get(f"/api/events/{uuid.uuid4()}/participants", params={"day": "0223-12-30"})

    assert response.status_code == 422
    [detail] = response.json()["error"]["details"]
    assert (detail["field"], detail["code"]) == ("day", "year_out_of_range")


async def test_a_static_file_names_get_and_head(admin: httpx.AsyncClient) -> None:
    response = await admin.post("/static/style.css")

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"


async def test_the_openapi_document_declares_every_status_of_a_route(gateway_app: FastAPI) -> None:
    document = gateway_app.openapi()

    for path, operations in document["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"401", "403", "404", "409", "413", "422", "503"} <= declared, (method, path)


@pytest.fixture
async def mail_reader(
    registry: ServiceRuntime, events: ServiceRuntime, notifications: ServiceRuntime, gateway_app: FastAPI
) -> Any:
    async with await token_client(gateway_app, Role.ADMIN) as client:
        yield client


@pytest.mark.parametrize("mail_id", ["%0C", "%00", "..%2F..%2Fetc", "x" * 80])
async def test_a_mail_id_of_any_shape_is_not_found_never_a_server_error(
    mail_reader: httpx.AsyncClient, mail_id: str
) -> None:
    response = await mail_reader.get(f"/api/notifications/mail/{mail_id}")

    assert response.status_code in (404, 422), response.text


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/series", {"title": "Lernwerkstatt Sachsen", "format": "learning_workshop"}, "first_edition"),
        (
            "/api/events",
            {"title": "Lernwerkstatt Leipzig", "format": "learning_workshop", "organiser": {"name": "IQ"}},
            "capacity",
        ),
    ],
)
async def test_a_number_beyond_what_the_database_holds_is_refused_naming_it(
    admin: httpx.AsyncClient, path: str, body: dict[str, Any], field: str
) -> None:
    if path == "/api/events":
        body = body | {"days": [{"date": "2031-05-05", "start": "10:00", "end": "16:00"}]}

    response = await admin.post(path, json=body | {field: 254_317_250_571})

    assert response.status_code == 422, response.text
    assert fields(response) == [field]


@pytest.mark.parametrize(
    "path",
    [
        "/api/feedback/templates/0900c913-bffb-3eb3-a7de-d1325580470f",
        "/api/organisations/0900c913-bffb-3eb3-a7de-d1325580470f",
    ],
)
async def test_a_version_beyond_what_the_database_holds_is_refused_naming_it(
    admin: httpx.AsyncClient, path: str
) -> None:
    response = await admin.patch(path, json={"expected_version": 4_034_313_443, "name": "Neu"})

    assert response.status_code == 422, response.text
    assert fields(response) == ["expected_version"]


@pytest.mark.parametrize("digits", ["0" * 20_000, "9" * 20_000, "-" + "1" * 5_000])
async def test_a_query_of_thousands_of_digits_is_answered_never_a_server_error(
    admin: httpx.AsyncClient, digits: str
) -> None:
    response = await admin.get("/api/regions", params={"text": digits})

    assert response.status_code < 500, response.text


StaffFactory = Callable[[Role], Awaitable[tuple[str, str]]]


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "/gibtsnicht",  # one segment, as a section's first page would be
        "/events/not-an-id",
        "/organisations/00000000-0000-4000-8000-000000000000/x/y",
    ],
)
async def test_an_address_that_leads_nowhere_is_a_german_page_not_the_frameworks_json(
    browser: httpx.AsyncClient, staff_account: StaffFactory, path: str
) -> None:
    anonymous = await browser.get("/static/nothing-here.css")
    email, password = await staff_account(Role.COORDINATOR)
    await sign_in(browser, email, password)

    signed_in = await browser.get(path)

    for response in (anonymous, signed_in):
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "Diese Seite gibt es nicht." in response.text
        assert "Not Found" not in response.text


async def test_a_page_asked_with_a_method_it_does_not_take_says_so_in_german_and_names_the_methods(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.COORDINATOR)
    await sign_in(browser, email, password)

    response = await browser.delete("/login")

    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "POST"}
    assert "Diese Seite lässt sich so nicht aufrufen." in response.text
    assert "detail" not in response.text


def test_an_unexpected_error_reaches_the_servers_log_by_its_type_only(
    caplog: pytest.LogCaptureFixture, gateway_app: FastAPI
) -> None:
    """Starlette hands an exception its handler answered on to the server, which would log its
    traceback and text (that may quote data); the gateway's filter keeps the type."""
    try:
        raise ValueError("anna.musterfrau@example.org is not in the list")
    except ValueError:
        logging.getLogger("uvicorn.error").exception("Exception in ASGI application")

    [record] = [r for r in caplog.records if r.name == "uvicorn.error"]
    assert record.getMessage() == "Exception in ASGI application: ValueError"
    assert record.exc_info is None
    assert "anna.musterfrau" not in caplog.text


async def test_a_form_sent_while_its_service_does_not_answer_says_in_words_that_nothing_was_saved(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    """No events service runs here: the agreement's status change is not answered."""
    email, password = await staff_account(Role.ADMIN)
    await sign_in(browser, email, password)
    token = csrf_token_in((await browser.get("/admin/accounts")).text)

    response = await browser.post(
        f"/events/agreements/{uuid.uuid4()}", data={"status": "done", "show": "all", "csrf_token": token}
    )

    assert response.status_code == 503
    assert "Nichts wurde gespeichert" in response.text
    assert not re.search(r"\bunavailable\b", re.sub(r"<[^>]+>", " ", response.text))


async def pieces(total: int) -> AsyncIterator[bytes]:
    """A body sent in pieces, without a Content-Length: the limit holds as it arrives."""
    piece = b"x" * (1024 * 1024)
    for start in range(0, total, len(piece)):
        yield piece[: total - start]


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "pieces"])
@pytest.mark.parametrize("idempotency_key", [None, "key-1"])
async def test_a_body_over_the_limit_is_refused_with_413_in_the_apis_shape_before_any_sign_in(
    browser: httpx.AsyncClient, declared: bool, idempotency_key: str | None
) -> None:
    too_much = MAX_REQUEST_BYTES + 1
    headers = {"content-type": "application/json", "authorization": "Bearer not-a-token"}
    if idempotency_key:
        headers["idempotency-key"] = idempotency_key  # this layer reads the body before the sign-in

    response = await browser.post(
        "/api/organisations", content=b"x" * too_much if declared else pieces(too_much), headers=headers
    )

    assert response.status_code == 413, response.text
    assert fields(response) == ["body"]
    assert response.json()["error"]["details"][0]["code"] == "too_large"


async def test_a_form_over_the_limit_or_with_a_field_over_a_megabyte_gets_a_german_page_saying_so(
    browser: httpx.AsyncClient,
) -> None:
    form = await browser.get("/login")
    fields_of_login = {"csrf_token": csrf_token_in(form.text), "password": "x"}

    too_large = await browser.post("/login", data={**fields_of_login, "email": "a" * MAX_REQUEST_BYTES})
    too_long = await browser.post("/login", data={**fields_of_login, "email": "a" * (1024 * 1024 + 1)})

    assert too_large.status_code == 413
    assert "Das Gesendete ist zu groß (höchstens 16 MB)." in too_large.text
    assert too_long.status_code == 400
    assert "Die Eingaben lassen sich nicht lesen, etwa weil ein Feld zu lang ist" in too_long.text
    for response in (too_large, too_long):
        assert response.headers["content-type"].startswith("text/html")
        assert "Content Too Large" not in response.text


@pytest.mark.parametrize(
    "address",
    ["/events/events?q=Werkstatt%00", "/registry/people?name=%00", "/events/events?status=&q=%00&period=all"],
)
async def test_a_pages_address_with_a_nul_character_is_refused_as_one_that_does_not_fit(
    registry: ServiceRuntime,
    events: ServiceRuntime,
    browser: httpx.AsyncClient,
    staff_account: Callable[[Role], Awaitable[tuple[str, str]]],
    address: str,
) -> None:
    """Passed on, the service would refuse it and the page would say the service is not available."""
    email, password = await staff_account(Role.COORDINATOR)
    assert (await sign_in(browser, email, password)).status_code == 303

    page = await browser.get(address)

    assert page.status_code == 422
    assert "Diese Adresse passt nicht" in page.text
    assert "Diese Angabe enthält ein unzulässiges Zeichen." in page.text
    assert "nicht verfügbar" not in page.text
