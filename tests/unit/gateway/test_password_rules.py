"""A new staff password is long enough and not one that is guessed first."""

from __future__ import annotations

import pytest

from gateway_service.security.secrets import password_problem


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",  # one character repeated
        "abcabcabcabc",  # a short block repeated
        "123456789012",  # digits only
        "2026-12-05 17",  # digits and signs only
        "abcdefghijklm",  # the alphabet
        "Passwort2026!",  # a common word with digits and signs
        "qwertz123456",
        "Netzwerkstatt#1",
        "kim.koordination-2026",  # the e-mail address's local part
    ],
)
def test_a_password_guessed_at_once_is_refused_saying_so(password: str) -> None:
    problem = password_problem(password, "kim.koordination@example.org")

    assert problem is not None
    assert problem.field == "password"
    assert problem.code == "password_guessable"


@pytest.mark.parametrize(
    "password",
    ["Ideenwerkstatt-2026", "a-long-enough-password", "Lernwerkstatt im Oktober", "vK3#pQ9!zR2m"],
)
def test_a_long_password_that_is_not_guessed_first_is_taken(password: str) -> None:
    assert password_problem(password, "kim.koordination@example.org") is None


def test_length_is_said_before_anything_else() -> None:
    problem = password_problem("aaaa")

    assert problem is not None
    assert problem.code == "string_too_short"
