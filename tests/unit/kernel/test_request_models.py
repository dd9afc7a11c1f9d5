"""Request models: a yes/no field takes true or false only and a number field never does, text never
holds NUL, a name, title or address is one line, every list and every text has a limit, and other
fields are read as their types say."""

from __future__ import annotations

import importlib
import types
import typing
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone

import pytest
from annotated_types import MaxLen
from pydantic import ValidationError

from netzwerkstatt import topology
from netzwerkstatt.contracts import Request


class Filter(Request):
    archived: bool
    confirmed: bool | None = None
    limit: int = 10
    share: float | None = None
    name: str = ""
    event_title: str | None = None
    organiser_email: str | None = None
    description: str = ""
    first_day: date | None = None
    starts_at: time | None = None
    closes_at: datetime | None = None


@pytest.mark.parametrize(
    ("field", "code"),
    [("first_day", "date_type"), ("starts_at", "time_type"), ("closes_at", "datetime_type")],
)
@pytest.mark.parametrize("value", [0, 1_700_000_000, 1.5, "0", "1700000000", " -3 ", "1e9"])
def test_a_date_or_time_field_refuses_a_number_naming_it(field: str, code: str, value: object) -> None:
    # pydantic alone reads a number as seconds since 1970 (or since midnight): ``last_day=0`` listed
    # the events up to 1970, a start of 0 was midnight in UTC.
    with pytest.raises(ValidationError) as raised:
        Filter.model_validate({"archived": True, field: value})
    [error] = raised.value.errors()
    assert error["loc"] == (field,)
    assert error["type"] == code


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_day", "1800-01-01"),
        ("first_day", "0202-11-20"),
        ("first_day", "20255-11-20"),
        ("first_day", date(1850, 1, 1)),
        ("closes_at", "2202-11-20T10:00:00+01:00"),
    ],
)
def test_a_date_with_a_year_no_one_means_is_refused_naming_the_years(field: str, value: object) -> None:
    # A typo in the year was kept: a membership begun in 1800, a due date in 20255.
    with pytest.raises(ValidationError) as raised:
        Filter.model_validate({"archived": True, field: value})
    [error] = raised.value.errors()
    assert (error["loc"], error["type"]) == ((field,), "year_out_of_range")
    assert error["ctx"] == {"min_year": 1900, "max_year": 2199}


@pytest.mark.parametrize("value", ["2026-12-07", date(2026, 12, 7)])
def test_a_date_field_takes_a_date(value: object) -> None:
    assert Filter.model_validate({"archived": True, "first_day": value}).first_day == date(2026, 12, 7)


