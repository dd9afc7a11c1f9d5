"""Lists people can work with: a search, sortable columns and numbered pages of a chosen size over
the rows a page already has, with the links that keep the other choices (no scripts needed)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

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
    size = int(params["size"]) if params.get("size", "").isdigit() else default_size
    size = size if size in PAGE_SIZES else default_size
    pages = max(1, -(-len(found) // size))
    page = int(params["page"]) if params.get("page", "").isdigit() else 1
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
