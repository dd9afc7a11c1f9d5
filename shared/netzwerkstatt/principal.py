"""Who asks, and what each operation lets them do.

The principal travels with every request as headers, the way the correlation id does: the gateway
sends the signed-in staff member (role, account, networks) or API token (role, token name), or a
participant holding a link token; a service calling another sends itself. Each operation declares one
``Access`` rule next to its handler (``@operations("registration.cancel", access=Access.CHANGE)``);
the request server admits the principal by that rule before the handler runs, and a ``CHANGE``
handler decides the scope itself, inside the write's transaction, from the aggregate's own network
(``require_change``).

Who may send which principal is settled by the bus, not by the headers: staff and participant
principals are accepted only on subjects that no other service may call, and only the gateway's NATS
user may publish those (``topology``); subjects other services may call accept service principals
only (``Access.SERVICE``). Only requests are answered (``rpc.RequestServer``: a reply subject in an
inbox): a service's login may publish its own events with any headers and create consumers on its own
stream, so a message JetStream pushes onto an operation subject is refused, whatever it carries.
Another system's command (``topology.Integration.commands``) comes through an import from its own
account and carries that system's headers: it is taken to carry no principal at all.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from netzwerkstatt.errors import FieldError, Forbidden, InvalidInput, ServiceError

KIND_HEADER = "principal"
ROLE_HEADER = "principal_role"
ACCOUNT_HEADER = "principal_account"
NETWORKS_HEADER = "principal_networks"
TOKEN_HEADER = "principal_token"
SERVICE_HEADER = "principal_service"
HEADERS = (KIND_HEADER, ROLE_HEADER, ACCOUNT_HEADER, NETWORKS_HEADER, TOKEN_HEADER, SERVICE_HEADER)

OUTSIDE = "this belongs to none of your networks; only its networks' coordinators or an admin may change it"
CHOOSE_OWN_NETWORK = "choose one of your networks"
# The code of a refusal because what is to be changed belongs to none of the principal's networks.
OTHER_NETWORK = "other_network"


class Role(StrEnum):
    """Roles of staff accounts and API tokens."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    READ_ONLY = "read_only"


class Kind(StrEnum):
    STAFF = "staff"  # a staff account or an API token, authenticated by the gateway
    PARTICIPANT = "participant"  # someone holding a link token from an e-mail (public pages)
    SERVICE = "service"  # another service of the system


class Access(StrEnum):
    """The rule of one operation."""

    READ = "read"  # every staff role, and services
    CHANGE = "change"  # admins; coordinators for their networks (the handler checks the aggregate's)
    ADMIN = "admin"  # admins only: operations, imports, erasure
    TOKEN = "token"  # whoever holds the capability token the request carries; staff too
    SERVICE = "service"  # other services only
    OPEN = "open"  # no principal needed: health, which answers nothing but "ready"


@dataclass(frozen=True)
class Principal:
    kind: Kind
    role: Role | None = None
    account_id: uuid.UUID | None = None
    network_ids: frozenset[uuid.UUID] = frozenset()
    token_name: str | None = None
    service: str | None = None

    @classmethod
    def staff(
        cls,
        role: Role,
        *,
        account_id: uuid.UUID | None = None,
        network_ids: Iterable[uuid.UUID] = (),
        token_name: str | None = None,
    ) -> Principal:
        return cls(
            kind=Kind.STAFF,
            role=Role(role),
            account_id=account_id,
            network_ids=frozenset(network_ids),
            token_name=token_name,
        )

    @classmethod
    def of_service(cls, service: str) -> Principal:
        return cls(kind=Kind.SERVICE, service=service)

    @property
    def is_admin(self) -> bool:
        return self.kind == Kind.STAFF and self.role == Role.ADMIN

    def may_change(self, network_id: uuid.UUID | str | None) -> bool:
        """Admins change everything; coordinators what belongs to one of their networks."""
        if self.is_admin:
            return True
        if self.kind != Kind.STAFF or self.role != Role.COORDINATOR or network_id is None:
            return False
        return str(network_id) in {str(item) for item in self.network_ids}

    def may_change_any(self, network_ids: Iterable[uuid.UUID | str | None]) -> bool:
        return self.is_admin or any(self.may_change(network_id) for network_id in network_ids)

    def headers(self) -> dict[str, str]:
        """The headers that carry this principal: a fresh dict the caller may add to."""
        return dict(self._headers)

    @functools.cached_property
    def _headers(self) -> dict[str, str]:
        # Built once per principal (a client sends the same one with every request).
        values = {KIND_HEADER: self.kind.value}
        if self.role is not None:
            values[ROLE_HEADER] = self.role.value
        if self.account_id is not None:
            values[ACCOUNT_HEADER] = str(self.account_id)
        if self.network_ids:
            values[NETWORKS_HEADER] = ",".join(sorted(str(item) for item in self.network_ids))
        if self.token_name is not None:
            values[TOKEN_HEADER] = self.token_name
        if self.service is not None:
            values[SERVICE_HEADER] = self.service
        return values

    @classmethod
    def from_headers(cls, headers: Mapping[str, str] | None) -> Principal | None:
        """The principal a request carries, ``None`` when it carries none; malformed headers are
        refused rather than read as less than they say."""
        if not headers:
            return None
        get = headers.get
        # The principal is a function of these six values alone: parsed once per distinct set.
        return _principal_of(
            get(KIND_HEADER),
            get(ROLE_HEADER),
            get(ACCOUNT_HEADER),
            get(NETWORKS_HEADER),
            get(TOKEN_HEADER),
            get(SERVICE_HEADER),
        )


