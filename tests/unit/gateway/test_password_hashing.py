"""Staff passwords are stored as argon2id hashes at the cost RFC 9106 recommends for a server
without much memory to spare: three passes over 64 MiB. Hashing runs beside the event loop, so a
sign-in never holds the gateway's other requests."""

from __future__ import annotations

import asyncio
import threading

import argon2
import pytest

from gateway_service.security import secrets


async def test_a_password_is_stored_as_an_argon2id_hash_of_three_passes_over_64_mib() -> None:
    stored = await secrets.hash_password("Ideenwerkstatt-2026")
    parameters = argon2.extract_parameters(stored)
    assert parameters.type is argon2.Type.ID
    assert parameters.time_cost >= 3
    assert parameters.memory_cost >= 64 * 1024
    assert "Ideenwerkstatt" not in stored


async def test_only_the_right_password_matches_and_an_unknown_account_matches_nothing() -> None:
    stored = await secrets.hash_password("Ideenwerkstatt-2026")
    assert await secrets.password_matches(stored, "Ideenwerkstatt-2026")
    assert not await secrets.password_matches(stored, "Ideenwerkstatt-2025")
    assert not await secrets.password_matches(None, "Ideenwerkstatt-2026")


class HeldHasher:
    """A hasher whose checks wait until released, and that notes the threads they ran on."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.threads: set[str] = set()
        self.running = 0
        self.most_at_once = 0
        self.lock = threading.Lock()

    def verify(self, stored: str, password: str) -> bool:
        with self.lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.threads.add(threading.current_thread().name)
        self.release.wait(timeout=10)
        with self.lock:
            self.running -= 1
        return stored == password


async def test_checks_run_beside_the_event_loop_two_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = HeldHasher()
    monkeypatch.setattr(secrets, "PASSWORD_HASHER", hasher)
    checks = [asyncio.ensure_future(secrets.password_matches("right", "right")) for _ in range(5)]

    # While every check is held, the loop still serves: other requests are not kept waiting.
    for _ in range(50):
        await asyncio.sleep(0.01)
    assert not any(check.done() for check in checks)
    assert hasher.most_at_once == 2  # a burst of sign-ins queues instead of taking every core

    hasher.release.set()
    assert await asyncio.gather(*checks) == [True] * 5
    assert hasher.threads
    assert all(name.startswith("password-hashing") for name in hasher.threads)
    assert threading.current_thread().name not in hasher.threads
