"""Maps of districts as server-rendered SVG (no script): which of a network's districts are
represented at an event or across a series, and where the host is. The districts are drawn with
their real outlines (``district_outlines.json``, simplified from the BKG's VG250 layer, see
``scripts/build_district_outlines.py``), every district of each Land involved, so the represented
ones stand among their neighbours. Berlin's Bezirke, which the source has no outlines of, are a
tile cartogram of Berlin; any other district without an outline (a custom region) appears as a
labelled tile in a row below the map, never not at all.

States show by fill and pattern, not by colour alone: represented solid, not represented hatched,
outside the network pale; the host has a thick border and a star. Every district carries a
``<title>`` with its name and state, the legend names the patterns, and the pages show the same
districts in a table next to the map. Colours come from the stylesheet (classes), because the
content security policy allows no inline styles."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from markupsafe import Markup, escape

from gateway_service.i18n import Language, translator
from gateway_service.web.districts import fold, label

State = Literal["represented", "guest", "missing", "outside"]

WIDTH = 640
MAP_MAX_HEIGHT = 560
PAD = 8
LEGEND_ROW = 26
TILE_WIDTH, TILE_HEIGHT, TILE_COLUMNS = 312, 28, 2
# Berlin's Bezirke have no outline in the source: a tile cartogram, column and row roughly as they lie.
BERLIN_GRID = {
    "11000-12": (1, 0),  # Reinickendorf
    "11000-03": (2, 0),  # Pankow
    "11000-05": (0, 1),  # Spandau
    "11000-04": (1, 1),  # Charlottenburg-Wilmersdorf
    "11000-01": (2, 1),  # Mitte
    "11000-11": (3, 1),  # Lichtenberg
    "11000-10": (4, 1),  # Marzahn-Hellersdorf
    "11000-06": (0, 2),  # Steglitz-Zehlendorf
    "11000-07": (1, 2),  # Tempelhof-Schöneberg
    "11000-02": (2, 2),  # Friedrichshain-Kreuzberg
    "11000-09": (3, 2),  # Treptow-Köpenick
    "11000-08": (2, 3),  # Neukölln
}
GRID_WIDTH, GRID_HEIGHT, GRID_GAP = 122, 58, 5
HATCH = 7  # pixels between the hatch lines
OUTLINES = "district_outlines.json"


@dataclass(frozen=True)
class MapDistrict:
    key: str
    name: str
    state: State  # guest: represented, but not one of the network's districts
    host: bool = False


@dataclass(frozen=True)
class MapTexts:
    represented: str
    guest: str
    missing: str
    outside: str
    host: str  # "Host" on an event's map, "Next host" on a series' map
    without_outline: str

    def state(self, district: MapDistrict) -> str:
        text = {
            "represented": self.represented,
            "guest": self.guest,
            "missing": self.missing,
            "outside": self.outside,
        }[district.state]
        return f"{text}; {self.host}" if district.host else text


@dataclass(frozen=True)
class DistrictMap:
    svg: Markup
    rows: tuple[MapDistrict, ...]  # the districts the page's table lists, by name
    outlined: bool  # whether any district is drawn from the outlines (their source is then cited)
    texts: MapTexts

    def state(self, district: MapDistrict) -> str:
        return self.texts.state(district)


@dataclass(frozen=True)
class Outline:
    path: str
    box: tuple[int, int, int, int]  # left, top, right, bottom
    point: tuple[int, int]  # inside the outline, for the host's star


@cache
def _outlines() -> tuple[dict[str, Outline], dict[str, Outline]]:
    document = json.loads(resources.files(__package__ or "").joinpath(OUTLINES).read_text(encoding="utf-8"))

    def outline(entry: dict[str, Any]) -> Outline:
        left, top, right, bottom = entry["box"]
        x, y = entry["point"]
        return Outline(entry["d"], (left, top, right, bottom), (x, y))

    return (
        {key: outline(entry) for key, entry in document["districts"].items()},
        {key: outline(entry) for key, entry in document["lands"].items()},
    )


def has_outline(key: str) -> bool:
    return key in _outlines()[0]


def map_districts(
    network: Sequence[str], represented: Iterable[str], host: str | None, names: Any
) -> tuple[MapDistrict, ...]:
    """The districts a map and its table show: the network's, guests' districts and the host's.
    ``names`` gives a key's name (``districts.label``)."""
    present = set(represented)
    keys = list(dict.fromkeys([*network, *sorted(present), *([host] if host else [])]))
    own = set(network)
    found = []
    for key in keys:
        state: State
        if key in own:
            state = "represented" if key in present else "missing"
        else:
            state = "guest" if key in present else "outside"
        found.append(MapDistrict(key, str(names(key)), state, host == key))
    return tuple(sorted(found, key=lambda district: (fold(district.name), district.key)))


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _clip(text: str, limit: int = 36) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _star(x: float, y: float, outer: float = 10.0) -> str:
    inner = outer * 0.45
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = math.pi / 5 * index - math.pi / 2
        points.append(f"{_number(x + radius * math.cos(angle))},{_number(y + radius * math.sin(angle))}")
    return " ".join(points)


