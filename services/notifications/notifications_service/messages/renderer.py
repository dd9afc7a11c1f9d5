"""A deliberately small, strict template language: `{{ placeholder }}` and nothing else.

Staff edit these templates, so there are no loops, conditions or expressions that could fail at send
time or reach into the program. A template may only name placeholders its kind offers; anything
else is rejected with an error naming the placeholder and the template.
"""

import html
import re
from collections.abc import Mapping

from notifications_service.messages.errors import TemplateSyntaxError, UnknownPlaceholderError

_PLACEHOLDER = re.compile(r"\{\{(?P<inner>[^{}]*)\}\}")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
# Tags of the template languages staff may know from elsewhere (``{% for … %}``, ``{# … #}``): this
# one has none, and left in a template they would be mailed as they stand.
_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}|\{%|%\}|\{#|#\}", re.DOTALL)


def _line_of(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def placeholders_in(source: str, *, template: str) -> list[str]:
    """The placeholder names a template uses, in order; malformed braces and tags of other template
    languages are a syntax error."""
    tag = _TAG.search(source)
    if tag is not None:
        line = _line_of(source, tag.start())
        found = tag.group(0) if len(tag.group(0)) <= 60 else tag.group(0)[:59] + "…"
        raise TemplateSyntaxError(
            f"line {line}: '{found}' is not a placeholder; this template language has only placeholders",
            template=template,
            params={"line": line, "found": found},
        )
    names: list[str] = []
    for match in _PLACEHOLDER.finditer(source):
        name = match.group("inner").strip()
        if not _NAME.fullmatch(name):
            line = _line_of(source, match.start())
            raise TemplateSyntaxError(
                f"line {line}: '{match.group(0)}' is not a placeholder; "
                "write a lower-case name like '{{ event_title }}'",
                template=template,
                params={"line": line, "found": match.group(0)},
            )
        names.append(name)
    remainder = _PLACEHOLDER.sub("", source)
    for brace in ("{{", "}}"):
        position = remainder.find(brace)
        if position >= 0:
            raise TemplateSyntaxError(
                f"unmatched '{brace}' in the template",
                template=template,
                params={"line": _line_of(remainder, position), "brace": brace},
            )
    return names


def validate_template(source: str, *, template: str, allowed: frozenset[str]) -> None:
    """Raise if the template is malformed or names a placeholder outside `allowed`."""
    for name in placeholders_in(source, template=template):
        if name not in allowed:
            raise UnknownPlaceholderError(template=template, placeholder=name, allowed=allowed)


def render_template(source: str, *, template: str, values: Mapping[str, str], escape_html: bool) -> str:
    """Fill in the placeholders; values are HTML-escaped when rendering an HTML body."""
    validate_template(source, template=template, allowed=frozenset(values))

    def substitute(match: re.Match[str]) -> str:
        value = values[match.group("inner").strip()]
        return html.escape(value, quote=True) if escape_html else value

    return _PLACEHOLDER.sub(substitute, source)


class CompiledTemplate:
    """A checked template split into text and placeholder names once, so filling it in is a join."""

    def __init__(self, source: str, *, template: str, allowed: frozenset[str]) -> None:
        validate_template(source, template=template, allowed=allowed)
        self.template = template
        self._texts: list[str] = []
        self._names: list[str] = []
        start = 0
        for match in _PLACEHOLDER.finditer(source):
            self._texts.append(source[start : match.start()])
            self._names.append(match.group("inner").strip())
            start = match.end()
        self._texts.append(source[start:])

    def fill(self, values: Mapping[str, str], *, escape_html: bool) -> str:
        missing = [name for name in self._names if name not in values]
        if missing:
            raise UnknownPlaceholderError(
                template=self.template, placeholder=missing[0], allowed=frozenset(values)
            )
        pieces = [self._texts[0]]
        for name, text in zip(self._names, self._texts[1:], strict=True):
            value = values[name]
            pieces.append(html.escape(value, quote=True) if escape_html else value)
            pieces.append(text)
        return "".join(pieces)
