"""What notifications asks for the e-mails it is about to send: the participants' links and the
organisers' e-mail addresses, neither of which travels on a stream."""

from __future__ import annotations

from events_service.api.base import operations
from events_service.store import events, links
from netzwerkstatt.contracts.events import IssuedLink, IssuedLinks, IssueLinks, LinkKind, OrganiserAddress
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.principal import Access

_KINDS: tuple[LinkKind, ...] = ("invitation", "registration")


@operations("link.issue", access=Access.SERVICE)
async def issue_links(request: IssueLinks, db: DatabaseDep) -> IssuedLinks:
    """A fresh token per invitation or registration: the reply is the only place it exists besides
    the e-mail. Targets that are unknown or belong to an erased person get none. And the organiser of
    each event asked for that exists."""
    issued: list[IssuedLink] = []
    async with db.unit_of_work() as uow:
        for kind in _KINDS:
            ids = list(dict.fromkeys(target.id for target in request.targets if target.kind == kind))
            if ids:
                tokens = await links.issue(uow.session, kind, ids)
                issued += [IssuedLink(kind=kind, id=row_id, token=token) for row_id, token in tokens.items()]
        organisers = (
            await events.organisers_of(uow.session, request.organisers_of) if request.organisers_of else []
        )
    return IssuedLinks(
        links=issued,
        organisers=[
            OrganiserAddress(event_id=id_, name=name, email=email) for id_, name, email in organisers
        ],
    )
