"""Inline SVG charts for the HTML report: no scripts, no external files."""

from __future__ import annotations

from html import escape

#: A colour for each kind of artifact (and a neutral one for anything else).
KIND_COLOURS = {
    "stray-cjk": "#d9480f",
    "untranslated": "#c2255c",
    "punctuation": "#1971c2",
    "mojibake": "#7048e8",
    "calque": "#2b8a3e",
    "entity": "#e67700",
    "terminology": "#0c8599",
}
NEUTRAL = "#868e96"


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(rows: list[tuple[str, int, str]], *, width: int = 520, label_width: int = 170,
              title: str = "") -> str:
    """A horizontal bar chart of (label, value, colour) rows, largest first as given."""
    if not rows:
        return '<p class="empty">Nothing to chart.</p>'
    row_height, gap, top = 24, 8, 4
    value_width = 64
    bar_space = width - label_width - value_width
    largest = max(value for _, value, _ in rows) or 1
    height = top + len(rows) * (row_height + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" class="chart">',
        f"<title>{escape(title)}</title>" if title else "",
    ]
    for i, (label, value, colour) in enumerate(rows):
        y = top + i * (row_height + gap)
        bar = max(2, round(bar_space * value / largest))
        middle = y + row_height / 2
        parts.append(
            f'<g><title>{escape(label)}: {value:,}</title>'
            f'<text x="{label_width - 10}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="central" class="label">{escape(_shorten(label, 22))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{bar}" height="{row_height}" rx="4" '
            f'fill="{colour}"/>'
            f'<text x="{label_width + bar + 8}" y="{middle}" dominant-baseline="central" '
            f'class="value">{value:,}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def kind_chart(by_kind: dict[str, int]) -> str:
    rows = [(kind, count, KIND_COLOURS.get(kind, NEUTRAL))
            for kind, count in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))]
    return bar_chart(rows, title="Findings by kind")


def term_chart(terms: list[dict], limit: int = 15) -> str:
    rows = [(f"\u2018{t['text']}\u2019", t["count"], KIND_COLOURS.get(t["kind"], NEUTRAL))
            for t in terms[:limit]]
    return bar_chart(rows, title="Most frequent terms")
