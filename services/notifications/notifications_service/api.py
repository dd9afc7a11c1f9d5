"""The subjects the notifications service answers (request-reply)."""

from netzwerkstatt.rpc import Operations

operations = Operations("notifications")