def _title(district: MapDistrict, texts: MapTexts) -> Markup:
    return escape(f"{district.name}: {texts.state(district)}")


def _text(x: float, y: float, text: str, kind: str = "map-label") -> str:
    return f'<text class="{kind}" x="{_number(x)}" y="{_number(y)}">{escape(text)}</text>'


def _host_star(x: float, y: float, size: float, title: Markup | None = None) -> str:
    inner = f"<title>{title}</title>" if title else ""
    return f'<polygon class="map-host-marker" points="{_star(x, y, size)}">{inner}</polygon>'


def _fill(state: State, hatch_id: str) -> str:
    """The hatch is a pattern of the SVG (an attribute, which the content security policy allows)."""
    return f' fill="url(#{hatch_id})"' if state == "missing" else ""


def _hatch(pattern_id: str, spacing: float) -> str:
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="{_number(spacing)}" '
        f'height="{_number(spacing)}" patternTransform="rotate(45)">'
        f'<rect class="map-hatch-ground" width="{_number(spacing)}" height="{_number(spacing)}"/>'
        f'<rect class="map-hatch-line" width="{_number(spacing / 4)}" height="{_number(spacing)}"/>'
        "</pattern>"
    )


def district_map(map_id: str, title: str, districts: Sequence[MapDistrict], texts: MapTexts) -> DistrictMap:
    """The map of ``districts`` (from ``map_districts``) with every other district of their Länder
    drawn as outside the network, a row of tiles for districts without an outline, and a legend."""
    outlines, _ = _outlines()
    ident = str(escape(map_id))
    drawn = [district for district in districts if district.key in outlines]
    gridded = [district for district in districts if district.key in BERLIN_GRID]
    tiles = [
        district for district in districts if district.key not in outlines and district.key not in BERLIN_GRID
    ]
    given = {district.key for district in districts}
    parts: list[str] = []
    top, scale, context = float(PAD), 1.0, False
    if drawn:
        area, height, scale, context = _map_area(ident, drawn, given, texts)
        parts += area
        top += height + 16
    if gridded:
        area, height = _berlin(ident, gridded, given, top, texts)
        parts += area
        top += height + 16
        context = context or len(gridded) < len(BERLIN_GRID)
    if tiles:
        area, height = _tiles(ident, tiles, top, texts)
        parts += area
        top += height + 12
    parts += _legend(ident, top, texts, outside=context or any(d.state == "outside" for d in districts))
    top += 2 * LEGEND_ROW + PAD
    description = "; ".join(f"{district.name}: {texts.state(district)}" for district in districts)
    head = [
        f'<svg class="chart district-map" id="{ident}" viewBox="0 0 {WIDTH} {math.ceil(top)}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        f"<defs>{_hatch(ident + '-hatch', HATCH)}{_hatch(ident + '-hatch-map', HATCH / scale)}</defs>",
    ]
    return DistrictMap(Markup("".join([*head, *parts, "</svg>"])), tuple(districts), bool(drawn), texts)


