"""Opt-out."""

from __future__ import annotations

from netzwerkstatt.contracts.notifications import (
    ChangeSubscription,
    SubscriptionRef,
    SubscriptionView,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.errors import NotFound
from netzwerkstatt.principal import Access
from notifications_service import projections
from notifications_service.api.base import operations
from notifications_service.store.records import Subscription


@operations("subscription.change", access=Access.TOKEN)
async def change_subscription(request: ChangeSubscription, db: DatabaseDep) -> SubscriptionView:
    """Unsubscribe from (or back to) optional messages by the token of the link in an e-mail."""
    async with db.unit_of_work() as uow:
        changed = await projections.opt_out(uow.session, request.token, opted_out=not request.subscribed)
    return _view(changed)


@operations("subscription.get", access=Access.TOKEN)
async def get_subscription(request: SubscriptionRef, db: DatabaseDep) -> SubscriptionView:
    """Whether the contact of an unsubscribe link receives optional messages; changes nothing. An
    unknown link is refused as ``subscription.change`` refuses it, so the page answers both alike."""
    async with db.read() as session:
        found = await projections.subscription(session, request.token)
    return _view(found)


def _view(subscription: Subscription | None) -> SubscriptionView:
    """The choice of a link's contact; no contact: the link is unknown, one answer for both operations."""
    if subscription is None:
        raise NotFound.for_field("token", "this unsubscribe link is not valid (any more)", "unknown_token")
    return SubscriptionView(subscribed=subscription.opted_out_at is None)
