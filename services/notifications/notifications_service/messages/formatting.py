"""Language-specific formatting of dates, times and salutations (Europe/Berlin local time)."""

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from notifications_service.messages.kinds import Language

BERLIN = ZoneInfo("Europe/Berlin")

_GERMAN_WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
_GERMAN_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
_ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class FormOfAddress(StrEnum):
    MS = "ms"
    MR = "mr"
    NEUTRAL = "neutral"


def format_date(day: date, language: Language) -> str:
    """'Donnerstag, 21. November 2024' / 'Thursday, 21 November 2024'."""
    if language is Language.GERMAN:
        return f"{_GERMAN_WEEKDAYS[day.weekday()]}, {day.day}. {_GERMAN_MONTHS[day.month - 1]} {day.year}"
    return f"{_ENGLISH_WEEKDAYS[day.weekday()]}, {day.day} {_ENGLISH_MONTHS[day.month - 1]} {day.year}"


def format_time_span(starts_at: datetime, ends_at: datetime, language: Language) -> str:
    """One event day in Berlin local time, e.g. 'Donnerstag, 21. November 2024, 10:00–17:00 Uhr'."""
    start = starts_at.astimezone(BERLIN)
    end = ends_at.astimezone(BERLIN)
    if language is Language.GERMAN:
        if start.date() == end.date():
            return f"{format_date(start.date(), language)}, {start:%H:%M}–{end:%H:%M} Uhr"
        return (
            f"{format_date(start.date(), language)}, {start:%H:%M} Uhr bis "
            f"{format_date(end.date(), language)}, {end:%H:%M} Uhr"
        )
    # English readers may be elsewhere, so the zone abbreviation (CET/CEST) is spelled out.
    if start.date() == end.date():
        return f"{format_date(start.date(), language)}, {start:%H:%M}–{end:%H:%M} {end.tzname()}"
    return (
        f"{format_date(start.date(), language)}, {start:%H:%M} {start.tzname()} to "
        f"{format_date(end.date(), language)}, {end:%H:%M} {end.tzname()}"
    )


def join_words(items: Sequence[str], language: Language) -> str:
    """'a', 'a und b', 'a, b und c' (German) / 'a, b and c' (English)."""
    conjunction = " und " if language is Language.GERMAN else " and "
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + conjunction + items[-1]


def format_salutation(
    *,
    first_name: str,
    last_name: str,
    form_of_address: FormOfAddress,
    academic_title: str | None,
    language: Language,
) -> str:
    """Formal salutation without trailing comma: 'Sehr geehrte Frau Dr. Beispiel', 'Dear Mr Muster'."""
    if language is Language.GERMAN:
        title = f"{academic_title} " if academic_title else ""
        if form_of_address is FormOfAddress.MS:
            return f"Sehr geehrte Frau {title}{last_name}"
        if form_of_address is FormOfAddress.MR:
            return f"Sehr geehrter Herr {title}{last_name}"
        return f"Guten Tag {title}{first_name} {last_name}"
    if academic_title:
        # English usage drops Ms/Mr before an academic title and omits the full stop: 'Dear Dr Muster'.
        return f"Dear {academic_title.rstrip('.')} {last_name}"
    if form_of_address is FormOfAddress.MS:
        return f"Dear Ms {last_name}"
    if form_of_address is FormOfAddress.MR:
        return f"Dear Mr {last_name}"
    return f"Dear {first_name} {last_name}"
