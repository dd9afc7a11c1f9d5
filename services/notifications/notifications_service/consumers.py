"""The events the notifications service reacts to."""

from netzwerkstatt.inbox import Consumers

consumers = Consumers("notifications")
