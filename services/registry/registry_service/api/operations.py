"""The registry's request-reply subjects; the modules of this package register their handlers here."""

from netzwerkstatt.contracts.registry import SERVICE
from netzwerkstatt.rpc import Operations

operations = Operations(SERVICE)
