"""A service's own field rules on a request its contract refuses: their problems come in the same
answer as the contract's, except at a field the contract names already (a field it refuses as a
whole, they do not read); a body that is no JSON object is the contract's alone."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from pydantic import Field

from netzwerkstatt.contracts import Request
from netzwerkstatt.errors import FieldError, InvalidInput
from netzwerkstatt.rpc import Endpoint


class CreateContact(Request):
    name: str = Field(min_length=1)
    emails: list[str] = Field(default_factory=list)
    phone: str | None = None


def contact_rules(sent: Mapping[str, Any]) -> list[FieldError]:
    """Stands for a service's rules: every e-mail address needs an @, a phone number digits."""
    problems = [
        FieldError(field=f"emails.{index}", message="no @", code="invalid_email")
        for index, email in enumerate(sent.get("emails") or [])
        if isinstance(email, str) and "@" not in email
    ]
    phone = sent.get("phone")
    if isinstance(phone, str) and not phone.isdigit():
        problems.append(FieldError(field="phone", message="no digits", code="invalid_phone"))
    return problems


async def create_contact(request: CreateContact) -> None:
    raise AssertionError("a refused request reaches no handler")


class LimitedContact(CreateContact):
    emails: list[str] = Field(default_factory=list, max_length=10)


async def create_limited(request: LimitedContact) -> None:
    raise AssertionError("a refused request reaches no handler")


def refused(body: object) -> dict[str, str]:
    endpoint = Endpoint.of("test.contact.create", create_contact, field_rules=contact_rules)
    with pytest.raises(InvalidInput) as raised:
        endpoint.parse(json.dumps(body).encode())
    return {detail.field: detail.code for detail in raised.value.details}


def test_the_services_rules_are_named_together_with_the_contracts_refusal() -> None:
    assert refused({"name": "", "emails": ["a@b.de", "kein-at"], "phone": "abc"}) == {
        "name": "string_too_short",
        "emails.1": "invalid_email",
        "phone": "invalid_phone",
    }


def test_a_field_the_contract_names_keeps_the_contracts_message_alone() -> None:
    assert refused({"name": "", "emails": ["kein-at", 7], "phone": ["0341"]}) == {
        "name": "string_too_short",
        "emails.1": "string_type",
        "emails.0": "invalid_email",
        "phone": "string_type",
    }


def test_the_rules_never_read_a_field_the_contract_refused_such_as_a_list_over_its_limit() -> None:
    read: list[Mapping[str, Any]] = []

    def reading_rules(sent: Mapping[str, Any]) -> list[FieldError]:
        read.append(sent)
        return contact_rules(sent)

    endpoint = Endpoint.of("test.contact.create", create_limited, field_rules=reading_rules)
    with pytest.raises(InvalidInput) as raised:
        endpoint.parse(json.dumps({"name": "", "emails": ["kein-at"] * 100_000, "phone": "abc"}).encode())

    assert {detail.field: detail.code for detail in raised.value.details} == {
        "name": "string_too_short",
        "emails": "too_long",
        "phone": "invalid_phone",
    }
    assert [sorted(sent) for sent in read] == [["phone"]]


def test_a_body_that_is_no_object_is_the_contracts_alone() -> None:
    assert refused(["kein-at"]) == {"body": "malformed"}


def test_without_rules_only_the_contract_answers() -> None:
    endpoint = Endpoint.of("test.contact.create", create_contact)
    with pytest.raises(InvalidInput) as raised:
        endpoint.parse(json.dumps({"name": "", "phone": "abc"}).encode())
    assert [detail.field for detail in raised.value.details] == ["name"]
