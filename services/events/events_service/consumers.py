"""The events this service reacts to: the registry's actors, kept as a local projection."""

from __future__ import annotations

from netzwerkstatt.contracts.registry import OrganisationCreated
from netzwerkstatt.db import UnitOfWork
from netzwerkstatt.envelope import Envelope
from netzwerkstatt.inbox import Consumers

from events_service import store

consumers = Consumers("events")


@consumers.on(OrganisationCreated, name="organisation-created")
async def project_new_organisation(uow: UnitOfWork, event: Envelope[OrganisationCreated]) -> None:
    """Keep the organisation's name and type for invitations, lists and figures."""
    data = event.data
    await store.upsert_organisation(
        uow.session,
        {
            "id": data.organisation_id,
            "name": data.name,
            "type": data.type,
            "region_keys": data.region_keys,
            "version": data.version,
        },
    )
