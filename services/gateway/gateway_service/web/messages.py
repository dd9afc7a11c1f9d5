"""Service errors in the reader's language. Services answer with codes (pydantic's error types such
as ``greater_than_equal``, the domain's such as ``room_clash``) and an English message for logs and
other systems; the pages show the catalogue's ``error.<code>`` text with the error's parameters.
A code the catalogue does not know shows its English message on English pages and a general German
sentence on German pages, never English there."""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextvars import ContextVar
from string import Formatter
from typing import Any

from gateway_service.i18n import CATALOGUE, DEFAULT_LANGUAGE, Language, translate
from gateway_service.web import districts
from gateway_service.web.rendering import date_formatter
from netzwerkstatt.errors import FieldError, ServiceError

# The language of the page being answered, set once per request (see app.py).
page_language: ContextVar[Language] = ContextVar("page_language", default=DEFAULT_LANGUAGE)


def _filled(text: str, params: dict[str, Any]) -> str | None:
    wanted = {name for _, name, _, _ in Formatter().parse(text) if name}
    if not wanted <= params.keys():
        return None
    return text.format(**{name: params[name] for name in wanted})


# A date a refusal names (``event_date``: the day an agreement may not fall due before) travels as
# ISO and is shown as the page's language writes dates.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _param_text(name: str, value: str | int | float, language: Language) -> str | int | float:
    if not (name.endswith("date") and isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return value
    return date_formatter(language)(value)


def detail_message(detail: FieldError, language: Language | None = None) -> str:
    """One field's message in the page's language."""
    language = language or page_language.get()
    params = {name: _param_text(name, value, language) for name, value in (detail.params or {}).items()}
    code = detail.code
    if code == "literal_error":
        # pydantic lists the values in English ("'open', 'done' or 'dropped'", "2 or 3"): numbers are
        # shown in the page's language, codes never (people read words, not the values of a list).
        expected = str(params.get("expected", ""))
        if "'" in expected or '"' in expected:
            code = "enum"
        elif language != "en":
            params["expected"] = expected.replace(" or ", " oder ")
    if code in ("string_too_short", "too_short") and str(params.get("min_length")) == "1":
        # "at least 1 character" is how a form says "required"; "at least 1 entries" no sentence.
        code = "missing" if code == "string_too_short" else "too_short_one"
    # A code's words without the parameters they need (a network the reader may not see by name)
    # are its ``_plain`` words.
    for key in (f"error.{code}", f"error.{code}_plain"):
        entry = CATALOGUE.get(key)
        if entry is not None:
            filled = _filled(entry[1] if language == "en" else entry[0], params)
            if filled is not None:
                return filled
    if language == "en":
        return detail.message
    return translate("error.invalid", language)


def import_problem_message(problem: Mapping[str, Any], language: Language | None = None) -> str:
    """A problem of an import's row: the catalogue's ``import.problem_<code>`` with the value read
    (or the row it repeats), else as any field's message."""
    language = language or page_language.get()
    params = dict(problem.get("params") or {})
    if "candidates" in params:  # region keys a name may mean, worded here
        params["candidates"] = districts.candidates_text(str(params["candidates"]).split(","), language)
    entry = CATALOGUE.get(f"import.problem_{problem['code']}")
    if entry is not None:
        filled = _filled(entry[1] if language == "en" else entry[0], params)
        if filled is not None:
            return filled
    detail = FieldError(
        field=str(problem["field"]), message=str(problem["message"]), code=str(problem["code"]), params=params
    )
    return detail_message(detail, language)


def import_row_problems(report: Mapping[str, Any], language: Language | None = None) -> list[dict[str, Any]]:
    """Each problem of an import's dry run (the registry's, a series' history) in the reader's words:
    the row, the column as the file heads it (or its name, when the file has no such column) and what
    is wrong with the value read."""
    language = language or page_language.get()
    columns: Mapping[str, str] = report.get("columns") or {}
    rows = []
    for row in report.get("invalid_rows") or []:
        for problem in row["problems"]:
            field = str(problem["field"])
            rows.append(
                {
                    "row": row["row"],
                    "column": columns.get(field) or translate(f"import.column_{field}", language),
                    "message": import_problem_message(problem, language),
                }
            )
    return rows


def message_of(error: ServiceError, language: Language | None = None) -> str:
    """A whole refusal as one text: its field messages, else the words for its code."""
    if error.details:
        return " ".join(dict.fromkeys(detail_message(detail, language) for detail in error.details))
    language = language or page_language.get()
    if language == "en":
        return error.message or translate("error.invalid", language)
    entry = CATALOGUE.get(f"error.{error.code.value}")
    return entry[0] if entry is not None else translate("error.invalid", language)
