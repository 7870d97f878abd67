"""Figures of rater calibration: each trainer's severity, and agreement per criterion."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib as mpl
from matplotlib.figure import Figure

from helpers.i18n import t
from helpers.playbook.models import Locale
from helpers.plotting import new_figure

TRAINER_COLOURS = ["#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#5d4037"]


def severity_chart(
    rows: Sequence[str],
    offsets: dict[str, Sequence[tuple[float | None, float | None, float | None]]],
    locale: Locale,
    threshold: float = 0.5,
) -> Figure:
    """Each trainer's mean offset from the other trainers per row, with its 95% CI.

    Parameters
    ----------
    rows : sequence of str
        Row labels, top to bottom (e.g. "all criteria", then each criterion).
    offsets : dict of str to sequence of (mean, low, high)
        Per trainer, one (mean, CI low, CI high) per row, in points on the
        1-5 scale; a None or NaN mean (too little data) is left out.
    threshold : float
        Drawn as dashed lines at plus and minus this many points (the flag line).

    Zero (no difference from the others) is a solid line; left of it is harsher.
    """
    fig = new_figure(8, 0.42 * max(len(rows), 3) + 1.8)
    ax = fig.add_subplot()
    trainers = list(offsets)
    step = 0.7 / max(len(trainers), 1)
    reach = threshold
    for i, trainer in enumerate(trainers):
        colour = TRAINER_COLOURS[i % len(TRAINER_COLOURS)]
        dy = ((len(trainers) - 1) / 2 - i) * step
        xs, ys, lo, hi = [], [], [], []
        for r, (mean, low, high) in enumerate(offsets[trainer]):
            if mean is None or not math.isfinite(mean):
                continue
            low = mean if low is None or not math.isfinite(low) else low
            high = mean if high is None or not math.isfinite(high) else high
            xs.append(mean)
            ys.append(-r + dy)
            lo.append(mean - low)
            hi.append(high - mean)
            reach = max(reach, abs(low), abs(high))
        ax.errorbar(
            xs, ys, xerr=[lo, hi], fmt="o", ms=5, capsize=2, color=colour, lw=1, label=trainer
        )
    ax.axvline(0, color="black", lw=1)
    for x in (-threshold, threshold):
        ax.axvline(x, color="grey", ls="--", lw=0.8)
    ax.set_xlim(-reach * 1.15, reach * 1.15)
    ax.set_yticks([-r for r in range(len(rows))], list(rows), fontsize=8)
    ax.set_ylim(-len(rows) + 0.5, 0.5)
    ax.grid(axis="x", alpha=0.3)
    ax.set_xlabel(t("calib.chart.offset_axis", locale))
    ax.set_ylabel(t("calib.chart.criterion_axis", locale))
    ax.set_title(t("calib.chart.offset_title", locale, threshold=f"{threshold:g}"))
    if trainers:
        fig.legend(fontsize=8, loc="outside right upper", title=t("calib.col.trainer", locale))
    else:
        ax.text(0, -len(rows) / 2 + 0.5, t("calib.chart.no_data", locale), ha="center")
    return fig


def alpha_chart(
    criteria: Sequence[str],
    alphas: Sequence[float | None],
    locale: Locale,
    tentative: float = 0.667,
    reliable: float = 0.8,
) -> Figure:
    """Krippendorff's alpha per criterion as bars, with the tentative and reliable lines.

    Bars below ``tentative`` are red, below ``reliable`` orange, otherwise
    green; a criterion without alpha (too little data) is labelled instead.
    """
    fig = new_figure(8, 0.42 * max(len(criteria), 3) + 1.6)
    ax = fig.add_subplot()
    ys = list(range(len(criteria)))[::-1]
    low = 0.0
    for y, value in zip(ys, alphas, strict=True):
        if value is None or not math.isfinite(value):
            ax.text(0.01, y, t("calib.chart.no_data", locale), va="center", fontsize=8)
            continue
        colour = "#c62828" if value < tentative else "#ef6c00" if value < reliable else "#2e7d32"
        ax.barh(y, value, color=colour, height=0.7)
        ax.text(max(value, 0) + 0.01, y, f"{value:.2f}", va="center", fontsize=8)
        low = min(low, value)
    ax.axvline(0, color="black", lw=0.8)
    ax.axvline(tentative, color="#c62828", ls="--", lw=1)
    ax.axvline(reliable, color="#2e7d32", ls="--", lw=1)
    ax.set_xlim(low - 0.05 if low < 0 else 0, 1.08)
    ax.set_yticks(ys, list(criteria), fontsize=8)
    ax.set_xlabel(t("calib.chart.alpha_axis", locale))
    ax.set_ylabel(t("calib.chart.criterion_axis", locale))
    ax.set_title(t("calib.chart.alpha_title", locale))
    handles = [
        mpl.lines.Line2D(
            [], [], color="#c62828", ls="--", label=t("calib.chart.tentative", locale, x=tentative)
        ),
        mpl.lines.Line2D(
            [], [], color="#2e7d32", ls="--", label=t("calib.chart.reliable", locale, x=reliable)
        ),
    ]
    ax.legend(handles=handles, fontsize=8, loc="lower right")
    return fig