def _map_area(
    ident: str, drawn: Sequence[MapDistrict], given: set[str], texts: MapTexts
) -> tuple[list[str], float, float, bool]:
    """Every district of the Länder involved, scaled into the map's width: the parts, their height,
    the scale, and whether districts outside the network were drawn."""
    outlines, lands = _outlines()
    involved = sorted({district.key[:2] for district in drawn if district.key[:2] in lands})
    context = [
        MapDistrict(key, label(key), "outside")
        for key in sorted(outlines)
        if key[:2] in involved and key not in given
    ]
    left = min(lands[land].box[0] for land in involved)
    upper = min(lands[land].box[1] for land in involved)
    right = max(lands[land].box[2] for land in involved)
    lower = max(lands[land].box[3] for land in involved)
    scale = min((WIDTH - 2 * PAD) / max(right - left, 1), MAP_MAX_HEIGHT / max(lower - upper, 1))
    shift_x = (WIDTH - (right - left) * scale) / 2 - left * scale
    shift_y = PAD - upper * scale
    parts = [
        f'<g class="map-area" transform="translate({_number(shift_x)} {_number(shift_y)}) '
        f'scale({_number(scale)})">'
    ]
    for district in sorted([*context, *drawn], key=lambda district: district.host):  # the host on top
        classes = f"map-district map-{district.state}" + (" map-host" if district.host else "")
        parts.append(
            f'<path class="{classes}" d="{outlines[district.key].path}"'
            f"{_fill(district.state, ident + '-hatch-map')}><title>{_title(district, texts)}</title></path>"
        )
    parts += [f'<path class="map-land" d="{lands[land].path}"/>' for land in involved]
    parts.append("</g>")
    for district in drawn:
        if district.host:
            x, y = outlines[district.key].point
            parts.append(_host_star(x * scale + shift_x, y * scale + shift_y, 10, _title(district, texts)))
    return parts, (lower - upper) * scale, scale, bool(context)


def _berlin(
    ident: str, gridded: Sequence[MapDistrict], given: set[str], top: float, texts: MapTexts
) -> tuple[list[str], float]:
    """Berlin's Bezirke as a tile cartogram: each tile framed in its state's fill around its name,
    the Bezirke outside the network pale."""
    shown = {district.key: district for district in gridded}
    shown |= {key: MapDistrict(key, label(key), "outside") for key in BERLIN_GRID if key not in given}
    parts = [_text(PAD, top + 14, label("11"))]
    top += 24
    left = (WIDTH - 5 * GRID_WIDTH - 4 * GRID_GAP) / 2
    for key, district in sorted(shown.items(), key=lambda item: item[1].host):  # the host on top
        column, row = BERLIN_GRID[key]
        x, y = left + column * (GRID_WIDTH + GRID_GAP), top + row * (GRID_HEIGHT + GRID_GAP)
        classes = f"map-tile map-{district.state}" + (" map-host" if district.host else "")
        lines = _lines(district.name.removeprefix("Berlin-"))
        parts += [
            f'<g class="map-tile-group"><title>{_title(district, texts)}</title>',
            f'<rect class="{classes}" x="{_number(x)}" y="{_number(y)}" width="{GRID_WIDTH}" '
            f'height="{GRID_HEIGHT}"{_fill(district.state, ident + "-hatch")}/>',
            f'<rect class="map-tile-label" x="{_number(x + 5)}" y="{_number(y + 16)}" '
            f'width="{GRID_WIDTH - 10}" height="{GRID_HEIGHT - 21}"/>',
            *(_text(x + 9, y + 31 + 15 * index, line, "map-tile-text") for index, line in enumerate(lines)),
            _host_star(x + GRID_WIDTH - 12, y + 10, 9) if district.host else "",
            "</g>",
        ]
    return parts, 24 + 4 * GRID_HEIGHT + 3 * GRID_GAP


def _lines(name: str, limit: int = 16) -> list[str]:
    """A Bezirk's name on at most two lines of a tile, broken after a hyphen when long."""
    if len(name) <= limit - 3 or "-" not in name:
        return [_clip(name, limit)]
    first, rest = name.split("-", 1)
    return [_clip(first + "-", limit), _clip(rest, limit)]


