"""The page furniture of a team coaching report: style, tables, long lists, figures, counts.

Every report section is HTML built from these pieces, so the report reads
the same at 1280 px and on a 390 px phone: tables scroll sideways inside
their own box with the first column kept in view and a cue shown on narrow
screens; long lists show their first rows and the rest under a
``<details>`` toggle; figures are embedded PNGs with a text alternative,
drawn twice (for wide and for narrow screens) and picked by the browser.
Nothing is fetched from the network.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
from matplotlib.figure import Figure

from helpers.i18n import t
from helpers.playbook.models import Locale
from helpers.plotting import figure_png

NARROW = 640
"""Screens at most this many CSS pixels wide get the narrow layout."""
LIST_SHOWN = 10
"""Rows of a long list shown before the "show all" toggle."""
WIDE_DPI = 90
NARROW_DPI = 160
"""Narrow figures are drawn for phones' dense screens."""

STYLE = f"""<style>
.ck-report {{ font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; max-width: 60rem;
  line-height: 1.45; }}
.ck-report h1 {{ font-size: 1.7rem; }}
.ck-report table {{ border-collapse: separate; border-spacing: 0; margin: 0.5rem 0 1rem;
  font-size: 0.9rem; table-layout: auto; }}
.ck-report .ck-scroll th, .ck-report .ck-scroll td {{ border-bottom: 1px solid #ddd;
  padding: 0.25rem 0.6rem; text-align: left; }}
.ck-report .ck-scroll th {{ min-width: 4.5em; vertical-align: bottom; }}
.ck-report .ck-scroll td {{ white-space: nowrap; }}
.ck-report .ck-scroll .ck-wrap td {{ white-space: normal; min-width: 8em; }}
.ck-report tbody tr, .ck-report thead tr {{ background: #fff; }}
.ck-report tbody tr:nth-child(even) {{ background: #f5f5f5; }}
.ck-scroll {{ overflow-x: auto; max-width: 100%; }}
.ck-report .ck-scroll th:first-child, .ck-report .ck-scroll td:first-child {{ position: sticky;
  left: 0; z-index: 1; background: inherit; box-shadow: 1px 0 0 #ddd; white-space: nowrap; }}
.ck-cue {{ display: none; color: #555; font-size: 0.8rem; margin: 0.2rem 0; }}
.ck-card {{ border: 1px solid #90caf9; border-radius: 6px; padding: 0.6rem 1rem; margin: 0.8rem 0;
  break-inside: avoid; }}
.ck-card h3 {{ margin: 0.2rem 0 0.5rem; }}
.ck-card li {{ margin-bottom: 0.4rem; }}
.ck-tag {{ background: #ffe0b2; border-radius: 4px; padding: 0 0.4rem; font-size: 0.8rem; }}
.ck-muted {{ color: #555; font-size: 0.85rem; }}
.ck-report details {{ margin: 0 0 1rem; }}
.ck-report summary {{ cursor: pointer; color: #1565c0; padding: 0.4rem 0; }}
.ck-report.ck-fig {{ margin: 1rem 0; max-width: none; }}
.ck-fig img {{ max-width: 100%; height: auto; }}
.ck-narrow {{ display: none; }}
.ck-bars {{ margin: 0.5rem 0 1rem; }}
.ck-bars-title {{ font-weight: bold; margin: 0 0 0.4rem; }}
.ck-bar {{ display: grid; grid-template-columns: minmax(5rem, 35%) 1fr auto; gap: 0.4rem;
  align-items: center; margin: 0.3rem 0; font-size: 0.85rem; }}
.ck-bar-track {{ display: flex; height: 0.9rem; background: #eee; }}
.ck-bar-track span {{ display: block; height: 100%; }}
.ck-bars-axis {{ color: #555; font-size: 0.8rem; margin: 0.3rem 0; }}
.ck-bars ul.ck-bars-key {{ list-style: none; padding: 0; margin: 0.2rem 0; display: flex;
  flex-wrap: wrap; gap: 0.2rem 1rem; font-size: 0.8rem; }}
.ck-bars ul.ck-bars-key li {{ list-style: none; margin: 0; }}
.ck-bars-key span {{ display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem;
  vertical-align: middle; }}
.ck-report .ck-scroll .ck-heat td {{ text-align: center; white-space: nowrap; }}
.ck-report .ck-scroll .ck-heat th {{ min-width: 5.5rem; font-weight: normal; font-size: 0.8rem;
  vertical-align: bottom; }}
@media (max-width: {NARROW}px) {{
  .ck-report {{ font-size: 0.95rem; }}
  .ck-report h1 {{ font-size: 1.35rem; }}
  .ck-report h2 {{ font-size: 1.2rem; }}
  .ck-report h3 {{ font-size: 1.05rem; }}
  .ck-report table {{ font-size: 0.8rem; }}
  .ck-report .ck-scroll th, .ck-report .ck-scroll td {{ padding: 0.2rem 0.4rem; }}
  .ck-cue {{ display: block; }}
  .ck-cue.ck-fits {{ display: none; }}
  .ck-wide {{ display: none; }}
  .ck-narrow {{ display: block; }}
}}
</style>
<script>
/* the cue to scroll sideways only where a box holds more than it shows */
(function () {{
  function mark() {{
    document.querySelectorAll(".ck-scroll").forEach(function (box) {{
      var cue = box.previousElementSibling;
      if (cue && cue.classList.contains("ck-cue")) {{
        cue.classList.toggle("ck-fits", box.scrollWidth <= box.clientWidth + 1);
      }}
    }});
  }}
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("toggle", mark, true);
  mark();
}})();
</script>"""


