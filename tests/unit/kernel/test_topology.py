"""topology.py names the subjects the services really serve, and the rules it states hold."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest

from netzwerkstatt import subjects, topology
from netzwerkstatt.service import kernel_operations, published_events


def served_subjects(service: str) -> set[str]:
    definition = importlib.import_module(f"{service}_service.main").definition()
    return {*kernel_operations(service).subjects, *definition.operations.subjects}


@pytest.mark.parametrize("service", topology.SERVICES)
def test_the_topology_lists_exactly_the_operations_each_service_answers(service: str) -> None:
    listed = set(topology.operation_subjects(service))
    served = served_subjects(service)
    assert served - listed == set(), "served but missing in topology.OPERATIONS (nobody may call it)"
    assert listed - served == set(), "listed in topology.OPERATIONS but served by nobody"


@pytest.mark.parametrize("service", topology.SERVICES)
def test_the_topology_names_exactly_the_consumers_each_service_reads_others_streams_with(
    service: str,
) -> None:
    """The NATS permissions name each consumer (a service pulls no other's), so a consumer missing
    here could not read, and one listed but gone would leave a name nobody uses."""
    definition = importlib.import_module(f"{service}_service.main").definition()
    running: dict[str, set[str]] = {}
    for handler in definition.consumers.handlers.values():
        running.setdefault(handler.event.event_service, set()).add(handler.consumer)
    running.setdefault(topology.ERASURE_ANNOUNCER, set()).add(
        subjects.durable(service, topology.ERASURE_CONSUMER)
    )
    for producer in topology.SERVICES:
        if producer == service:
            continue  # its own stream: the owner's consumers go by any name (the erasure scan)
        assert set(topology.consumer_durables(service, producer)) == running.get(producer, set()), producer
        if running.get(producer):
            assert producer in topology.consumed_streams(service)


def test_calls_between_services_name_exact_operations_of_another_service() -> None:
    for caller, calls in topology.CALLS.items():
        for subject in calls:
            callee = subject.split(".")[0]
            assert callee != caller
            assert subject in topology.operation_subjects(callee)
            assert not {"*", ">"} & set(subject)


def test_the_gateway_may_send_every_staff_and_public_request_but_no_service_only_one() -> None:
    callable_by_gateway = set(topology.callable_subjects(topology.GATEWAY))
    every = {s for service in topology.SERVICES for s in topology.operation_subjects(service)}
    assert callable_by_gateway == every - topology.SERVICE_ONLY_OPERATIONS
    assert "notifications.feedback_request.send" not in callable_by_gateway


PERSONAL_OR_CAPABILITY = re.compile(r"(^|_)(token|email|given_name|family_name|phone|person_ids?)$")


def field_names(schema: Any) -> set[str]:
    """Every property name anywhere in a JSON schema."""
    names: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                names |= set(value)
            names |= field_names(value)
    elif isinstance(schema, list):
        for item in schema:
            names |= field_names(item)
    return names


def test_public_events_are_real_events_without_personal_data_or_tokens() -> None:
    for service in topology.SERVICES:
        events = {event.subject(): event for event in published_events(service)}
        for subject in topology.public_event_subjects(service):
            assert subject in events, subject
            schema = events[subject].model_json_schema()
            found = {name for name in field_names(schema) if PERSONAL_OR_CAPABILITY.search(name)}
            assert found == set(), f"{subject} carries {found}"


CAPABILITY = re.compile(r"(^|_)(token|tokens|secret|password|capability)$")


def test_no_event_of_any_service_carries_a_field_named_like_a_token() -> None:
    """Capabilities never travel as events: the participants' links are asked for by request-reply,
    the survey links handed over the same way."""
    for service in topology.SERVICES:
        for event in published_events(service):
            found = {name for name in field_names(event.model_json_schema()) if CAPABILITY.search(name)}
            assert found == set(), f"{event.subject()} carries {found}"


def test_an_integration_reads_each_public_subject_with_a_durable_of_its_own() -> None:
    for account in topology.INTEGRATIONS:
        durables = [topology.integration_durable(account.account, s) for s in account.read_subjects()]
        assert len(set(durables)) == len(durables)
        assert all(durable.startswith(f"{account.account}--") for durable in durables)
        # Service consumers are "<service>-<name>": an integration's names can never be one of them.
        for service in topology.SERVICES:
            assert not [durable for durable in durables if durable.startswith(f"{service}-")]


def test_every_user_replies_into_its_own_inbox_namespace() -> None:
    for user, permissions in topology.nats_users().items():
        if user == topology.ADMIN:
            continue
        inboxes = [s for s in permissions.subscribe_allow if s.startswith(subjects.INBOX_ROOT)]
        assert inboxes == [subjects.inbox_of(user)], user
