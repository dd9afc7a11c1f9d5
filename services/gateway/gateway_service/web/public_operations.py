"""The operations the public token pages call, in one place so they follow the services' contracts.

Each takes ``{"token": ...}`` plus what the page sends along (noted beside it)."""

from __future__ import annotations

INVITATION_RESPOND = ("events", "invitation.respond")  # + {"answer": "accept" | "decline"}
INVITATION_BY_TOKEN = ("events", "invitation.by_token")  # the event, before the answer
REGISTRATION_BY_TOKEN = ("events", "registration.by_token")
REGISTRATION_CANCEL = ("events", "registration.cancel")
SURVEY_FOR_TOKEN = ("feedback", "survey.for_token")
RESPONSE_SUBMIT = ("feedback", "response.submit")  # + {"answers": [...]}
SUBSCRIPTION_CHANGE = ("notifications", "subscription.change")  # + {"subscribed": bool}