def _tiles(ident: str, tiles: Sequence[MapDistrict], top: float, texts: MapTexts) -> tuple[list[str], float]:
    """Districts without an outline as labelled tiles below the map, two to a row."""
    parts = [_text(PAD, top + 14, texts.without_outline)]
    top += 24
    middle = TILE_HEIGHT / 2
    for index, district in enumerate(tiles):
        column, row = index % TILE_COLUMNS, index // TILE_COLUMNS
        x, y = PAD + column * TILE_WIDTH, top + row * (TILE_HEIGHT + 6)
        classes = f"map-tile map-{district.state}" + (" map-host" if district.host else "")
        parts += [
            f'<g class="map-tile-group"><title>{_title(district, texts)}</title>',
            f'<rect class="{classes}" x="{_number(x)}" y="{_number(y)}" width="{TILE_HEIGHT}" '
            f'height="{TILE_HEIGHT}"{_fill(district.state, ident + "-hatch")}/>',
            _host_star(x + middle, y + middle, 9) if district.host else "",
            _text(x + TILE_HEIGHT + 6, y + 19, _clip(district.name)),
            "</g>",
        ]
    return parts, 24 + math.ceil(len(tiles) / TILE_COLUMNS) * (TILE_HEIGHT + 6)


def _legend(ident: str, top: float, texts: MapTexts, *, outside: bool) -> list[str]:
    entries: list[tuple[str, str]] = [
        ("represented", texts.represented),
        ("missing", texts.missing),
        ("host", texts.host),
    ]
    if outside:
        entries.append(("outside", texts.outside))
    parts = []
    for index, (state, text) in enumerate(entries):
        x = PAD + (index % 2) * (WIDTH // 2)
        y = top + (index // 2) * LEGEND_ROW
        if state == "host":
            parts.append(_host_star(x + 9, y + 9, 10))
        else:
            fill = f' fill="url(#{ident}-hatch)"' if state == "missing" else ""
            parts.append(
                f'<rect class="map-tile map-{state}" x="{x}" y="{_number(y)}" width="18" height="18"{fill}/>'
            )
        parts.append(_text(x + 26, y + 14, text))
    return parts


def page_map(
    language: Language, kind: Literal["event", "series"], figures: dict[str, Any] | None, host: str | None
) -> DistrictMap | None:
    """The map of an event's (``event.figures``) or a series' figures (``series.figures``) with the
    event's host or the series' next host; None when there are no figures or no districts to show."""
    if figures is None:
        return None
    rows = map_districts(
        list(figures.get("district_keys") or ()), figures.get("represented_district_keys") or (), host, label
    )
    if not rows:
        return None
    t = translator(language)
    texts = MapTexts(
        represented=t("districtmap.represented"),
        guest=t("districtmap.guest"),
        missing=t("districtmap.missing"),
        outside=t("districtmap.outside"),
        host=t("districtmap.host_event" if kind == "event" else "districtmap.host_series"),
        without_outline=t("districtmap.without_outline"),
    )
    title = t("districtmap.title_event" if kind == "event" else "districtmap.title_series")
    return district_map(f"district-map-{kind}", title, rows, texts)


def page_context(
    language: Language, kind: Literal["event", "series"], figures: dict[str, Any] | None, host: str | None
) -> dict[str, Any]:
    """What ``events/_district_map.html`` needs: the map, its heading with the count of the
    network's districts represented, and what "represented" means."""
    t = translator(language)
    found = page_map(language, kind, figures, host)
    if found is None or figures is None:
        return {"district_map": None}
    count = figures.get("districts_represented" if kind == "event" else "districts_ever_represented", 0)
    heading = t("events.districts_represented" if kind == "event" else "events.districts_ever")
    return {
        "district_map": found,
        "map_heading": f"{heading}: {count} / {figures.get('districts_total', 0)}",
        "map_basis": t("districtmap.basis_event" if kind == "event" else "districtmap.basis_series"),
    }
