"""Random tokens, their digests and password hashing (argon2id)."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import secrets
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from netzwerkstatt.errors import FieldError

# argon2id with the library's parameters (RFC 9106's second recommendation: 3 passes over 64 MiB).
PASSWORD_HASHER = PasswordHasher()

MIN_PASSWORD_LENGTH = 12
# Words a password is guessed from first (German and English lists of the most used passwords):
# one of them with only digits and signs around it is guessed as quickly as the word alone.
COMMON_WORDS = frozenset(
    {
        "password", "passwort", "passwd", "kennwort", "geheim", "hallo", "hello", "willkommen",
        "welcome", "qwerty", "qwertz", "asdf", "asdfgh", "yxcvbnm", "zxcvbnm", "admin", "administrator",
        "letmein", "iloveyou", "ichliebedich", "sommer", "winter", "fruehling", "herbst", "januar",
        "dezember", "schatz", "master", "login", "test", "netzwerk", "netzwerkstatt", "abc", "abcdef",
        "monkey", "dragon", "football", "fussball", "sunshine", "princess", "schalke", "bayern",
        "borussia", "deutschland", "berlin", "hamburg", "muenchen", "leipzig", "dresden", "koeln",
    }
)  # fmt: skip
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def digest(token: str) -> str:
    """Stored in place of a session id or API token: a leaked table opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


# A hash costs about 0.1 s of CPU and 64 MiB. On the event loop it would hold every other request
# of the gateway for as long; in these threads (argon2 releases the GIL) the loop serves on, and at
# most two run at once, so a burst of sign-ins waits its turn instead of taking every core.
_HASHING = ThreadPoolExecutor(max_workers=2, thread_name_prefix="password-hashing")


async def hash_password(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_HASHING, _hash, password)


async def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether the password is the one hashed; False for no hash (an unknown or inactive account),
    after as long as a check takes, so the answer's time gives nothing away."""
    return await asyncio.get_running_loop().run_in_executor(_HASHING, _verify, password_hash, password)


def _hash(password: str) -> str:
    return PASSWORD_HASHER.hash(password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return (
            PASSWORD_HASHER.verify(password_hash or _unknown_account_hash(), password)
            and password_hash is not None
        )
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@functools.cache
def _unknown_account_hash() -> str:
    """Verified against when an e-mail is unknown, so a login takes as long either way (made at the
    first sign-in, not at every import: a hash costs as much as a sign-in)."""
    return PASSWORD_HASHER.hash(secrets.token_urlsafe(16))


def password_problem(password: str, email: str = "") -> FieldError | None:
    """Why a new password is refused (a code and its figures, for the reader's language), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return FieldError(
            field="password",
            message=f"must be at least {MIN_PASSWORD_LENGTH} characters long",
            code="string_too_short",
            params={"min_length": MIN_PASSWORD_LENGTH},
        )
    if password.strip() != password:
        return FieldError(
            field="password", message="must not begin or end with spaces", code="surrounding_spaces"
        )
    if _guessable(password, email):
        return FieldError(
            field="password",
            message="is guessed at once: digits only, a repetition, the alphabet, a common word with "
            "digits and signs, or the e-mail address",
            code="password_guessable",
        )
    return None


def _guessable(password: str, email: str) -> bool:
    lowered = password.lower()
    letters = "".join(character for character in lowered if character.isalpha())
    if letters in COMMON_WORDS or not letters:  # digits and signs only, or a common word among them
        return True
    if any(lowered == (lowered[:period] * len(lowered))[: len(lowered)] for period in range(1, 5)):
        return True  # "aaaaaaaaaaaa", "abcabcabcabc"
    if lowered in _ALPHABET or lowered in _ALPHABET[::-1]:
        return True
    local_part = email.split("@", 1)[0].lower()
    return len(local_part) >= 4 and local_part in lowered
