"""A series' history: past editions entered afterwards, one by one or from a CSV/XLSX file.

A past edition is recorded as held (completed) with its number, days, host and the counts taken
then (no persons, so nobody is invited, told or surveyed). Its rules, every problem at once and each
at its field:

- its days lie in the past (today at the latest, 1950 at the earliest); the last day is not before
  the first, and an edition lasts at most ``MAX_RECORDED_DAYS`` days;
- its number is free in the series (and given once in a file), and follows the editions' dates:
  an edition dated before another has a lower number (``order_problems``);
- its host is a district: the official key of a Landkreis, kreisfreie Stadt or Berlin Bezirk, or a
  key of the series' host pool or of the network's districts (a custom region);
- organisations, decision makers and newcomers are not more than the attendees, the districts
  represented not more than the network's districts.

A file (``check_file``) has a row per edition under a header row; ``COLUMNS`` names the headers it
understands (German, with English and common variants). Dates are written as people write them:
"12.05.2022", "2022-05-12", "12.–13.05.2022", "30.06.–01.07.2022", "12.05.2022 - 13.05.2022"; the
host district by name ("Halle (Saale)", "Leipzig (Landkreis)", "Landkreis Leipzig") or by key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from events_service.domain.figures import RecordedFigures
from netzwerkstatt.errors import FieldError
from netzwerkstatt.reference import is_district, region_key_for
from netzwerkstatt.tabular import Column, Sheet, columns_by_field, map_columns, row_values

MAX_RECORDED_DAYS = 14
# Nothing in these networks' history is older; and the year 1 has no UTC instant to keep.
EARLIEST_DAY = date(1950, 1, 1)


@dataclass(frozen=True)
class DatedEdition:
    """An edition of the series by its number and first day."""

    edition: int
    first_day: date


@dataclass(frozen=True)
class SeriesContext:
    """What the rules need to know of the series."""

    today: date
    taken_editions: frozenset[int]
    own_district_keys: frozenset[str]
    """The series' host pool and the network's districts: keys accepted as they are."""
    region_size: int
    """The network's districts (0: unknown)."""
    dated_editions: tuple[DatedEdition, ...] = ()
    """The series' editions with their first days: a new one's number keeps to their order."""


class PastEdition(BaseModel):
    """A past edition as it will be recorded."""

    model_config = ConfigDict(frozen=True)

    edition: int
    title: str | None
    first_day: date
    last_day: date
    host_district_key: str
    venue_name: str | None = None
    figures: RecordedFigures


# The fields of a single entry; a file names some of them after its columns (``FILE_FIELDS``).
ENTRY_FIELDS: Mapping[str, str] = {
    "edition": "edition",
    "first_day": "first_day",
    "last_day": "last_day",
    "host_district_key": "host_district_key",
    "attendees": "attendees",
    "organisations": "organisations",
    "districts_represented": "districts_represented",
    "decision_makers": "decision_makers",
    "newcomers": "newcomers",
}
FILE_FIELDS: Mapping[str, str] = dict(ENTRY_FIELDS) | {
    "first_day": "days",
    "last_day": "days",
    "host_district_key": "host_district",
}


def problem(field: str, code: str, message: str, **params: str | int) -> FieldError:
    """A problem with a code and what its wording needs, so that readers get it in their language;
    the English message is for logs and other systems."""
    return FieldError(field=field, message=message, code=code, params=params)


def is_host(key: str, context: SeriesContext) -> bool:
    return is_district(key) or key in context.own_district_keys


def order_problems(
    edition: int, first_day: date, editions: tuple[DatedEdition, ...], field: str
) -> list[FieldError]:
    """A series' numbers follow its editions' dates: an edition dated before another has a lower
    number. The problem names the edition in the way (for a number too high, the lowest-numbered
    edition dated later; for one too low, the highest-numbered edition dated earlier)."""
    problems: list[FieldError] = []
    later = [other for other in editions if other.edition < edition and other.first_day > first_day]
    if later:
        blocking = min(later, key=lambda other: other.edition)
        problems.append(
            problem(
                field,
                "number_after_later_edition",
                f"edition {blocking.edition} is dated {blocking.first_day.isoformat()}: "
                "an edition before it needs a lower number",
                edition=blocking.edition,
                edition_date=blocking.first_day.isoformat(),
            )
        )
    earlier = [other for other in editions if other.edition > edition and other.first_day < first_day]
    if earlier:
        blocking = max(earlier, key=lambda other: other.edition)
        problems.append(
            problem(
                field,
                "number_before_earlier_edition",
                f"edition {blocking.edition} is dated {blocking.first_day.isoformat()}: "
                "an edition after it needs a higher number",
                edition=blocking.edition,
                edition_date=blocking.first_day.isoformat(),
            )
        )
    return problems