def pct(value: float, digits: int = 1) -> str:
    """A share as a percentage (``–`` when unknown)."""
    return "–" if value is None or value != value else f"{value:.{digits}%}"


def num(value: float, digits: int = 1) -> str:
    """A mean or a ratio with ``digits`` decimals (``–`` when unknown)."""
    return "–" if value is None or value != value else f"{value:.{digits}f}"


def signed_count(value: float) -> str:
    """A change in a count, a whole number: ``+4``, ``-3``, ``±0`` (``–`` when unknown)."""
    if value is None or value != value:
        return "–"
    n = round(value)
    return f"{n:+d}" if n else "±0"


def signed_pct(value: float) -> str:
    """A change in a share, in percentage points: ``+1.5%`` (``–`` when unknown)."""
    return "–" if value is None or value != value else f"{value:+.1%}"


def esc(value: object) -> str:
    """``value`` as HTML text."""
    return html.escape(str(value))


def muted(text: str) -> str:
    """A grey note."""
    return f'<p class="ck-muted">{esc(text)}</p>'


def section(title: str, body: str, **attrs: str) -> str:
    """A titled report section (``attrs`` become ``data-`` attributes)."""
    data = "".join(f' data-{k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return f'<div class="ck-report"{data}><h2>{esc(title)}</h2>{body}</div>'


def scroll(inner: str, locale: Locale, label: str) -> str:
    """``inner`` in a box that scrolls sideways, with a cue on narrow screens."""
    cue = f'<p class="ck-cue" aria-hidden="true">{esc(t("report.scroll_cue", locale))}</p>'
    return (
        f'{cue}<div class="ck-scroll" role="region" tabindex="0" aria-label="{esc(label)}">'
        f"{inner}</div>"
    )


def table(frame: pd.DataFrame, locale: Locale, label: str, css: str = "") -> str:
    """A data frame as an HTML table in a sideways-scrolling box, its first column kept in view."""
    classes = ["ck-table", css] if css else ["ck-table"]
    inner = frame.to_html(index=False, escape=True, border=0, na_rep="–", classes=classes)
    return scroll(inner, locale, label)


def long_table(frame: pd.DataFrame, locale: Locale, label: str) -> str:
    """A table of every row of ``frame``: the first :data:`LIST_SHOWN` in view, the rest
    behind a "show all" toggle, so nothing is left out."""
    head = table(frame.head(LIST_SHOWN), locale, label)
    if len(frame) <= LIST_SHOWN:
        return head
    toggle = esc(t("report.list.show_all", locale, n=len(frame)))
    rest = table(frame.iloc[LIST_SHOWN:], locale, label)
    return f"{head}<details><summary>{toggle}</summary>{rest}</details>"


def _data_uri(fig: Figure, dpi: int) -> str:
    return "data:image/png;base64," + base64.b64encode(figure_png(fig, dpi=dpi)).decode("ascii")


def figure(
    draw: Callable[[bool], Figure], alt: str, narrow_html: str | None = None, name: str = ""
) -> str:
    """A chart as an embedded PNG with ``alt`` as its text alternative.

    ``draw(narrow)`` draws the chart for wide screens (``False``) and for
    phones (``True``); the browser picks the one that fits. With
    ``narrow_html`` the phone gets that HTML instead of a narrow drawing.
    """
    wide = _data_uri(draw(False), WIDE_DPI)
    attr = f' data-figure="{esc(name)}"' if name else ""
    img = f'<img src="{wide}" alt="{esc(alt)}">'
    if narrow_html is not None:
        return (
            f'<div class="ck-report ck-fig"{attr}><div class="ck-wide">{img}</div>'
            f'<div class="ck-narrow">{narrow_html}</div></div>'
        )
    narrow = _data_uri(draw(True), NARROW_DPI)
    return (
        f'<div class="ck-report ck-fig"{attr}><picture>'
        f'<source media="(max-width: {NARROW}px)" srcset="{narrow}">{img}</picture></div>'
    )


def bars_html(
    title: str,
    rows: Sequence[str],
    series: Mapping[str, Sequence[float]],
    colours: Mapping[str, str],
    axis: str,
    labels: Mapping[str, str] | None = None,
    figures: Sequence[str] | None = None,
    top: float | None = None,
) -> str:
    """Horizontal bars drawn in HTML: a chart for phones that costs no drawing.

    One bar per row, stacked from ``series`` in order (part -> one value per row),
    each part in its colour, the row's figure at its end, the axis's name and unit
    below, and a key naming the parts when ``labels`` has more than one.

    Parameters
    ----------
    title, axis : str
        The chart's title and what the bars measure, with its unit.
    rows : sequence of str
        The bars' labels, top to bottom.
    figures : sequence of str, optional
        The figure shown at each bar's end; by default its total.
    top : float, optional
        The value a full-width bar stands for; by default the largest total.
    """
    totals = [sum(float(series[k][i]) for k in series) for i in range(len(rows))]
    scale = top if top is not None else max([*totals, 0.0])
    scale = scale if scale > 0 else 1.0
    shown = figures if figures is not None else [f"{v:,.0f}" for v in totals]
    bars = []
    for i, row in enumerate(rows):
        parts = "".join(
            f'<span style="width:{min(float(series[k][i]) / scale, 1.0) * 100:.2f}%;'
            f'background:{colours[k]}"></span>'
            for k in series
            if float(series[k][i]) > 0
        )
        bars.append(
            f'<div class="ck-bar"><span>{esc(row)}</span>'
            f'<span class="ck-bar-track">{parts}</span><span>{esc(shown[i])}</span></div>'
        )
    key = ""
    if labels is not None and len(labels) > 1:
        items = "".join(
            f'<li><span style="background:{colours[k]}"></span>{esc(labels[k])}</li>'
            for k in series
        )
        key = f'<ul class="ck-bars-key">{items}</ul>'
    return (
        f'<div class="ck-bars"><p class="ck-bars-title">{esc(title)}</p>{"".join(bars)}'
        f'<p class="ck-bars-axis">{esc(axis)}</p>{key}</div>'
    )


_SLOT = re.compile("\ue000([a-z0-9_]+)\ue001")


def counted(key: str, locale: Locale, counts: Mapping[str, int], **values: object) -> str:
    """Message ``key`` as HTML, each of ``counts`` marked with what it counts.

    A count shows as ``<span class="ck-n" data-count="NAME">N</span>``, where
    NAME, the message's placeholder, says what the number counts (a list, the
    cards, a table column), so it can be checked against the rest of the page.
    """
    slots = {name: f"\ue000{name}\ue001" for name in counts}
    text = esc(t(key, locale, **slots, **values))

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return f'<span class="ck-n" data-count="{name}">{int(counts[name])}</span>'

    return _SLOT.sub(fill, text)
