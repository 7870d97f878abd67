"""Figures of a team coaching report: the team funnel, leads per rep, skills, visit cadence.

Every function returns a :class:`matplotlib.figure.Figure` with a title and
labelled axes (with units) in the report's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from helpers.i18n import t
from helpers.playbook.models import Locale
from helpers.plotting import new_figure, readable_text, wrap

NARROW_WIDTH = 4.0
"""Width in inches of a chart drawn for a phone (about 360 CSS pixels)."""


def _fontsize(narrow: bool) -> float:
    return 9.5 if narrow else 9


_TOKEN = re.compile(r"[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+|.")


def wrap_label(text: str, width: int) -> str:
    """Break ``text`` into lines of about ``width`` columns (a Chinese character is two),
    between words or Chinese characters, never inside a number or a Latin word."""
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKEN.findall(text):
        size = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in token)
        if line.strip() and used + size > width and not token.isspace():
            lines.append(line.rstrip())
            line, used = "", 0
        if token.isspace() and not line:
            continue
        line, used = line + token, used + size
    lines.append(line.rstrip())
    return "\n".join(lines)


def team_funnel_chart(
    funnel: dict[str, int], locale: Locale, period: str, narrow: bool = False
) -> Figure:
    """The team's funnel for a period (:func:`helpers.report.metrics.team_funnel`): the
    period's leads, those followed to 10+ and to 12+ contacts (or won), and those won.

    Bars are centred and as wide as their count; each is labelled with the
    count and its share of the first stage (never over 100%). ``narrow``
    draws it for a phone: narrower, with the stage names wrapped.

    Raises
    ------
    ValueError
        If a stage is wider than the one before: that is not a funnel.
    """
    keys = list(funnel)
    counts = [funnel[k] for k in keys]
    if any(b > a for a, b in pairwise(counts)):
        raise ValueError(f"not a funnel: a stage is wider than the one before ({counts})")
    fig = new_figure(NARROW_WIDTH, 4.0) if narrow else new_figure(8, 3.2)
    ax = fig.add_subplot()
    top = max(funnel[keys[0]], 1)
    colours = ["#1565c0", "#42a5f5", "#ffa726", "#2e7d32"]
    size = _fontsize(narrow)
    for i, key in enumerate(keys):
        n = funnel[key]
        ax.barh(-i, n, left=-n / 2, color=colours[i % len(colours)], height=0.8)
        share = f" ({n / top:.1%})" if i else ""
        ax.text(top / 2 + top * 0.02, -i, f"{n}{share}", va="center", fontsize=size)
    labels = [t(f"report.funnel.{k}", locale) for k in keys]
    if narrow:
        labels = [wrap_label(label, 18) for label in labels]
    ax.set_yticks([-i for i in range(len(keys))], labels, fontsize=size)
    ax.set_xlim(-top / 2 - top * 0.02, top * (1.1 if narrow else 0.85))
    ax.set_xticks([])
    ax.set_xlabel(t("report.funnel.axis", locale), fontsize=size)
    title = t("report.funnel.title", locale, period=period)
    ax.set_title(wrap_label(title, 34) if narrow else title, fontsize=size + 1.5)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return fig


LEADS_COLOURS = {"experienced": "#1565c0", "new_hire": "#ef6c00"}


def leads_chart(
    leads: Sequence[int],
    names: Sequence[str],
    new_hire: Sequence[bool],
    target: int,
    locale: Locale,
    narrow: bool = False,
) -> Figure:
    """Leads contacted in the period per rep, as whole numbers, against the period's target.

    New hires are drawn in orange. The legend, below the bars, names only the
    groups the team has, and the target line.
    """
    height = 0.42 * max(len(names), 3) + 1.9
    fig = new_figure(NARROW_WIDTH, height + 0.4) if narrow else new_figure(8, height)
    ax = fig.add_subplot()
    size = _fontsize(narrow)
    groups = ["new_hire" if n else "experienced" for n in new_hire]
    ys = list(range(len(names)))[::-1]
    ax.barh(ys, leads, color=[LEADS_COLOURS[g] for g in groups])
    top = max([*leads, target, 1])
    for y, v in zip(ys, leads, strict=True):
        ax.text(v + top * 0.01, y, f"{v:.0f}", va="center", fontsize=size - 1)
    ax.axvline(target, color="#c62828", ls="--", lw=1)
    ax.set_xlim(0, top * 1.12)
    ax.set_yticks(ys, names, fontsize=size - 0.5)
    ax.set_xlabel(t("report.leads.axis", locale), fontsize=size)
    title = t("report.leads.title", locale, target=f"{target:.0f}")
    ax.set_title(wrap_label(title, 40) if narrow else title, fontsize=size + 1.5)
    handles: list[mpl.artist.Artist] = [
        mpl.patches.Patch(color=LEADS_COLOURS[g], label=t(f"report.leads.{g}", locale))
        for g in LEADS_COLOURS
        if g in groups
    ]
    handles.append(
        mpl.lines.Line2D([], [], color="#c62828", ls="--", label=t("report.leads.target", locale))
    )
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=len(handles),
        fontsize=size - 1,
        frameon=False,
    )
    return fig


SCORE_CMAP = "RdYlGn"
"""Role-play means from red (1) through yellow to green (5)."""


def score_colours(mean: float) -> tuple[str, str]:
    """The heat map's background colour for a mean score (1-5) and a text colour that reads
    on it, as ``#rrggbb``; a missing mean is white."""
    if mean != mean:  # NaN
        return "#ffffff", "#555555"
    r, g, b, _ = mpl.colormaps[SCORE_CMAP](mpl.colors.Normalize(1, 5)(mean))
    return mpl.colors.to_hex((r, g, b)), readable_text((r, g, b))


