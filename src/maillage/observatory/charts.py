"""Server-side inline SVG charts (no JavaScript). Every chart is decorative for screen readers
(``aria-hidden``) and the page shows the same figures in a table right after it."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#000091", "#e1000f", "#18753c", "#b34000")


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    width: int = 640,
    height: int = 240,
    reference: tuple[str, float] | None = None,
) -> SafeString:
    """Grouped bars: one group per label, one bar per series; optional horizontal reference."""
    pad_l, pad_b, pad_t = 48, 36, 16
    values = [v for _, vs in series for v in vs if v is not None]
    if reference:
        values.append(reference[1])
    top = max(values + [1.0])
    plot_w, plot_h = width - pad_l - 8, height - pad_b - pad_t
    group_w = plot_w / max(1, len(labels))
    bar_w = group_w * 0.8 / max(1, len(series))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="observatory-chart" role="img" aria-hidden="true" focusable="false">'
    ]
    base_y = pad_t + plot_h
    parts.append(f'<line x1="{pad_l}" y1="{base_y}" x2="{width - 8}" y2="{base_y}" stroke="#666"/>')
    parts.append(f'<text x="4" y="{pad_t + 10}" font-size="11">{escape(_fmt(top))}</text>')
    for gi, label in enumerate(labels):
        x0 = pad_l + gi * group_w + group_w * 0.1
        for si, (_name, vs) in enumerate(series):
            v = vs[gi] if gi < len(vs) else None
            if v is None:
                continue
            h = plot_h * max(0.0, v) / top
            parts.append(
                f'<rect x="{x0 + si * bar_w:.1f}" y="{base_y - h:.1f}" width="{bar_w * 0.95:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[si % len(PALETTE)]}"/>'
            )
        parts.append(
            f'<text x="{x0 + group_w * 0.4:.1f}" y="{height - 18}" font-size="11" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    if reference:
        y = base_y - plot_h * reference[1] / top
        parts.append(
            f'<line x1="{pad_l}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="#b34000" '
            f'stroke-dasharray="6 4"/><text x="{width - 10}" y="{y - 4:.1f}" font-size="11" '
            f'text-anchor="end">{escape(reference[0])}</text>'
        )
    for si, (name, _vs) in enumerate(series):
        x = pad_l + si * 180
        parts.append(
            f'<rect x="{x}" y="{height - 12}" width="10" height="10" '
            f'fill="{PALETTE[si % len(PALETTE)]}"/><text x="{x + 14}" y="{height - 3}" '
            f'font-size="11">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    reference: tuple[str, Sequence[float | None]] | None = None,
    width: int = 640,
    height: int = 220,
) -> SafeString:
    """Lines over ``labels`` (years, dates); ``reference`` is drawn dashed (national value).

    Missing values (None) break the line. The y axis starts at 0 unless every value is far
    above it (then at 80 % of the minimum, stated by the lower label)."""
    pad_l, pad_r, pad_b, pad_t = 48, 12, 40, 12
    lines = list(series) + ([reference] if reference else [])
    values = [v for _, vs in lines for v in vs if v is not None]
    if not labels or not values:
        return mark_safe("")  # noqa: S308 - constant
    top, low = max(values), min(values)
    bottom = 0.0 if low < 0.5 * top or low <= 0 else round(0.8 * low)
    top = top if top > bottom else bottom + 1.0
    plot_w, plot_h = width - pad_l - pad_r, height - pad_b - pad_t
    step = plot_w / max(1, len(labels) - 1)

    def xy(i: int, v: float) -> str:
        return f"{pad_l + i * step:.1f},{pad_t + plot_h * (1 - (v - bottom) / (top - bottom)):.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="observatory-chart" role="img" aria-hidden="true" focusable="false">',
        f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width - pad_r}" y2="{pad_t + plot_h}" '
        'stroke="#666"/>',
        f'<text x="4" y="{pad_t + 10}" font-size="11">{escape(_fmt(top))}</text>',
        f'<text x="4" y="{pad_t + plot_h}" font-size="11">{escape(_fmt(bottom))}</text>',
    ]
    every = max(1, len(labels) // 8)
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            parts.append(
                f'<text x="{pad_l + i * step:.1f}" y="{height - 24}" font-size="11" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    for si, (name, vs) in enumerate(lines):
        is_ref = reference is not None and si == len(lines) - 1
        colour = "#666666" if is_ref else PALETTE[si % len(PALETTE)]
        dash = ' stroke-dasharray="6 4"' if is_ref else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(vs):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
            else:
                segment.append(xy(i, v))
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) == 1:
                x, y = seg[0].split(",")
                parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>')
            else:
                parts.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash}/>'
                )
        x = pad_l + si * 220
        parts.append(
            f'<line x1="{x}" y1="{height - 7}" x2="{x + 18}" y2="{height - 7}" '
            f'stroke="{colour}" stroke-width="2"{dash}/><text x="{x + 22}" y="{height - 3}" '
            f'font-size="11">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above