def check(
    entry: PastEdition, context: SeriesContext, fields: Mapping[str, str] = ENTRY_FIELDS
) -> list[FieldError]:
    """Every problem of a past edition, each at its field (``fields`` names them)."""
    problems: list[FieldError] = []
    if entry.edition in context.taken_editions:
        problems.append(
            problem(
                fields["edition"],
                "duplicate_edition",
                f"edition {entry.edition} of this series exists already",
                edition=entry.edition,
            )
        )
    else:
        problems.extend(
            order_problems(entry.edition, entry.first_day, context.dated_editions, fields["edition"])
        )
    problems.extend(_day_problems(entry, context.today, fields))
    if not is_host(entry.host_district_key, context):
        problems.append(
            problem(
                fields["host_district_key"],
                "unknown_district",
                f"{entry.host_district_key!r} is no district (give an official district key)",
                value=entry.host_district_key,
            )
        )
    counts = entry.figures
    for name in ("organisations", "decision_makers", "newcomers"):
        value = getattr(counts, name)
        if value is not None and value > counts.attendees:
            problems.append(
                problem(
                    fields[name],
                    "more_than_attendees",
                    f"{value} is more than the {counts.attendees} attendees",
                    attendees=counts.attendees,
                )
            )
    districts = counts.districts_represented
    if districts is not None and context.region_size and districts > context.region_size:
        problems.append(
            problem(
                fields["districts_represented"],
                "more_than_districts",
                f"the network has {context.region_size} districts, fewer than {districts}",
                total=context.region_size,
            )
        )
    return _once_per_field(problems)


def _day_problems(entry: PastEdition, today: date, fields: Mapping[str, str]) -> list[FieldError]:
    problems: list[FieldError] = []
    future = "a past edition lies in the past: this day is after today"
    if entry.first_day > today:
        problems.append(problem(fields["first_day"], "date_in_future", future, today=today.isoformat()))
    elif entry.first_day < EARLIEST_DAY:
        problems.append(
            problem(
                fields["first_day"],
                "date_too_early",
                f"a past edition is recorded from {EARLIEST_DAY.isoformat()} on",
                earliest=EARLIEST_DAY.year,
            )
        )
    if entry.last_day < entry.first_day:
        problems.append(
            problem(fields["last_day"], "last_day_before_first", "the last day is before the first day")
        )
    elif entry.last_day > today and entry.first_day <= today:
        problems.append(problem(fields["last_day"], "date_in_future", future, today=today.isoformat()))
    elif (entry.last_day - entry.first_day).days + 1 > MAX_RECORDED_DAYS:
        problems.append(
            problem(
                fields["last_day"],
                "too_many_days",
                f"an edition lasts at most {MAX_RECORDED_DAYS} days",
                max=MAX_RECORDED_DAYS,
            )
        )
    return problems


def _once_per_field(problems: list[FieldError]) -> list[FieldError]:
    """A file's two day fields share one column: say each problem once."""
    seen: set[tuple[str, str]] = set()
    unique: list[FieldError] = []
    for item in problems:
        if (item.field, item.code) not in seen:
            seen.add((item.field, item.code))
            unique.append(item)
    return unique


# -- files --------------------------------------------------------------------------------------------

COLUMNS: tuple[Column, ...] = (
    Column("edition", "Ausgabe", ("Edition", "Nr.", "Nr", "Nummer", "Ausgabe Nr.", "edition number"), True),
    Column("days", "Datum", ("Date", "Dates", "Termin", "Tage", "Zeitraum", "Tag", "Day", "Days"), True),
    Column(
        "host_district",
        "Gastgeber-Kreis",
        ("Gastgeberkreis", "Gastgeber Kreis", "Gastgeber", "Kreis", "Host district", "Host"),
        True,
    ),
    Column(
        "attendees",
        "Teilnehmende",
        (
            "Teilnehmer",
            "Teilnehmer*innen",
            "TeilnehmerInnen",
            "TN",
            "Anzahl Teilnehmende",
            "Attendees",
            "Participants",
        ),
        True,
    ),
    Column(
        "organisations",
        "Organisationen",
        ("Institutionen", "Einrichtungen", "Anzahl Organisationen", "Organisations", "Organizations"),
        True,
    ),
    Column(
        "districts_represented",
        "Vertretene Kreise",
        ("Kreise vertreten", "Anzahl Kreise", "Kreise", "Districts represented", "Districts"),
    ),
    Column(
        "decision_makers",
        "Entscheidungsträger*innen",
        ("Entscheidungsträger", "Entscheidungstragende", "Entscheider", "Decision makers", "Decision-makers"),
    ),
    Column("newcomers", "Neue Teilnehmende", ("Neue", "Erstteilnehmende", "Newcomers", "New attendees")),
    Column("title", "Titel", ("Title", "Veranstaltung", "Name")),
    Column("venue", "Ort", ("Veranstaltungsort", "Venue", "Location", "Place")),
)


class InvalidRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    row: int
    problems: list[FieldError]


class FileReport(BaseModel):
    """A file's rows checked: what each valid row would record, and every problem by row."""

    model_config = ConfigDict(frozen=True)

    columns: dict[str, str]
    ignored_columns: list[str]
    blank_rows: list[int]
    valid_rows: list[tuple[int, PastEdition]]
    invalid_rows: list[InvalidRow]


def check_file(sheet: Sheet, context: SeriesContext, series_title: str) -> FileReport:
    """Check every row of a file of past editions, without saving anything."""
    columns, ignored = map_columns(sheet.headers, COLUMNS)
    valid: list[tuple[int, PastEdition]] = []
    invalid: list[InvalidRow] = []
    blank: list[int] = []
    first_row_of: dict[int, int] = {}
    for number, cells in sheet.rows:
        values = row_values(cells, columns)
        if not any(values.values()):
            blank.append(number)
            continue
        problems: list[FieldError] = []
        entry = _entry(values, context, series_title, problems)
        if entry is not None:
            # The rows read so far keep to the series' order as well as its editions.
            so_far = tuple(DatedEdition(item.edition, item.first_day) for _, item in valid)
            with_rows = replace(context, dated_editions=context.dated_editions + so_far)
            problems.extend(check(entry, with_rows, FILE_FIELDS))
            if entry.edition in first_row_of:
                problems.append(
                    problem(
                        "edition",
                        "duplicate",
                        f"duplicate of row {first_row_of[entry.edition]}: the same edition",
                        row=first_row_of[entry.edition],
                    )
                )
        if problems or entry is None:
            invalid.append(InvalidRow(row=number, problems=problems))
            continue
        first_row_of[entry.edition] = number
        valid.append((number, entry))
    return FileReport(
        columns=columns_by_field(columns, sheet.headers),
        ignored_columns=ignored,
        blank_rows=blank,
        valid_rows=valid,
        invalid_rows=invalid,
    )


def default_title(edition: int, series_title: str) -> str:
    """ "11. IKOE-Ideenwerkstatt" for the 11th edition of "IKOE-Ideenwerkstatt"."""
    return f"{edition}. {series_title}"


def _entry(
    values: Mapping[str, str], context: SeriesContext, series_title: str, problems: list[FieldError]
) -> PastEdition | None:
    edition = _count(values, "edition", problems, required=True)
    if edition == 0:
        problems.append(problem("edition", "invalid_number", "an edition is numbered from 1", value="0"))
        edition = None
    days = _days(values.get("days", ""), problems)
    host = _host(values.get("host_district", ""), context, problems)
    attendees = _count(values, "attendees", problems, required=True)
    organisations = _count(values, "organisations", problems, required=True)
    optional = {
        name: _count(values, name, problems, required=False)
        for name in ("districts_represented", "decision_makers", "newcomers")
    }
    if edition is None or days is None or host is None or attendees is None or organisations is None:
        return None
    if any(values.get(name) and count is None for name, count in optional.items()):
        return None
    title = " ".join(values.get("title", "").split())
    if title and len(title) < 2:
        problems.append(problem("title", "too_short", "the title is too short", value=title))
    return PastEdition(
        edition=edition,
        title=(title or default_title(edition, series_title))[:300],
        first_day=days[0],
        last_day=days[1],
        host_district_key=host,
        venue_name=" ".join(values.get("venue", "").split())[:200] or None,
        figures=RecordedFigures(attendees=attendees, organisations=organisations, **optional),
    )


_NUMBER = re.compile(r"^\d{1,3}(?:[.\s]\d{3})+$|^\d+$")
_LIMIT = 100_000


