"""Idempotency keys: the same message to the same person is sent at most once in effect.

A key is built from the message kind, the recipient (contact id), the subject of the message (the id
of what it is about: an event, a registration, an agreement) and that subject's version (e.g. the
event's version, so each change yields a new change notice, while a redelivered event does not).
The parts are joined with a separator that cannot occur in them after validation and hashed with
SHA-256, so the key has a fixed length and reveals no personal data. Format:
`<kind>-<64 hex digits>`, e.g. `reminder-3f1c…`; the `v1` inside the hashed material lets the
scheme change later without colliding with old keys.
"""

import hashlib

from notifications_service.messages.errors import MessageError
from notifications_service.messages.kinds import MessageKind

_SEPARATOR = "\x1f"  # ASCII unit separator


def idempotency_key(kind: MessageKind, recipient_id: str, subject_id: str, version: int) -> str:
    for field, value in (("recipient_id", recipient_id), ("subject_id", subject_id)):
        if not value.strip():
            raise MessageError(f"{field} must not be empty", field=field)
        if _SEPARATOR in value:
            raise MessageError(f"{field} must not contain control characters", field=field)
    if version < 0:
        raise MessageError(f"version must not be negative, got {version}", field="version")
    material = _SEPARATOR.join(("v1", kind.value, recipient_id, subject_id, str(version)))
    return f"{kind.value}-{hashlib.sha256(material.encode('utf-8')).hexdigest()}"