def skill_heatmap(
    means: Sequence[Sequence[float]],
    counts: Sequence[Sequence[int]],
    reps: Sequence[str],
    skills: Sequence[str],
    locale: Locale,
) -> Figure:
    """Rep x skill means on the 1-5 rubric, each cell labelled with its mean and n.

    A cell with no score is left blank and labelled "n=0".
    """
    data = np.array(means, dtype=float).reshape(len(reps), len(skills))
    fig = new_figure(max(6, 0.9 * len(skills) + 2.5), 0.5 * max(len(reps), 3) + 2.2)
    ax = fig.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(data), cmap=SCORE_CMAP, vmin=1, vmax=5, aspect="auto")
    for i in range(len(reps)):
        for j in range(len(skills)):
            n = counts[i][j]
            label = f"{data[i, j]:.1f}\nn={n}" if n else "n=0"
            ax.text(j, i, label, ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(skills)), [wrap(s, locale, 14) for s in skills], fontsize=8)
    ax.set_yticks(range(len(reps)), reps, fontsize=8)
    ax.set_xlabel(t("report.heatmap.x", locale))
    ax.set_ylabel(t("report.heatmap.y", locale))
    ax.set_title(t("report.heatmap.title", locale))
    bar = fig.colorbar(image, ax=ax, shrink=0.8)
    bar.set_label(t("report.heatmap.scale", locale))
    return fig


def compliance_chart(
    shares: dict[str, float], counts: dict[str, int], locale: Locale, narrow: bool = False
) -> Figure:
    """Share of accounts visited as often as their grade asks, per grade, 0 to 100%."""
    fig = new_figure(NARROW_WIDTH, 3.6) if narrow else new_figure(6, 3.2)
    ax = fig.add_subplot()
    size = _fontsize(narrow)
    grades = list(shares)
    values = [shares[g] * 100 for g in grades]
    ax.bar(grades, values, color="#1565c0")
    for x, (g, v) in enumerate(zip(grades, values, strict=True)):
        ax.text(x, min(v + 2, 95), f"{v:.0f}%\n(n={counts[g]})", ha="center", fontsize=size - 1)
    ax.set_ylim(0, 110)
    ax.axhline(100, color="grey", lw=0.8)
    ax.set_xlabel(t("report.cadence.x", locale), fontsize=size)
    ax.set_ylabel(t("report.cadence.y", locale), fontsize=size)
    title = t("report.cadence.title", locale)
    ax.set_title(wrap_label(title, 40) if narrow else title, fontsize=size + 1.5)
    return fig


