"""Staff passwords are stored as argon2id hashes at the cost RFC 9106 recommends for a server
without much memory to spare: three passes over 64 MiB."""

from __future__ import annotations

import argon2

from gateway_service.security import secrets


def test_a_password_is_stored_as_an_argon2id_hash_of_three_passes_over_64_mib() -> None:
    stored = secrets.hash_password("Ideenwerkstatt-2026")
    parameters = argon2.extract_parameters(stored)
    assert parameters.type is argon2.Type.ID
    assert parameters.time_cost >= 3
    assert parameters.memory_cost >= 64 * 1024
    assert "Ideenwerkstatt" not in stored


def test_only_the_right_password_matches_and_an_unknown_account_matches_nothing() -> None:
    stored = secrets.hash_password("Ideenwerkstatt-2026")
    assert secrets.verify_password(stored, "Ideenwerkstatt-2026")
    assert not secrets.verify_password(stored, "Ideenwerkstatt-2025")
    assert not secrets.verify_password(None, "Ideenwerkstatt-2026")