def test_time_and_datetime_fields_take_their_iso_text() -> None:
    taken = Filter.model_validate(
        {"archived": True, "starts_at": "10:30", "closes_at": "2026-12-07T10:30:00+01:00"}
    )
    assert taken.starts_at == time(10, 30)
    assert taken.closes_at == datetime(2026, 12, 7, 10, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize("value", [True, False, "true", "false"])
def test_a_yes_no_field_takes_true_or_false(value: object) -> None:
    assert Filter.model_validate({"archived": value}).archived is (value in (True, "true"))


@pytest.mark.parametrize("field", ["archived", "confirmed"])
@pytest.mark.parametrize("value", [0, 1, "yes", "1", [True]])
def test_a_yes_no_field_refuses_anything_else_naming_it(field: str, value: object) -> None:
    values = {"archived": True, field: value}
    with pytest.raises(ValidationError) as raised:
        Filter.model_validate(values)
    [error] = raised.value.errors()
    assert error["loc"] == (field,)
    assert "must be true or false" in error["msg"]


@pytest.mark.parametrize(("field", "code"), [("limit", "int_type"), ("share", "float_type")])
@pytest.mark.parametrize("value", [True, False])
def test_a_number_field_refuses_true_or_false_naming_it(field: str, code: str, value: bool) -> None:
    # pydantic alone reads them as 1 and 0: ``{"limit": true}`` listed one item.
    with pytest.raises(ValidationError) as raised:
        Filter.model_validate({"archived": True, field: value})
    [error] = raised.value.errors()
    assert error["loc"] == (field,)
    assert error["type"] == code
    assert "not true or false" in error["msg"]


def test_an_optional_yes_no_field_may_be_null_and_other_fields_take_their_own_types() -> None:
    request = Filter.model_validate({"archived": False, "confirmed": None, "limit": 1, "name": "1"})
    assert (request.confirmed, request.limit, request.name) == (None, 1, "1")


def test_text_with_a_nul_character_is_refused() -> None:
    with pytest.raises(ValidationError, match="NUL"):
        Filter.model_validate({"archived": True, "name": "Ideen\x00werkstatt"})


@pytest.mark.parametrize("field", ["name", "event_title", "organiser_email"])
@pytest.mark.parametrize(
    "text", ["Eve\r\nBcc: victim@evil.example", "Eve\nX", "Eve\tX", "Eve\u2028X", "Eve\x1bX"]
)
def test_a_name_title_or_address_with_a_line_break_or_control_character_is_refused_naming_it(
    field: str, text: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        Filter.model_validate({"archived": True, field: text})
    [error] = raised.value.errors()
    assert (error["loc"], error["type"]) == ((field,), "one_line")


def test_one_line_text_keeps_its_letters_and_spaces_and_loses_the_blanks_around_it() -> None:
    request = Filter.model_validate({"archived": True, "name": " Zoë\u00a0Müller-Şahin \n"})
    assert request.name == "Zoë\u00a0Müller-Şahin"


def test_a_description_may_have_several_lines() -> None:
    text = "Erste Zeile\r\nZweite Zeile\n\tEingerückt"
    assert Filter.model_validate({"archived": True, "description": text}).description == text


def every_request_model() -> Iterator[type[Request]]:
    for module in (*topology.SERVICES, "groupwork"):
        importlib.import_module(f"netzwerkstatt.contracts.{module}")
    importlib.import_module("gateway_service.app")  # the JSON API's bodies
    pending = list(Request.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if not model.__module__.startswith("tests."):  # stand-ins other tests define
            yield model


def test_every_list_or_mapping_a_request_carries_has_a_limit() -> None:
    """A service checks each entry of a list (an address, a district, an organisation to find), so
    an unbounded one would hold it up for seconds: the contract refuses it at its field first."""
    models = set(every_request_model())
    assert len(models) > 100  # every service's requests are found
    unbounded = sorted(
        f"{model.__module__}.{model.__name__}.{name}"
        for model in models
        for name, field in model.model_fields.items()
        if any(kind in str(field.annotation) for kind in ("list[", "dict[", "set[", "tuple["))
        and not any(isinstance(constraint, MaxLen) for constraint in field.metadata)
    )
    assert unbounded == []


def test_every_text_a_request_carries_has_a_limit() -> None:
    """A description of megabytes would go out in every invitation, a search text of megabytes to
    the database: each text is refused above its limit at its field."""
    unbounded = sorted(
        f"{model.__module__}.{model.__name__}.{name}"
        for model in every_request_model()
        for name, field in model.model_fields.items()
        if str in _members(field.annotation)
        and not any(isinstance(constraint, MaxLen) for constraint in field.metadata)
    )
    assert unbounded == []
    # The entries of a list of texts too (``CodeText``, ``LabelText``): a plain ``str`` has none.
    unbounded_entries = sorted(
        f"{model.__module__}.{model.__name__}.{name}"
        for model in every_request_model()
        for name, field in model.model_fields.items()
        for member in _members(field.annotation)
        if typing.get_origin(member) is list and typing.get_args(member) == (str,)
    )
    assert unbounded_entries == []


def _members(annotation: object) -> tuple[object, ...]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)
