"""The list pages of the staff UI: which operation each calls and which columns it shows. A page
lights up as soon as its service answers the operation; until then it says "not available"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # catalogue key


@dataclass(frozen=True)
class Listing:
    section: str  # events, notifications (registry and feedback have their own pages)
    slug: str
    title: str  # catalogue key
    operation: str
    columns: tuple[Column, ...]
    request: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"/{self.section}/{self.slug}"


NAME = Column("name", "common.name")
STATUS = Column("status", "common.status")

LISTINGS: tuple[Listing, ...] = (
    Listing(
        "events",
        "series",
        "events.series",
        "series.list",
        (Column("title", "common.name"), Column("format", "common.type")),
    ),
    Listing(
        "events",
        "events",
        "events.events",
        "event.list",
        (Column("title", "common.name"), Column("format", "common.type"), STATUS),
    ),
    Listing(
        "events",
        "agreements",
        "events.agreements",
        "agreement.list",
        (Column("text", "common.name"), Column("due_date", "common.status"), STATUS),
    ),
    Listing(
        "notifications",
        "deliveries",
        "notifications.deliveries",
        "delivery.list",
        (Column("kind", "common.type"), Column("recipient", "auth.email"), STATUS),
    ),
    Listing(
        "notifications",
        "failed",
        "notifications.failed",
        "delivery.list",
        (
            Column("kind", "common.type"),
            Column("recipient", "auth.email"),
            Column("reason", "operations.error"),
        ),
        {"status": "failed"},
    ),
    Listing(
        "notifications",
        "mails",
        "notifications.mails",
        "mailsink.list",
        (Column("subject", "operations.subject"), Column("to", "auth.email")),
    ),
    Listing(
        "notifications",
        "templates",
        "notifications.templates",
        "template.list",
        (Column("kind", "common.type"), NAME),
    ),
)

BY_PATH: dict[str, Listing] = {listing.path: listing for listing in LISTINGS}


def section_links(section: str) -> list[Listing]:
    return [listing for listing in LISTINGS if listing.section == section]


def shown_columns(listing: Listing, rows: list[dict[str, Any]]) -> list[Column]:
    """The configured columns the rows have; when the reply's shape differs, its first plain fields."""
    present = [column for column in listing.columns if rows and column.field in rows[0]]
    if present or not rows:
        return present or list(listing.columns)
    plain = [key for key, value in rows[0].items() if isinstance(value, str | int | float | bool)]
    return [Column(key, "") for key in plain[:6]]
