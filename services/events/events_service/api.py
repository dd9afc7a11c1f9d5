"""The subjects the events service answers (request-reply)."""

from netzwerkstatt.rpc import Operations

operations = Operations("events")
