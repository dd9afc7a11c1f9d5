"""Fictional test data for the notifications tests (real institution names, invented people)."""

from datetime import datetime

from pydantic import HttpUrl

from notifications_service.messages.context import EventDay, EventDetails, Office, Recipient
from notifications_service.messages.formatting import BERLIN, FormOfAddress
from notifications_service.messages.kinds import Language

PUBLIC_BASE = "https://netzwerkstatt.example.org/p/tok-4711"


def link(action: str) -> HttpUrl:
    return HttpUrl(f"{PUBLIC_BASE}/{action}")


def berlin(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def office() -> Office:
    return Office(name="Koordinierungsstelle IQ Landesnetzwerk Berlin", email="koordination@example.org")


def recipient(
    *,
    language: Language = Language.GERMAN,
    form_of_address: FormOfAddress = FormOfAddress.MS,
    email: str | None = "kim.beispiel@example.org",
    last_name: str = "Beispiel",
) -> Recipient:
    return Recipient(
        contact_id="contact-17",
        first_name="Kim",
        last_name=last_name,
        form_of_address=form_of_address,
        language=language,
        email=email,
    )


def ideenwerkstatt(*, version: int = 0, title: str = "13. IKOE-Ideenwerkstatt") -> EventDetails:
    """A two-day event with different times per day."""
    return EventDetails(
        event_id="evt-ideenwerkstatt-13",
        title=title,
        days=[
            EventDay(starts_at=berlin(2024, 11, 21, 10), ends_at=berlin(2024, 11, 21, 17)),
            EventDay(starts_at=berlin(2024, 11, 22, 9), ends_at=berlin(2024, 11, 22, 14, 30)),
        ],
        venue="Stadthaus Halle",
        address="Marktplatz 2, 06108 Halle (Saale)",
        description="Verwaltung und Arbeitsmarktintegration: Impuls, Praxisworkshop und Barcamp.",
        url=HttpUrl("https://netzwerkstatt.example.org/events/evt-ideenwerkstatt-13"),
        version=version,
    )


def regionalworkshop(*, version: int = 0) -> EventDetails:
    """A one-day event in Leipzig."""
    return EventDetails(
        event_id="evt-regionalworkshop-leipzig",
        title="Regionalworkshop Leipzig",
        days=[EventDay(starts_at=berlin(2025, 3, 12, 9, 30), ends_at=berlin(2025, 3, 12, 15))],
        venue="Volkshochschule Leipzig",
        address="04109 Leipzig",
        version=version,
    )
