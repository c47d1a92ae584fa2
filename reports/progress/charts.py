"""Charts for printed reports as inline SVG, drawn on the server: no script, text labels a reader can copy.

WeasyPrint draws SVG natively, so a chart is a few rectangles, lines and words; each carries a
``<title>`` and its numbers as text, for screen readers and for anyone reading the PDF's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.safestring import mark_safe

from foundation import formatting

STRATEGY_COLOURS = {
    "service_improvement": "#0d6efd",
    "community_engagement": "#20c997",
    "advocacy": "#fd7e14",
    "media_publication": "#6f42c1",
}
KPI_COLOURS = {"green": "#1b7f3b", "yellow": "#f2c200", "red": "#b3261e", "not_scored": "#6c757d"}
TREND_COLOUR = "#0d47a1"
GRID = "#c5d3e8"
FONT = 'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"'


@dataclass
class Bar:
    label: str
    value: float | None
    colour: str
    text: str = ""


def _text(x, y, content, size=9, anchor="start", weight="normal", fill="#222") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{fill}" {FONT}>{escape(str(content))}</text>'
    )


def _rect(x, y, width, height, fill) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{fill}"/>'


def _svg(width: int, height: int, title: str, body: list[str], testid: str) -> str:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="{testid}" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bar_chart(title: str, bars: list[Bar], testid: str, width: int = 500) -> str:
    """Horizontal bars, one per row: the label on the left, the bar, its value at its end."""
    label_width, row, top = 190, 22, 22
    plot = width - label_width - 60
    largest = max([b.value or 0 for b in bars] + [1])
    body = [_text(0, 13, title, size=10, weight="bold")]
    for index, bar in enumerate(bars):
        y = top + index * row
        length = plot * (bar.value or 0) / largest
        body.append(_text(label_width - 6, y + 13, bar.label, anchor="end"))
        body.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{max(length, 0.5):.1f}" height="14" fill="{bar.colour}"/>'
        )
        body.append(_text(label_width + length + 4, y + 14, bar.text or formatting.number(bar.value)))
    return _svg(width, top + row * len(bars) + 4, title, body, testid)


def trend_chart(title: str, points: list[tuple[str, float | None]], testid: str, width: int = 500) -> str:
    """Completeness per month as columns from 0 to 100%, each with its percentage written above it."""
    height, top, bottom, left = 170, 24, 22, 34
    plot_height = height - top - bottom
    step = (width - left - 6) / max(len(points), 1)
    body = [_text(0, 13, title, size=10, weight="bold")]
    for tick in (0, 50, 100):
        y = top + plot_height * (1 - tick / 100)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 4}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.6"/>'
        )
        body.append(_text(left - 4, y + 3, f"{tick}%", size=7, anchor="end", fill="#555"))
    for index, (label, value) in enumerate(points):
        x = left + index * step + step * 0.2
        bar_width = step * 0.6
        centre = x + bar_width / 2
        if value is not None:
            bar_height = plot_height * min(max(value, 0), 100) / 100
            y = top + plot_height - bar_height
            body.append(_rect(x, y, bar_width, bar_height, TREND_COLOUR))
            body.append(_text(centre, y - 3, formatting.percent(value, 0), size=7, anchor="middle"))
        else:
            body.append(_text(centre, top + plot_height - 3, "\u2014", size=8, anchor="middle", fill="#555"))
        body.append(_text(centre, height - 8, label, size=7, anchor="middle"))
    return _svg(width, height, title, body, testid)
