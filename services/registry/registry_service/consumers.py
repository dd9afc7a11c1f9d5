"""The registry owns the actors and consumes no other service's events."""

from netzwerkstatt.inbox import Consumers

from registry_service.api import SERVICE

consumers = Consumers(SERVICE)
