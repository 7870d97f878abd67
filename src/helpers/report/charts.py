"""Figures of a team coaching report: the team funnel, leads per rep, skills, visit cadence.

Every function returns a :class:`matplotlib.figure.Figure` with a title and
labelled axes (with units) in the report's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from helpers.i18n import t
from helpers.playbook.models import Locale
from helpers.plotting import new_figure, wrap


def team_funnel_chart(funnel: dict[str, int], locale: Locale, period: str) -> Figure:
    """The team's funnel for a period (:func:`helpers.report.metrics.team_funnel`): the
    period's leads, those followed to 10+ and to 12+ contacts (or won), and those won.

    Bars are centred and as wide as their count; each is labelled with the
    count and its share of the first stage (never over 100%).

    Raises
    ------
    ValueError
        If a stage is wider than the one before: that is not a funnel.
    """
    keys = list(funnel)
    counts = [funnel[k] for k in keys]
    if any(b > a for a, b in pairwise(counts)):
        raise ValueError(f"not a funnel: a stage is wider than the one before ({counts})")
    fig = new_figure(8, 3.2)
    ax = fig.add_subplot()
    top = max(funnel[keys[0]], 1)
    colours = ["#1565c0", "#42a5f5", "#ffa726", "#2e7d32"]
    for i, key in enumerate(keys):
        n = funnel[key]
        ax.barh(-i, n, left=-n / 2, color=colours[i % len(colours)], height=0.8)
        share = f" ({n / top:.1%})" if i else ""
        ax.text(top / 2 + top * 0.02, -i, f"{n}{share}", va="center", fontsize=9)
    ax.set_yticks([-i for i in range(len(keys))], [t(f"report.funnel.{k}", locale) for k in keys])
    ax.set_xlim(-top / 2 - top * 0.02, top * 0.85)
    ax.set_xticks([])
    ax.set_xlabel(t("report.funnel.axis", locale))
    ax.set_title(t("report.funnel.title", locale, period=period))
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return fig


def leads_chart(
    leads_per_month: Sequence[float],
    names: Sequence[str],
    new_hire: Sequence[bool],
    target: float,
    locale: Locale,
) -> Figure:
    """Leads contacted a month per rep against the quantity target; new hires in orange."""
    fig = new_figure(8, 0.42 * max(len(names), 3) + 1.4)
    ax = fig.add_subplot()
    colours = ["#ef6c00" if n else "#1565c0" for n in new_hire]
    ys = list(range(len(names)))[::-1]
    ax.barh(ys, leads_per_month, color=colours)
    for y, v in zip(ys, leads_per_month, strict=True):
        ax.text(v + target * 0.01, y, f"{v:.1f}", va="center", fontsize=8)
    ax.axvline(target, color="#c62828", ls="--", lw=1)
    ax.set_yticks(ys, names)
    ax.set_xlabel(t("report.leads.axis", locale))
    ax.set_title(t("report.leads.title", locale, target=f"{target:g}"))
    handles = [
        mpl.patches.Patch(color="#1565c0", label=t("report.leads.experienced", locale)),
        mpl.patches.Patch(color="#ef6c00", label=t("report.leads.new_hire", locale)),
        mpl.lines.Line2D([], [], color="#c62828", ls="--", label=t("report.leads.target", locale)),
    ]
    ax.legend(handles=handles, fontsize=8, loc="lower right")
    return fig


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
    image = ax.imshow(np.ma.masked_invalid(data), cmap="RdYlGn", vmin=1, vmax=5, aspect="auto")
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


def compliance_chart(shares: dict[str, float], counts: dict[str, int], locale: Locale) -> Figure:
    """Share of accounts visited as often as their grade asks, per grade, 0 to 100%."""
    fig = new_figure(6, 3.2)
    ax = fig.add_subplot()
    grades = list(shares)
    values = [shares[g] * 100 for g in grades]
    ax.bar(grades, values, color="#1565c0")
    for x, (g, v) in enumerate(zip(grades, values, strict=True)):
        ax.text(x, min(v + 2, 95), f"{v:.0f}%\n(n={counts[g]})", ha="center", fontsize=8)
    ax.set_ylim(0, 110)
    ax.axhline(100, color="grey", lw=0.8)
    ax.set_xlabel(t("report.cadence.x", locale))
    ax.set_ylabel(t("report.cadence.y", locale))
    ax.set_title(t("report.cadence.title", locale))
    return fig