def _count(
    values: Mapping[str, str], field: str, problems: list[FieldError], *, required: bool
) -> int | None:
    """A whole number as written: "34", "34." (an edition), "1.234"; None when missing or unreadable."""
    raw = values.get(field, "")
    if not raw:
        if required:
            problems.append(problem(field, "missing", f"{field} is missing"))
        return None
    text = raw.strip().removesuffix(".") if field == "edition" else raw.strip()
    if text.endswith((",0", ".0")):
        text = text[:-2]
    # Leading zeros left out and compared by length first: Python refuses to convert more than
    # 4,300 digits at all.
    digits = re.sub(r"\D", "", text).lstrip("0") or "0"
    too_large = len(digits) > len(str(_LIMIT)) or int(digits) > _LIMIT
    if not _NUMBER.match(text) or too_large:
        problems.append(
            problem(field, "invalid_number", f"{raw!r} is no whole number of 0 or more", value=raw)
        )
        return None
    return int(digits)


def _host(raw: str, context: SeriesContext, problems: list[FieldError]) -> str | None:
    if not raw:
        problems.append(problem("host_district", "missing", "the host district is missing"))
        return None
    if raw in context.own_district_keys:
        return raw
    key = region_key_for(raw)
    if key is None or not is_host(key, context):
        problems.append(
            problem(
                "host_district",
                "unknown_district",
                f"no district is named {raw!r} (give its name, e.g. Halle (Saale), or its key)",
                value=raw,
            )
        )
        return None
    return key


# Dates as people write them; the separator of a range is a dash, "bis" or a slash.
_DMY = r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4}|\d{2})"
_ISO = r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?"
_TO = r"\s*(?:-|/|bis|und|\+|&)\s*"
_FULL = re.compile(rf"^(?:{_DMY}|{_ISO})$")
_SAME_MONTH = re.compile(rf"^(\d{{1,2}})\.?{_TO}(\d{{1,2}})\.\s*(\d{{1,2}})\.\s*(\d{{4}}|\d{{2}})$")
_SAME_YEAR = re.compile(
    rf"^(\d{{1,2}})\.\s*(\d{{1,2}})\.?{_TO}(\d{{1,2}})\.\s*(\d{{1,2}})\.\s*(\d{{4}}|\d{{2}})$"
)


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _date(text: str) -> date | None:
    match = _FULL.match(text.strip())
    if match is None:
        return None
    day, month, year, iso_year, iso_month, iso_day = match.groups()
    try:
        if iso_year is not None:
            return date(int(iso_year), int(iso_month), int(iso_day))
        return date(_year(year), int(month), int(day))
    except ValueError:
        return None


def parse_days(text: str) -> tuple[date, date] | None:
    """The first and last day written in a cell: one date, or a range of consecutive days."""
    cleaned = " ".join(text.replace("–", "-").replace("—", "-").split())
    single = _date(cleaned)
    if single is not None:
        return single, single
    try:
        match = _SAME_MONTH.match(cleaned)
        if match:
            first, last, month, year = match.groups()
            return date(_year(year), int(month), int(first)), date(_year(year), int(month), int(last))
        match = _SAME_YEAR.match(cleaned)
        if match:
            first, first_month, last, last_month, year = match.groups()
            return (
                date(_year(year), int(first_month), int(first)),
                date(_year(year), int(last_month), int(last)),
            )
    except ValueError:
        return None
    # Two full dates: try every separator, as ISO dates hold dashes themselves.
    for split in re.finditer(_TO, cleaned):
        first_day, last_day = _date(cleaned[: split.start()]), _date(cleaned[split.end() :])
        if first_day is not None and last_day is not None:
            return first_day, last_day
    return None


def _days(raw: str, problems: list[FieldError]) -> tuple[date, date] | None:
    if not raw:
        problems.append(problem("days", "missing", "the date is missing"))
        return None
    days = parse_days(raw)
    if days is None:
        problems.append(
            problem(
                "days",
                "invalid_date",
                f"{raw!r} is no date (write e.g. 12.05.2022 or 12.05.2022 - 13.05.2022)",
                value=raw,
            )
        )
    return days


def first_and_last(first_day: date, last_day: date | None) -> tuple[date, date]:
    return first_day, last_day or first_day


def days_between(first_day: date, last_day: date) -> list[date]:
    return [first_day + timedelta(days=offset) for offset in range((last_day - first_day).days + 1)]
