"""The public contract between services and with other systems: request, reply and event payloads.

One module per owning service. Requests forbid unknown fields (a typo is an error, not ignored);
events are read tolerantly (see ``netzwerkstatt.envelope.DomainEvent``)."""

import functools
import re
import types
import typing
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Annotated, Any, ClassVar, Generic, Literal, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from netzwerkstatt.mailaddress import MailAddressError, mail_address

# PostgreSQL's bigint; offsets beyond any real table are refused instead of failing in the database.
MAX_OFFSET = 1_000_000
MAX_LIMIT = 500  # entries of one page of a list
# PostgreSQL's integer: a version, edition or count sent in is refused above it, never passed on.
MAX_STORED_INT = 2**31 - 1
# Limits of the lists one request may carry. A service checks each entry (an address, a district's
# key, an organisation it has to find), so an unbounded list would hold it up for seconds.
MAX_LISTED = 50  # memberships, contact channels, consents, target groups, speakers, organisers
MAX_DISTRICTS = 500  # region or district keys: more than the districts and cities of any Land
MAX_EVENT_DAYS = 60
MAX_AGENDA_ITEMS = 200
MAX_NAMED_PEOPLE = 5_000  # people invited by name at once
MAX_MEMBERS = 2_000  # organisations of one network
# The entries of a list of texts: codes and keys (a district's key, a consent kind), and labels.
CodeText = Annotated[str, Field(max_length=100)]
LabelText = Annotated[str, Field(max_length=200)]
# An uploaded file (an import, a history table), and the length of its base64 text in a request.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_FILE_BASE64 = -(-MAX_FILE_BYTES // 3) * 4


def _deliverable(address: str) -> str:
    try:
        return mail_address(address)
    except MailAddressError as error:
        raise PydanticCustomError(error.code, str(error)) from None


# An e-mail address a mail can go to (the one rule of ``netzwerkstatt.mailaddress``), as stored.
MailAddress = Annotated[str, AfterValidator(_deliverable)]


class Request(BaseModel):
    """Base of every request payload."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    # Fields whose items the service checks one by one, NUL characters included, so that a refusal
    # names the item (a survey's answers: ``answers.<question>``) rather than the whole field.
    CHECKED_PER_ITEM: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul_characters(cls, value: Any, info: ValidationInfo) -> Any:
        # PostgreSQL text cannot hold NUL; such input is an error of the request, said as one.
        if info.field_name not in cls.CHECKED_PER_ITEM and _contains_nul(value):
            raise PydanticCustomError("nul_character", "must not contain NUL characters")
        # A name, title or address ends up in mail headers, calendar lines and table cells, where a
        # line break would start a header or a row of its own.
        if isinstance(value, str) and info.field_name in _one_line_fields(cls) and not _is_one_line(value):
            raise PydanticCustomError(
                "one_line", "must be one line, without line breaks or control characters"
            )
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _strict_booleans(cls, value: Any, info: ValidationInfo) -> Any:
        # A yes/no field takes true or false (or their words in a query string), never 0, 1 or "yes";
        # a number field never takes true or false (pydantic would read them as 1 and 0).
        if isinstance(value, bool):
            kind = _number_fields(cls).get(info.field_name or "")
            if kind is not None:
                raise PydanticCustomError(*_NOT_A_BOOLEAN[kind])
            return value
        if value is None or info.field_name not in _boolean_fields(cls):
            return value
        if value not in ("true", "false"):
            raise ValueError("must be true or false")
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _moments_as_text(cls, value: Any, info: ValidationInfo) -> Any:
        # A date is YYYY-MM-DD, a time HH:MM, a moment ISO 8601: pydantic would read a number (or
        # "0" in a query) as seconds since 1970 or since midnight.
        kind = _moment_fields(cls).get(info.field_name or "")
        if kind is not None and (
            (isinstance(value, int | float) and not isinstance(value, bool))
            or (isinstance(value, str) and _NUMBER.fullmatch(value.strip()))
        ):
            code, message = _NOT_A_NUMBER[kind]
            raise PydanticCustomError(code, message)
        # A typo in the year (0202, 20255) would be kept as a date no one meant.
        if kind is not None and kind is not time and not _plausible_year(value):
            raise PydanticCustomError(
                "year_out_of_range",
                "the year must lie between {min_year} and {max_year}",
                {"min_year": MIN_YEAR, "max_year": MAX_YEAR},
            )
        return value


@functools.cache
def _boolean_fields(model: type[BaseModel]) -> frozenset[str]:
    """The yes/no fields of a request model, looked up once per model (a validator runs per field)."""
    return frozenset(name for name, field in model.model_fields.items() if _is_boolean(field.annotation))


@functools.cache
def _number_fields(model: type[BaseModel]) -> dict[str, type]:
    """The whole-number and decimal fields of a request model and their type, looked up once per model."""
    fields: dict[str, type] = {}
    for name, field in model.model_fields.items():
        options = _union_options(field.annotation)
        if bool not in options:
            kind = next((kind for kind in (int, float) if kind in options), None)
            if kind is not None:
                fields[name] = kind
    return fields


_NOT_A_BOOLEAN: dict[type, tuple[str, str]] = {
    int: ("int_type", "must be a whole number, not true or false"),
    float: ("float_type", "must be a number, not true or false"),
}


@functools.cache
def _moment_fields(model: type[BaseModel]) -> dict[str, type]:
    """The date, time and datetime fields of a request model and their type, looked up once per model."""
    fields: dict[str, type] = {}
    for name, field in model.model_fields.items():
        options = _union_options(field.annotation)
        for kind in (datetime, date, time):  # datetime first: it is a date too
            if kind in options:
                fields[name] = kind
                break
    return fields


MIN_YEAR, MAX_YEAR = 1900, 2199
_YEAR = re.compile(r"\s*([+-]?\d+)-")


def _plausible_year(value: Any) -> bool:
    """A date's year within the years this domain knows; a value that is no date is left to pydantic."""
    if isinstance(value, date):
        return MIN_YEAR <= value.year <= MAX_YEAR
    found = _YEAR.match(value) if isinstance(value, str) else None
    return found is None or MIN_YEAR <= int(found.group(1)) <= MAX_YEAR


