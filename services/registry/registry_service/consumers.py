"""The registry owns the actors and consumes no other service's events."""

from netzwerkstatt.contracts.registry import SERVICE
from netzwerkstatt.inbox import Consumers

consumers = Consumers(SERVICE)
