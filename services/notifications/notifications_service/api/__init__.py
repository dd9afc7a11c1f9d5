"""The subjects the notifications service answers (request-reply), one module per aggregate.
Importing the modules registers their handlers on ``operations``."""

from notifications_service.api import deliveries, mailsink, reminders, sending, subscriptions, templates  # noqa: F401
from notifications_service.api.base import operations

__all__ = ["operations"]