_NOT_A_NUMBER: dict[type, tuple[str, str]] = {
    date: ("date_type", "must be a date (YYYY-MM-DD), not a number"),
    time: ("time_type", "must be a time (HH:MM), not a number"),
    datetime: ("datetime_type", "must be a date and time (ISO 8601), not a number"),
}
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?")


# The fields that are one line by their name: ``name``, ``title``, ``email`` and ``..._name``,
# ``..._title``, ``..._email``.
_ONE_LINE_NAME = re.compile(r"(^|_)(name|title|email)$")
# Control characters (line feed, carriage return, tab, ...) and Unicode's line and paragraph separators.
_NOT_IN_A_LINE = frozenset({"Cc", "Zl", "Zp"})


@functools.cache
def _one_line_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of a request model that hold one line of text, looked up once per model."""
    return frozenset(name for name in model.model_fields if _ONE_LINE_NAME.search(name))


def _is_one_line(text: str) -> bool:
    # Blanks around the text are stripped anyway (``str_strip_whitespace``).
    return text.isprintable() or not any(
        unicodedata.category(char) in _NOT_IN_A_LINE for char in text.strip()
    )


def _is_boolean(annotation: Any) -> bool:
    return bool in _union_options(annotation)


def _union_options(annotation: Any) -> tuple[Any, ...]:
    """The types a field takes: each type of a union (``X | None``), else the annotation itself."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set):
        return any(_contains_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_contains_nul(key) or _contains_nul(item) for key, item in value.items())
    return False


class Changes(Request):
    """Base of a partial update (PATCH): a field left out stays as it is; null clears it, which only
    the fields named in ``CLEARABLE`` allow. Null on any other field is an error naming the field,
    never a NULL written into a column that needs a value."""

    CLEARABLE: ClassVar[frozenset[str]] = frozenset({"expected_version"})

    @field_validator("*", mode="after")
    @classmethod
    def _null_clears_only_what_may_be_empty(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.CLEARABLE:
            raise ValueError(f"{info.field_name} cannot be cleared; give a value or leave it out")
        return value


class View(BaseModel):
    """Base of every reply payload."""

    model_config = ConfigDict(frozen=True)


class PageRequest(Request):
    """The part of a list to answer with: every list operation takes ``offset`` and ``limit``."""

    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)


# The order of a list operation that offers a choice of ``sort``: ascending unless asked otherwise.
SortDirection = Literal["asc", "desc"]

T = TypeVar("T")


class Page(View, Generic[T]):
    """One page of a list, the reply of every list operation: ``items`` from ``offset`` on, at most
    ``limit`` of them, out of ``total``."""

    items: list[T]
    total: int
    offset: int
    limit: int

    @classmethod
    def of(cls, rows: Sequence[T], request: PageRequest, **fields: Any) -> Self:
        """The requested page of the whole list ``rows``."""
        return cls(
            items=list(rows[request.offset : request.offset + request.limit]),
            total=len(rows),
            offset=request.offset,
            limit=request.limit,
            **fields,
        )


class ImportProblem(View):
    """A problem of one row of an imported file (every service's import reports them alike)."""

    field: str = Field(description="The column's field name (the report's ``columns`` gives its header)")
    message: str = Field(description="In English, for logs; readers get the code in their language")
    code: str
    params: dict[str, str | int | float] = Field(
        default_factory=dict, description="What the wording needs: the value read, the row it repeats"
    )


class ImportRowProblems(View):
    row: int = Field(description="The row's line in the file (the header is line 1)")
    problems: list[ImportProblem]


__all__ = [
    "MAX_OFFSET",
    "Changes",
    "ImportProblem",
    "ImportRowProblems",
    "Page",
    "PageRequest",
    "Request",
    "View",
]
