"""The subjects the feedback service answers (request-reply)."""

from netzwerkstatt.rpc import Operations

operations = Operations("feedback")
