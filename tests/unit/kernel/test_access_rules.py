"""Every operation of every service states who may call it, next to its handler; the subjects other
services may call take service principals only; principals travel as headers and are admitted by
their operation's rule before any data is read."""

from __future__ import annotations

import uuid

import pytest

from events_service.api import operations as events_operations
from feedback_service.api import operations as feedback_operations
from netzwerkstatt import operations as ops
from netzwerkstatt import topology
from netzwerkstatt.errors import Forbidden, InvalidInput
from netzwerkstatt.principal import PARTICIPANT, Access, Kind, Principal, Role, admit, require_change
from netzwerkstatt.rpc import Operations
from netzwerkstatt.service import kernel_operations
from notifications_service.api import operations as notifications_operations
from registry_service.api import operations as registry_operations

REGISTRIES: dict[str, Operations] = {
    "registry": registry_operations,
    "events": events_operations,
    "feedback": feedback_operations,
    "notifications": notifications_operations,
}

NETWORK = uuid.uuid4()
ADMIN = Principal.staff(Role.ADMIN, account_id=uuid.uuid4())
COORDINATOR = Principal.staff(Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[NETWORK])
OTHER_COORDINATOR = Principal.staff(Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[uuid.uuid4()])
READ_ONLY = Principal.staff(Role.READ_ONLY, account_id=uuid.uuid4())
COORDINATOR_TOKEN = Principal.staff(Role.COORDINATOR, token_name="reporting")
FEEDBACK = Principal.of_service("feedback")


def all_rules() -> dict[str, Access]:
    rules: dict[str, Access] = {}
    for service, registry in REGISTRIES.items():
        rules |= registry.access | kernel_operations(service).access
    return rules


def test_every_operation_of_every_service_has_a_rule() -> None:
    for service, registry in REGISTRIES.items():
        assert registry.subjects, service
        assert set(registry.access) == set(registry.subjects), service
        assert all(isinstance(rule, Access) for rule in registry.access.values())


def test_an_operation_without_a_rule_cannot_be_registered() -> None:
    registry = Operations("registry")

    with pytest.raises(TypeError):
        registry("organisation.merge")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        registry("organisation.merge", access="change")  # type: ignore[arg-type]


def test_the_subjects_other_services_may_call_take_service_principals_only_and_no_other_does() -> None:
    callable_by_services = {subject for calls in topology.CALLS.values() for subject in calls}
    service_only = {subject for subject, rule in all_rules().items() if rule == Access.SERVICE}

    assert callable_by_services == service_only


def test_the_gateway_alone_may_publish_the_subjects_that_take_staff_principals() -> None:
    staff_subjects = {
        subject for subject, rule in all_rules().items() if rule not in {Access.SERVICE, Access.OPEN}
    }
    for user, permissions in topology.nats_users().items():
        if user in {topology.GATEWAY, topology.ADMIN}:
            continue
        for allowed in permissions.publish_allow:
            assert allowed not in staff_subjects, (user, allowed)
            if allowed.endswith(">"):
                prefix = allowed.removesuffix(">")
                assert not {subject for subject in staff_subjects if subject.startswith(prefix)}, (
                    user,
                    allowed,
                )


@pytest.mark.parametrize(
    "principal",
    [ADMIN, COORDINATOR, READ_ONLY, COORDINATOR_TOKEN, PARTICIPANT, FEEDBACK],
    ids=lambda p: f"{p.kind}-{p.role}",
)
def test_a_principal_travels_as_headers_unchanged(principal: Principal) -> None:
    assert Principal.from_headers(principal.headers()) == principal


def test_missing_and_malformed_principals_are_told_apart() -> None:
    assert Principal.from_headers({"correlation_id": "abc"}) is None
    for headers in (
        {"principal": "emperor"},
        {"principal": "staff", "principal_role": "superuser"},
        {"principal": "staff", "principal_role": "coordinator", "principal_networks": "not-a-uuid"},
        {"principal_role": "admin"},
        {"principal": "service"},
    ):
        with pytest.raises(InvalidInput):
            Principal.from_headers(headers)


def test_parsed_principals_are_reused_only_for_the_same_header_values() -> None:
    headers = {**COORDINATOR.headers(), "deadline": "1.0"}
    assert Principal.from_headers(headers) is Principal.from_headers(dict(headers))
    other = {**headers, "principal_networks": str(uuid.uuid4())}
    assert Principal.from_headers(other) != COORDINATOR
    assert Principal.from_headers({**headers, "principal_role": "admin"}) == Principal.staff(
        Role.ADMIN, account_id=COORDINATOR.account_id, network_ids=[NETWORK]
    )
    malformed = {**headers, "principal_networks": "not-a-uuid"}
    for _ in range(2):  # refused every time, never remembered as a principal
        with pytest.raises(InvalidInput):
            Principal.from_headers(malformed)


def test_the_headers_of_a_principal_are_a_fresh_mapping_each_time() -> None:
    first = COORDINATOR.headers()
    first["deadline"] = "1.0"
    assert "deadline" not in COORDINATOR.headers()


@pytest.mark.parametrize(
    ("access", "admitted", "refused"),
    [
        (Access.READ, [ADMIN, COORDINATOR, READ_ONLY, COORDINATOR_TOKEN, FEEDBACK], [PARTICIPANT, None]),
        (Access.CHANGE, [ADMIN, COORDINATOR, COORDINATOR_TOKEN], [READ_ONLY, PARTICIPANT, FEEDBACK, None]),
        (Access.ADMIN, [ADMIN], [COORDINATOR, READ_ONLY, COORDINATOR_TOKEN, PARTICIPANT, FEEDBACK, None]),
        (Access.TOKEN, [ADMIN, COORDINATOR, READ_ONLY, PARTICIPANT, FEEDBACK], [None]),
        (Access.SERVICE, [FEEDBACK], [ADMIN, COORDINATOR, READ_ONLY, PARTICIPANT, None]),
    ],
)
def test_each_rule_admits_its_principals_and_refuses_the_others(
    access: Access, admitted: list[Principal], refused: list[Principal | None]
) -> None:
    for principal in admitted:
        assert admit(access, principal) == principal
    for other in refused:
        with pytest.raises(Forbidden):
            admit(access, other)


def test_a_change_is_scoped_to_the_aggregates_own_network() -> None:
    require_change(ADMIN, None)
    require_change(ADMIN, uuid.uuid4())
    require_change(COORDINATOR, NETWORK)
    for principal, network in [
        (OTHER_COORDINATOR, NETWORK),
        (COORDINATOR, None),
        (COORDINATOR_TOKEN, NETWORK),  # an API token has a role but no networks
        (READ_ONLY, NETWORK),
        (FEEDBACK, NETWORK),
    ]:
        with pytest.raises(Forbidden):
            require_change(principal, network)
    assert COORDINATOR.kind == Kind.STAFF


@pytest.mark.parametrize("service", sorted(REGISTRIES))
def test_dead_letters_may_hold_personal_data_so_only_admins_list_or_replay_them(service: str) -> None:
    rules = kernel_operations(service).access
    for subject in (f"{service}.deadletter.list", f"{service}.deadletter.replay"):
        assert rules[subject] == Access.ADMIN, subject
    contracts = getattr(ops, service)
    assert contracts.DEADLETTER_LIST.access == Access.ADMIN
    assert contracts.DEADLETTER_REPLAY.access == Access.ADMIN
    for refused in (COORDINATOR, READ_ONLY, COORDINATOR_TOKEN):
        with pytest.raises(Forbidden):
            admit(rules[f"{service}.deadletter.list"], refused)
