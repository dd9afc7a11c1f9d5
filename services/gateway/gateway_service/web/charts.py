"""Charts as server-rendered SVG (no script): horizontal bars for a question's answers and a line
for a question's mean across a series. Every chart carries a title and a description for screen
readers, and the pages show the same figures in a table next to it. Colours come from the
stylesheet (classes), because the content security policy allows no inline styles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

BAR_WIDTH = 300
LABEL_WIDTH = 240
VALUE_WIDTH = 80
ROW_HEIGHT = 30


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the figure written next to the bar, e.g. "12 (40 %)"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar]) -> Markup:
    """One bar per answer value or option, scaled to the largest value."""
    largest = max((bar.value for bar in bars), default=0.0) or 1.0
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = ROW_HEIGHT * max(len(bars), 1) + 8
    description = "; ".join(f"{bar.label}: {bar.shown}" for bar in bars)
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        top = index * ROW_HEIGHT + 4
        length = BAR_WIDTH * bar.value / largest
        middle = top + ROW_HEIGHT / 2 + 5
        parts += [
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end">'
            f"{escape(_clip(bar.label))}</text>",
            f'<rect class="chart-track" x="{LABEL_WIDTH}" y="{top + 4}" width="{BAR_WIDTH}" '
            f'height="{ROW_HEIGHT - 8}"/>',
            f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{top + 4}" width="{_number(length)}" '
            f'height="{ROW_HEIGHT - 8}"/>',
            f'<text class="chart-value" x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{middle}">'
            f"{escape(bar.shown)}</text>",
        ]
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Point:
    label: str  # the edition
    value: Decimal | None  # the mean; None when the edition has no answers to this question
    shown: str = ""  # the mean as the page writes it (e.g. with a decimal comma)


PLOT_LEFT, PLOT_TOP, PLOT_WIDTH, PLOT_HEIGHT = 40, 16, 440, 160
SCALE = (1, 5)


def line_chart(chart_id: str, title: str, points: Sequence[Point]) -> Markup:
    """Means (1–5) per edition, joined where consecutive editions both have a mean."""
    width, height = PLOT_LEFT + PLOT_WIDTH + 20, PLOT_TOP + PLOT_HEIGHT + 40
    low, high = SCALE
    step = PLOT_WIDTH / max(len(points) - 1, 1)

    def x(index: int) -> float:
        return PLOT_LEFT + (index * step if len(points) > 1 else PLOT_WIDTH / 2)

    def y(value: Decimal) -> float:
        return PLOT_TOP + PLOT_HEIGHT * (high - float(value)) / (high - low)

    description = "; ".join(
        f"{point.label}: {point.shown or point.value if point.value is not None else '–'}" for point in points
    )
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    for level in range(low, high + 1):
        level_y = _number(y(Decimal(level)))
        parts += [
            f'<line class="chart-grid" x1="{PLOT_LEFT}" x2="{PLOT_LEFT + PLOT_WIDTH}" '
            f'y1="{level_y}" y2="{level_y}"/>',
            f'<text class="chart-label" x="{PLOT_LEFT - 8}" y="{_number(y(Decimal(level)) + 5)}" '
            f'text-anchor="end">{level}</text>',
        ]
    segment: list[str] = []
    for index, point in enumerate(points):
        parts.append(
            f'<text class="chart-label" x="{_number(x(index))}" y="{PLOT_TOP + PLOT_HEIGHT + 24}" '
            f'text-anchor="middle">{escape(_clip(point.label, 14))}</text>'
        )
        if point.value is None:
            if len(segment) > 1:
                parts.append(f'<polyline class="chart-line" points="{" ".join(segment)}"/>')
            segment = []
            continue
        segment.append(f"{_number(x(index))},{_number(y(point.value))}")
    if len(segment) > 1:
        parts.append(f'<polyline class="chart-line" points="{" ".join(segment)}"/>')
    for index, point in enumerate(points):
        if point.value is not None:
            parts += [
                f'<circle class="chart-point" cx="{_number(x(index))}" '
                f'cy="{_number(y(point.value))}" r="5"/>',
                f'<text class="chart-value" x="{_number(x(index))}" y="{_number(y(point.value) - 10)}" '
                f'text-anchor="middle">{escape(point.shown or str(point.value))}</text>',
            ]
    parts.append("</svg>")
    return Markup("".join(parts))
