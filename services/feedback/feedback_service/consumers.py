"""The events the feedback service reacts to."""

from netzwerkstatt.inbox import Consumers

consumers = Consumers("feedback")
