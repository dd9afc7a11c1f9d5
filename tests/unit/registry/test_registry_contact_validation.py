"""E-mail addresses, phone numbers and postal codes: normalised, or rejected with a clear reason."""

import pytest
from pydantic import BaseModel, ValidationError

from registry_service.domain.validation import (
    EmailAddress,
    InvalidValue,
    PhoneNumber,
    PostalCode,
    normalise_email,
    normalise_phone,
    normalise_postal_code,
    problem_with,
)


def test_an_email_address_keeps_its_local_part_and_lower_cases_its_domain() -> None:
    assert normalise_email("  Kim.Beispiel@Example.ORG ") == "Kim.Beispiel@example.org"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("kim.beispiel", "must have an @-sign"),
        ("kim@", "something after the @-sign"),
        ("kim@example", "It should have a period"),
        ("kim beispiel@example.org", "invalid characters"),
        ("", "the e-mail address is empty"),
    ],
)
def test_invalid_email_addresses_are_rejected_with_the_reason(value: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        normalise_email(value)


def test_an_address_with_umlauts_before_the_at_sign_is_refused_as_every_service_refuses_it() -> None:
    """One rule for all services (netzwerkstatt.mailaddress): what the registry accepts, notifications
    can send."""
    with pytest.raises(InvalidValue, match="ä, ö, ü or ß before the @") as raised:
        normalise_email("jürgen.größler@example.org")
    assert raised.value.code == "email_not_ascii"
    assert normalise_email("juergen.groessler@bücherei.example") == "juergen.groessler@bücherei.example"


def test_email_validation_does_not_need_the_domain_to_exist() -> None:
    assert normalise_email("team@no-such-domain.example.com") == "team@no-such-domain.example.com"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0345 1234567", "+493451234567"),
        ("(0345) 123 45 67", "+493451234567"),
        ("+49 30 12345678", "+493012345678"),
        ("0049 30 12345678", "+493012345678"),
        ("0151 23456789", "+4915123456789"),
        ("+43 1 5123456", "+4315123456"),
    ],
)
def test_phone_numbers_become_e164_with_germany_as_default(value: str, expected: str) -> None:
    assert normalise_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0345", "not a valid phone number"),
        ("12", "not a valid phone number"),
        ("Telefon folgt", "not a phone number"),
        ("", "the phone number is empty"),
    ],
)
def test_invalid_phone_numbers_are_rejected_with_the_reason(value: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        normalise_phone(value)


def test_a_postal_code_has_five_digits() -> None:
    assert normalise_postal_code(" 06108 ") == "06108"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("6108", "expected five digits \\(a leading zero may have been lost\\)"),
        ("061080", "expected five digits"),
        ("D-06108", "expected five digits"),
        ("00123", "do not start with 00"),
    ],
)
def test_invalid_postal_codes_are_rejected_with_the_reason(value: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        normalise_postal_code(value)


def test_problem_with_returns_the_message_or_none() -> None:
    assert problem_with(normalise_postal_code, "06108") is None
    assert problem_with(normalise_postal_code, "6108") == (
        "'6108' is not a postal code: expected five digits (a leading zero may have been lost)"
    )


class Contact(BaseModel):
    email: EmailAddress
    phone: PhoneNumber
    postal_code: PostalCode


def test_the_annotated_types_normalise_inside_pydantic_models() -> None:
    contact = Contact(email="Kim@Example.org", phone="0345 1234567", postal_code="06108")
    assert (contact.email, contact.phone, contact.postal_code) == (
        "Kim@example.org",
        "+493451234567",
        "06108",
    )


def test_the_annotated_types_name_the_field_that_is_wrong() -> None:
    with pytest.raises(ValidationError) as caught:
        Contact(email="kim@", phone="0345 1234567", postal_code="06108")
    (error,) = caught.value.errors()
    assert error["loc"] == ("email",)
    assert "not a valid e-mail address" in error["msg"]