@functools.lru_cache(maxsize=1024)
def _principal_of(
    kind_text: str | None,
    role_text: str | None,
    account: str | None,
    networks: str | None,
    token: str | None,
    service: str | None,
) -> Principal | None:
    """The principal these header values name (``None`` for none). Bounded cache: the same gateway
    session or service sends the same values again and again; a refusal is raised anew each time."""
    if kind_text is None:
        if any(value is not None for value in (role_text, account, networks, token, service)):
            raise _malformed(KIND_HEADER, "principal headers without the principal's kind")
        return None
    try:
        kind = Kind(kind_text)
    except ValueError:
        raise _malformed(KIND_HEADER, f"unknown principal kind {kind_text!r}") from None
    if kind == Kind.SERVICE:
        if not service:
            raise _malformed(SERVICE_HEADER, "a service principal names its service")
        return Principal.of_service(service)
    if kind == Kind.PARTICIPANT:
        return Principal(kind=Kind.PARTICIPANT)
    try:
        role = Role(role_text or "")
    except ValueError:
        raise _malformed(ROLE_HEADER, "a staff principal has one of the roles") from None
    try:
        return Principal.staff(
            role,
            account_id=uuid.UUID(account) if account else None,
            network_ids=[uuid.UUID(item) for item in (networks or "").split(",") if item],
            token_name=token or None,
        )
    except ValueError:
        raise _malformed(NETWORKS_HEADER, "account and network ids must be UUIDs") from None


PARTICIPANT = Principal(kind=Kind.PARTICIPANT)


def _malformed(header: str, message: str) -> ServiceError:
    return InvalidInput.for_field(header, f"malformed principal: {message}", "malformed")


def admit(access: Access, principal: Principal | None) -> Principal:
    """Refuse a principal the operation's rule does not admit at all (before any data is read)."""
    if access == Access.OPEN:
        return principal or Principal(kind=Kind.PARTICIPANT)
    if principal is None:
        raise Forbidden("this request carries no principal; every operation needs one")
    if access == Access.TOKEN:
        return principal
    if access == Access.SERVICE:
        if principal.kind != Kind.SERVICE:
            raise Forbidden("only another service of the system may call this operation")
        return principal
    if principal.kind == Kind.SERVICE:
        if access == Access.READ:
            return principal
        raise Forbidden(f"a service may not call this operation ({access.value})")
    if principal.kind != Kind.STAFF:
        raise Forbidden("this needs a staff sign-in")
    if access == Access.READ:
        return principal
    if access == Access.ADMIN and principal.role != Role.ADMIN:
        raise Forbidden("only an admin may do this")
    if access == Access.CHANGE and principal.role not in {Role.ADMIN, Role.COORDINATOR}:
        raise Forbidden(f"the role {principal.role} may not change anything")
    return principal


def outside(network_ids: Iterable[uuid.UUID | str | None] = ()) -> Forbidden:
    """The refusal of a change to what belongs to none of the principal's networks, saying so with
    the code ``other_network`` at ``network_id``; when it belongs to one network, its id travels as
    the ``network_id`` parameter, for the reader to name the network where they may see its name."""
    named = sorted({str(network_id) for network_id in network_ids if network_id is not None})
    params: dict[str, str | int | float] = {"network_id": named[0]} if len(named) == 1 else {}
    return Forbidden(
        OUTSIDE, [FieldError(field="network_id", message=OUTSIDE, code=OTHER_NETWORK, params=params)]
    )


def require_change(principal: Principal, network_id: uuid.UUID | str | None) -> None:
    """Inside the write's transaction, with the aggregate read under its lock: may this principal
    change what belongs to ``network_id`` (the aggregate's own network)?"""
    if not principal.may_change(network_id):
        raise outside([network_id])


def require_change_any(principal: Principal, network_ids: Iterable[uuid.UUID | str | None]) -> None:
    """For aggregates that belong to several networks (an organisation, a person): one is enough."""
    network_ids = list(network_ids)
    if not principal.may_change_any(network_ids):
        raise outside(network_ids)


def require_new_in(principal: Principal, network_id: uuid.UUID | str | None) -> None:
    """Something new is created in ``network_id``: a coordinator's must be in one of theirs."""
    if not principal.may_change(network_id):
        raise Forbidden.for_field("network_id", CHOOSE_OWN_NETWORK, "choose_own_network")
