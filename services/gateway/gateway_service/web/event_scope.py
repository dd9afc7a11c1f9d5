"""What a coordinator may change among events: the events and series of their networks. Admins may
change every event; the read-only role none (its routes refuse it before this is asked). The network
is read from the events service's answer, never from the form."""

from __future__ import annotations

from typing import Any

from gateway_service.auth import Principal
from gateway_service.web.scope import unrestricted
from netzwerkstatt.errors import Forbidden

OUTSIDE = (
    "this event belongs to none of your networks; only its network's coordinators or an admin may change it"
)
CHOOSE_OWN_NETWORK = "choose one of your networks"


def _own(principal: Principal, network_id: Any) -> bool:
    return network_id is not None and str(network_id) in {str(item) for item in principal.network_ids}


def may_change(principal: Principal, event: dict[str, Any]) -> bool:
    return unrestricted(principal) or _own(principal, event.get("network_id"))


def require(principal: Principal, event: dict[str, Any]) -> None:
    if not may_change(principal, event):
        raise Forbidden(OUTSIDE)


def may_create(principal: Principal, network_id: Any) -> bool:
    """A coordinator's new event or series belongs to one of their networks."""
    return unrestricted(principal) or _own(principal, network_id)