def stacked_bars_chart(
    rows: Sequence[str],
    series: dict[str, Sequence[float]],
    colours: dict[str, str],
    labels: dict[str, str],
    title: str,
    axis: str,
    narrow: bool = False,
) -> Figure:
    """One horizontal bar per row (a rep), stacked from ``series`` in order, each part in its
    colour, with the row's total at the bar's end and a legend below naming each part.

    Parameters
    ----------
    rows : sequence of str
        The bars' labels, top to bottom.
    series : dict
        Part name -> one value per row (counts, or amounts in yuan).
    colours, labels : dict
        Part name -> colour and legend text.
    title, axis : str
        The chart's title and the x axis's label (with its unit), in the report's language.
    """
    height = 0.42 * max(len(rows), 3) + 1.9
    fig = new_figure(NARROW_WIDTH, height + 0.5) if narrow else new_figure(8, height)
    ax = fig.add_subplot()
    size = _fontsize(narrow)
    ys = np.arange(len(rows))[::-1]
    left = np.zeros(len(rows))
    for key, values in series.items():
        ax.barh(ys, values, left=left, color=colours[key], label=labels[key])
        left = left + np.asarray(values, dtype=float)
    top = max(float(left.max()) if len(left) else 0.0, 1.0)
    for y, total in zip(ys, left, strict=True):
        ax.text(total + top * 0.01, y, f"{total:,.0f}", va="center", fontsize=size - 1)
    ax.set_xlim(0, top * (1.35 if narrow else 1.15))
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(4 if narrow else 6, integer=True))
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_yticks(ys, list(rows), fontsize=size - 0.5)
    ax.set_xlabel(axis, fontsize=size)
    ax.set_title(wrap_label(title, 40) if narrow else title, fontsize=size + 1.5)
    fig.legend(
        loc="outside lower center",
        ncols=len(series) if not narrow else min(len(series), 2),
        fontsize=size - 1,
        frameon=False,
    )
    return fig


def score_dots_chart(
    rows: Sequence[str],
    scores: Sequence[Sequence[float]],
    pursued: Sequence[Sequence[bool]],
    low: float,
    high: float,
    labels: dict[str, str],
    title: str,
    axis: str,
    narrow: bool = False,
) -> Figure:
    """Each assessed account's weighted score (1-5) as a dot on its rep's row: filled when
    pursued, hollow when not, with dashed lines at the ``low`` and ``high`` marks."""
    height = 0.42 * max(len(rows), 3) + 1.9
    fig = new_figure(NARROW_WIDTH, height + 0.5) if narrow else new_figure(8, height)
    ax = fig.add_subplot()
    size = _fontsize(narrow)
    ys = np.arange(len(rows))[::-1]
    jitter = np.random.default_rng(0)
    for y, values, flags in zip(ys, scores, pursued, strict=True):
        x = np.asarray(values, dtype=float)
        on = np.asarray(flags, dtype=bool)
        dy = jitter.uniform(-0.22, 0.22, len(x))
        ax.scatter(x[on], y + dy[on], s=22, color="#1565c0", zorder=3)
        ax.scatter(x[~on], y + dy[~on], s=22, facecolors="none", edgecolors="#757575", zorder=3)
    for mark in (low, high):
        ax.axvline(mark, color="#c62828", ls="--", lw=1)
    ax.set_xlim(0.8, 5.2)
    ax.set_yticks(ys, list(rows), fontsize=size - 0.5)
    ax.set_xlabel(axis, fontsize=size)
    ax.set_title(wrap_label(title, 40) if narrow else title, fontsize=size + 1.5)
    handles: list[mpl.artist.Artist] = [
        mpl.lines.Line2D([], [], ls="", marker="o", color="#1565c0", label=labels["pursued"]),
        mpl.lines.Line2D(
            [], [], ls="", marker="o", markerfacecolor="none", markeredgecolor="#757575",
            label=labels["not_pursued"],
        ),
    ]  # fmt: skip
    fig.legend(
        handles=handles, loc="outside lower center", ncols=2, fontsize=size - 1, frameon=False
    )
    return fig
