"""Lists people can work with: a search, sortable columns and numbered pages of a chosen size, with
the links that keep the other choices (no scripts needed). ``listing`` works over the rows a page
already has; ``window`` and ``served`` over a list the service sorts and pages itself."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from gateway_service.web.guards import whole_number

PAGE_SIZES = (10, 25, 50, 100)


@dataclass(frozen=True)
class Listing:
    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    size: int
    sort: str
    direction: str  # "asc" or "desc"
    search: str
    path: str
    kept: Mapping[str, str]  # the page's other filters, kept in every link

    def link(self, **changes: Any) -> str:
        values = {
            **self.kept,
            "q": self.search,
            "sort": self.sort,
            "dir": self.direction,
            "size": str(self.size),
            "page": str(self.page),
        }
        values |= {key: str(value) for key, value in changes.items()}
        return f"{self.path}?{urlencode({key: value for key, value in values.items() if value})}"

    def sort_link(self, key: str) -> str:
        """Sorting by a column: ascending first, the other way round when it is sorted already."""
        direction = "desc" if self.sort == key and self.direction == "asc" else "asc"
        return self.link(sort=key, dir=direction, page=1)

    def aria_sort(self, key: str) -> str:
        if self.sort != key:
            return "none"
        return "ascending" if self.direction == "asc" else "descending"

    @property
    def page_numbers(self) -> list[int]:
        return list(range(1, self.pages + 1))

    @property
    def sizes(self) -> tuple[int, ...]:
        return PAGE_SIZES


def listing(
    rows: Sequence[dict[str, Any]],
    *,
    path: str,
    params: Mapping[str, str],
    columns: Mapping[str, Callable[[dict[str, Any]], Any]],
    searched: Callable[[dict[str, Any]], str],
    default_sort: str,
    default_size: int = 25,
    kept: Mapping[str, str] | None = None,
) -> Listing:
    """Search, sort and cut ``rows`` as the page's address asks (``q``, ``sort``, ``dir``, ``page``,
    ``size``); values it cannot use fall back to the defaults."""
    search = params.get("q", "").strip()
    wanted = search.casefold()
    found = [row for row in rows if wanted in searched(row).casefold()] if wanted else list(rows)
    sort = params.get("sort", default_sort)
    sort = sort if sort in columns else default_sort
    direction = "desc" if params.get("dir") == "desc" else "asc"
    key = columns[sort]
    found.sort(key=lambda row: _sortable(key(row)), reverse=direction == "desc")
    size = whole_number(params.get("size", "")) or default_size
    size = size if size in PAGE_SIZES else default_size
    pages = max(1, -(-len(found) // size))
    page = whole_number(params.get("page", "")) or 1
    page = min(max(page, 1), pages)
    return Listing(
        rows=found[(page - 1) * size : page * size],
        total=len(found),
        page=page,
        pages=pages,
        size=size,
        sort=sort,
        direction=direction,
        search=search,
        path=path,
        kept=dict(kept or {}),
    )


def _sortable(value: Any) -> tuple[int, Any]:
    """Empty values last; text compared without case."""
    if value is None or value == "":
        return (1, "")
    return (0, value.casefold() if isinstance(value, str) else value)


@dataclass(frozen=True)
class Window:
    """The part of a list a page asks a service for: a page of a chosen size, in a chosen order."""

    sort: str
    direction: str
    page: int
    size: int

    def request(self) -> dict[str, Any]:
        return {
            "sort": self.sort,
            "direction": self.direction,
            "offset": (self.page - 1) * self.size,
            "limit": self.size,
        }


def window(
    *, sort: str, direction: str, page: int, size: int, columns: Collection[str], default_sort: str
) -> Window:
    """The window the page's address asks for; a column or size the list does not offer falls back
    to the default."""
    return Window(
        sort=sort if sort in columns else default_sort,
        direction="desc" if direction == "desc" else "asc",
        page=max(page, 1),
        size=size if size in PAGE_SIZES else 25,
    )


def served(
    shown: Window, items: list[dict[str, Any]], total: int, *, path: str, kept: Mapping[str, str]
) -> Listing:
    """A service's page of the list, with the links to sort it and to its other pages."""
    return Listing(
        rows=items,
        total=total,
        page=shown.page,
        pages=max(1, -(-total // shown.size)),
        size=shown.size,
        sort=shown.sort,
        direction=shown.direction,
        search="",
        path=path,
        kept=dict(kept),
    )
