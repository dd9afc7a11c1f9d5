"""A search or filter field holds no more than its page accepts: the browser stops the typing at the
route's limit, so a long entry never ends on the page for a bad address."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args, get_type_hints

import pytest
from fastapi.params import Query

from gateway_service.web import (
    event_pages,
    event_work_pages,
    network_pages,
    notification_pages,
    organisation_pages,
    people_pages,
)

TEMPLATES = Path(event_pages.__file__).resolve().parents[1] / "templates"

# (template, the input's id, the page's route, its query parameter)
FILTER_FIELDS: list[tuple[str, str, Callable[..., Any], str]] = [
    ("events/events.html", "q", event_pages.events, "q"),
    ("regions.html", "q", network_pages.regions, "q"),
    ("networks.html", "filter-name", network_pages.networks, "name"),
    ("responsibilities.html", "filter-region", network_pages.responsibilities, "region"),
    ("organisations.html", "filter-name", organisation_pages.organisations, "name"),
    ("organisations.html", "filter-region", organisation_pages.organisations, "region"),
    ("people.html", "filter-name", people_pages.people, "name"),
    ("notifications/deliveries.html", "recipient_email", notification_pages.deliveries, "recipient_email"),
    ("events/invitations.html", "person_name", event_work_pages.invitations, "person_name"),
    ("events/registrations.html", "person_name", event_work_pages.registrations, "person_name"),
]


def route_limit(route: Callable[..., Any], parameter: str) -> int:
    annotation = get_type_hints(route, include_extras=True)[parameter]
    [query] = [meta for meta in get_args(annotation)[1:] if isinstance(meta, Query)]
    [limit] = [constraint.max_length for constraint in query.metadata if hasattr(constraint, "max_length")]
    return int(limit)


def input_limit(template: str, element_id: str) -> int | None:
    [tag] = re.findall(rf'<input id="{re.escape(element_id)}"[^>]*>', (TEMPLATES / template).read_text())
    found = re.search(r'maxlength="(\d+)"', tag)
    return int(found.group(1)) if found else None


@pytest.mark.parametrize(
    ("template", "element_id", "route", "parameter"),
    FILTER_FIELDS,
    ids=[f"{template}#{element_id}" for template, element_id, _, _ in FILTER_FIELDS],
)
def test_a_filter_field_stops_at_the_length_its_page_accepts(
    template: str, element_id: str, route: Callable[..., Any], parameter: str
) -> None:
    assert input_limit(template, element_id) == route_limit(route, parameter)
