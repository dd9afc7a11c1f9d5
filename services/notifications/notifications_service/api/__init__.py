"""The subjects the notifications service answers (request-reply), one module per aggregate.
Importing the modules registers their handlers on ``operations``."""

from notifications_service.api import (  # noqa: F401
    deliveries,
    mailsink,
    privacy,
    reminders,
    sending,
    subscriptions,
    templates,
)
from notifications_service.api.base import operations

__all__ = ["operations"]
