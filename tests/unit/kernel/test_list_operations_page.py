"""Every list operation of every service answers one way: it takes ``offset`` and ``limit``
(``PageRequest``) and replies with a ``Page`` (``items``, ``total``, ``offset``, ``limit``).
``events.attendance.list`` is the one exception: it answers an event's attendance grid (a row per
registration, a column per day, the day totals), a document of one event rather than a list."""

from __future__ import annotations

import inspect
import typing

import pytest

from netzwerkstatt.contracts import Page, PageRequest
from netzwerkstatt.rpc import Operations
from netzwerkstatt.service import kernel_operations

GRIDS = {"events.attendance.list"}


def _operations() -> list[Operations]:
    from events_service.api import operations as events
    from feedback_service.api import operations as feedback
    from notifications_service.api import operations as notifications
    from registry_service.api import operations as registry

    return [registry, events, feedback, notifications, kernel_operations("registry")]


def test_page_of_gives_the_requested_part_and_the_whole_count() -> None:
    page = Page[int].of(list(range(7)), PageRequest(offset=5, limit=3))
    assert (page.items, page.total, page.offset, page.limit) == ([5, 6], 7, 5, 3)


@pytest.mark.parametrize("operations", _operations(), ids=lambda operations: operations.service)
def test_every_list_operation_takes_a_page_request_and_answers_a_page(operations: Operations) -> None:
    odd = []
    for endpoint in operations.endpoints():
        if not endpoint.subject.endswith(".list") or endpoint.subject in GRIDS:
            continue
        hints = typing.get_type_hints(endpoint.handler)
        request = hints[endpoint.request_parameter] if endpoint.request_parameter else None
        reply = inspect.signature(endpoint.handler).return_annotation
        reply = hints.get("return", reply)
        takes_page = isinstance(request, type) and issubclass(request, PageRequest)
        answers_page = isinstance(reply, type) and issubclass(reply, Page)
        if not (takes_page and answers_page):
            odd.append(endpoint.subject)
    assert odd == []
