"""The events service's glossary: the one place where its German domain terms live.

Codes are English and stable (they travel in messages and are stored); labels are what the UI
shows, German first, English second.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Literal, NamedTuple

Language = Literal["de", "en"]


class Label(NamedTuple):
    de: str
    en: str


class SeriesFormat(StrEnum):
    REGIONAL_WORKSHOP = "regional_workshop"
    IDEAS_WORKSHOP = "ideas_workshop"
    IDEAS_CAFE = "ideas_cafe"
    LEARNING_WORKSHOP = "learning_workshop"
    FUTURE_WORKSHOP = "future_workshop"
    NETWORK_MEETING = "network_meeting"
    SPECIALIST_DAY = "specialist_day"
    CUSTOM = "custom"


class AgendaItemFormat(StrEnum):
    WELCOME = "welcome"
    GREETING = "greeting"
    IMPULSE = "impulse"
    TALK = "talk"
    WORKSHOP = "workshop"
    PRACTICE_WORKSHOP = "practice_workshop"
    WORLD_CAFE = "world_cafe"
    SPEED_CONSULTATION = "speed_consultation"
    BARCAMP = "barcamp"
    PLENARY = "plenary"
    QUESTIONS = "questions"
    PRESENTATION_ROUND = "presentation_round"
    NETWORKING = "networking"
    BREAK = "break"
    LUNCH = "lunch"
    CLOSING = "closing"
    OTHER = "other"


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class RegistrationStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    DECLINED = "declined"


class AgreementStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


SERIES_FORMAT_LABELS: dict[SeriesFormat, Label] = {
    SeriesFormat.REGIONAL_WORKSHOP: Label("Regionalworkshop", "Regional workshop"),
    SeriesFormat.IDEAS_WORKSHOP: Label("Ideenwerkstatt", "Ideas workshop"),
    SeriesFormat.IDEAS_CAFE: Label("Ideencafé", "Ideas café"),
    SeriesFormat.LEARNING_WORKSHOP: Label("Lernwerkstatt", "Learning workshop"),
    SeriesFormat.FUTURE_WORKSHOP: Label("Zukunftswerkstatt", "Future workshop"),
    SeriesFormat.NETWORK_MEETING: Label("Netzwerktreffen", "Network meeting"),
    SeriesFormat.SPECIALIST_DAY: Label("Fachtag", "Specialist day"),
    SeriesFormat.CUSTOM: Label("Eigenes Format", "Custom format"),
}

AGENDA_ITEM_FORMAT_LABELS: dict[AgendaItemFormat, Label] = {
    AgendaItemFormat.WELCOME: Label("Begrüßung", "Welcome"),
    AgendaItemFormat.GREETING: Label("Grußwort", "Greeting"),
    AgendaItemFormat.IMPULSE: Label("Impuls", "Impulse talk"),
    AgendaItemFormat.TALK: Label("Vortrag", "Talk"),
    AgendaItemFormat.WORKSHOP: Label("Workshop", "Workshop"),
    AgendaItemFormat.PRACTICE_WORKSHOP: Label("Praxisworkshop", "Practice workshop"),
    AgendaItemFormat.WORLD_CAFE: Label("World Café", "World café"),
    AgendaItemFormat.SPEED_CONSULTATION: Label("Speed Consultation", "Speed consultation"),
    AgendaItemFormat.BARCAMP: Label("Barcamp", "Barcamp"),
    AgendaItemFormat.PLENARY: Label("Plenum", "Plenary"),
    AgendaItemFormat.QUESTIONS: Label("Fragerunde", "Questions"),
    AgendaItemFormat.PRESENTATION_ROUND: Label("Vorstellungsrunde", "Round of introductions"),
    AgendaItemFormat.NETWORKING: Label("Vernetzung", "Networking"),
    AgendaItemFormat.BREAK: Label("Pause", "Break"),
    AgendaItemFormat.LUNCH: Label("Mittagspause", "Lunch break"),
    AgendaItemFormat.CLOSING: Label("Abschluss", "Closing"),
    AgendaItemFormat.OTHER: Label("Sonstiges", "Other"),
}

EVENT_STATUS_LABELS: dict[EventStatus, Label] = {
    EventStatus.DRAFT: Label("Entwurf", "Draft"),
    EventStatus.PUBLISHED: Label("Veröffentlicht", "Published"),
    EventStatus.RUNNING: Label("Läuft", "Running"),
    EventStatus.COMPLETED: Label("Abgeschlossen", "Completed"),
    EventStatus.CANCELLED: Label("Abgesagt", "Cancelled"),
}

REGISTRATION_STATUS_LABELS: dict[RegistrationStatus, Label] = {
    RegistrationStatus.CONFIRMED: Label("Bestätigt", "Confirmed"),
    RegistrationStatus.WAITLISTED: Label("Warteliste", "Waitlisted"),
    RegistrationStatus.CANCELLED: Label("Storniert", "Cancelled"),
    RegistrationStatus.DECLINED: Label("Abgesagt", "Declined"),
}

AGREEMENT_STATUS_LABELS: dict[AgreementStatus, Label] = {
    AgreementStatus.OPEN: Label("Offen", "Open"),
    AgreementStatus.IN_PROGRESS: Label("In Arbeit", "In progress"),
    AgreementStatus.DONE: Label("Erledigt", "Done"),
    AgreementStatus.DROPPED: Label("Verworfen", "Dropped"),
}

Term = SeriesFormat | AgendaItemFormat | EventStatus | RegistrationStatus | AgreementStatus

_LABELS: dict[type[StrEnum], Mapping[Any, Label]] = {
    SeriesFormat: SERIES_FORMAT_LABELS,
    AgendaItemFormat: AGENDA_ITEM_FORMAT_LABELS,
    EventStatus: EVENT_STATUS_LABELS,
    RegistrationStatus: REGISTRATION_STATUS_LABELS,
    AgreementStatus: AGREEMENT_STATUS_LABELS,
}


def label(term: Term, language: Language = "de") -> str:
    """The text the UI shows for a code, German by default."""
    entry = _LABELS[type(term)][term]
    return entry.de if language == "de" else entry.en
