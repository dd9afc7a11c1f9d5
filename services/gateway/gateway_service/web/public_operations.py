"""The operations the public token pages call, in one place so they follow the services' contracts.

Each takes ``{"token": ...}`` (plus the answer where one is given)."""

from __future__ import annotations

INVITATION_FOR_TOKEN = ("events", "invitation.for_token")
INVITATION_RESPOND = ("events", "invitation.respond")  # + {"response": "accept" | "decline"}
REGISTRATION_FOR_TOKEN = ("events", "registration.for_token")
REGISTRATION_CANCEL = ("events", "registration.cancel_by_token")
SURVEY_FOR_TOKEN = ("feedback", "survey.for_token")
RESPONSE_SUBMIT = ("feedback", "response.submit")  # + {"answers": [...]}
UNSUBSCRIBE_FOR_TOKEN = ("notifications", "unsubscribe.for_token")
UNSUBSCRIBE_CONFIRM = ("notifications", "unsubscribe.confirm")
