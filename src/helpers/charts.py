"""Figures for people: the visit flow, a question funnel, the probability simulator, progress.

Every function returns a :class:`matplotlib.figure.Figure` with a title and
labelled axes (with units) in the requested language; no global pyplot state
is used. Chinese text is drawn with the Noto Sans CJK font shipped by the
``mplfonts`` package, so charts render the same on every machine.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from functools import cache
from importlib import resources

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from helpers.exercises.followup import forecast_curves
from helpers.i18n import t
from helpers.playbook.models import CadenceDoc, Locale, Question, VisitFlowDoc

TYPE_COLOURS = {"expanding": "#2e7d32", "limiting": "#1565c0", "closed": "#c62828"}


@cache
def use_cjk_font() -> str:
    """Register the bundled Noto Sans CJK font with matplotlib and make it the default."""
    path = resources.files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    mpl.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["axes.unicode_minus"] = False
    return name


def _figure(width: float, height: float) -> Figure:
    use_cjk_font()
    return Figure(figsize=(width, height), layout="constrained")


def figure_png(fig: Figure, dpi: int = 100) -> bytes:
    """Render a figure to PNG bytes (for an image widget or a file)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _wrap(text: str, locale: Locale, width: int) -> str:
    if locale == "zh":
        return "\n".join(text[i : i + width // 2] for i in range(0, len(text), width // 2))
    return "\n".join(textwrap.wrap(text, width))


def flow_diagram(flow: VisitFlowDoc, locale: Locale, per_row: int = 6) -> Figure:
    """The stages of a visit flow as numbered boxes joined by arrows, in rows."""
    stages = flow.ordered()
    rows = (len(stages) + per_row - 1) // per_row
    fig = _figure(2.1 * min(per_row, len(stages)), 1.5 * rows + 0.6)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_xlim(0, min(per_row, len(stages)) * 2)
    ax.set_ylim(-rows * 1.5, 0.2)
    for i, stage in enumerate(stages):
        r, c = divmod(i, per_row)
        x, y = c * 2 + 0.1, -r * 1.5 - 1.1
        ax.add_patch(
            FancyBboxPatch(
                (x, y),
                1.6,
                0.9,
                boxstyle="round,pad=0.05",
                facecolor="#e3f2fd",
                edgecolor="#1565c0",
            )
        )
        label = f"{stage.order}. {_wrap(stage.name.get(locale), locale, 18)}"
        ax.text(x + 0.8, y + 0.45, label, ha="center", va="center", fontsize=9)
        if i + 1 < len(stages) and c + 1 < per_row:
            ax.annotate(
                "",
                xy=(x + 2.0, y + 0.45),
                xytext=(x + 1.7, y + 0.45),
                arrowprops={"arrowstyle": "->", "color": "#1565c0"},
            )
    ax.set_title(t("chart.flow_title", locale, name=flow.name.get(locale)))
    return fig


def funnel_chart(questions: Sequence[Question], locale: Locale) -> Figure:
    """Questions as a funnel: the broader the question, the wider its bar; colour by type."""
    fig = _figure(8, 0.55 * max(len(questions), 2) + 1.2)
    ax = fig.add_subplot()
    for i, q in enumerate(questions):
        width = 6 - q.level
        ax.barh(-i, width, left=-width / 2, color=TYPE_COLOURS[q.type], alpha=0.8)
        ax.text(
            0,
            -i,
            _wrap(q.text.get(locale), locale, 60),
            ha="center",
            va="center",
            fontsize=8,
            color="white",
        )
    ax.set_yticks(
        [-i for i in range(len(questions))],
        [t("ui.question_n", locale, n=i + 1) for i in range(len(questions))],
    )
    ax.set_xticks([])
    ax.set_xlabel(t("chart.funnel_x", locale))
    ax.set_title(t("chart.funnel_title", locale))
    handles = [
        mpl.patches.Patch(color=c, label=t(f"chart.type_{k}", locale))
        for k, c in TYPE_COLOURS.items()
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    return fig


def forecast_chart(
    cadence: CadenceDoc,
    locale: Locale,
    leads: int,
    contacts_per_lead: float,
    max_leads: int = 200,
) -> Figure:
    """Expected deals against leads contacted at the 1% and 5% benchmarks, and the
    chance of a first deal, with the rep's own number of leads marked."""
    curves = forecast_curves(cadence, max(max_leads, leads), contacts_per_lead)
    fig = _figure(9, 3.6)
    ax1, ax2 = fig.subplots(1, 2)
    low = f"{cadence.conversion.new_rep_lead_to_deal.min:.0%}"
    high = f"{cadence.conversion.new_rep_lead_to_deal.max:.0%}"
    for key, rate, style in (("low", low, "--"), ("high", high, "-")):
        ax1.plot(
            curves["leads"], curves[f"deals_{key}"], style, label=t("chart.rate", locale, rate=rate)
        )
        ax2.plot(
            curves["leads"],
            curves[f"p_first_{key}"] * 100,
            style,
            label=t("chart.rate", locale, rate=rate),
        )
    for ax in (ax1, ax2):
        ax.axvline(leads, color="grey", lw=1)
        ax.set_xlabel(t("chart.leads_axis", locale))
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    ax1.set_ylabel(t("chart.deals_axis", locale))
    ax1.set_title(t("chart.deals_title", locale, contacts=f"{contacts_per_lead:g}"))
    ax2.set_ylabel(t("chart.p_axis", locale))
    ax2.set_ylim(0, 100)
    ax2.set_title(t("chart.p_title", locale))
    return fig


def progress_chart(mastery: dict[str, float], locale: Locale) -> Figure:
    """Mastery per module as horizontal bars, 0 to 100%."""
    fig = _figure(7, 0.5 * len(mastery) + 1.2)
    ax = fig.add_subplot()
    names = [t(f"module.{m}", locale) for m in mastery]
    values = [v * 100 for v in mastery.values()]
    ax.barh(names[::-1], values[::-1], color="#1565c0")
    for y, v in enumerate(values[::-1]):
        ax.text(min(v + 1, 92), y, f"{v:.0f}%", va="center", fontsize=9)
    ax.set_xlim(0, 100)
    ax.set_xlabel(t("chart.mastery_axis", locale))
    ax.set_title(t("chart.progress_title", locale))
    return fig


# ------------------------------------------------------------ coaching reports


def team_funnel_chart(funnel: dict[str, int], locale: Locale, period: str) -> Figure:
    """The team's funnel for a period: leads contacted, 10+ and 12+ contacts, won.

    Bars are centred and as wide as their count; each is labelled with the
    count and its share of the leads contacted.
    """
    fig = _figure(8, 3.2)
    ax = fig.add_subplot()
    keys = list(funnel)
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
    fig = _figure(8, 0.42 * max(len(names), 3) + 1.4)
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
    import numpy as np

    data = np.array(means, dtype=float).reshape(len(reps), len(skills))
    fig = _figure(max(6, 0.9 * len(skills) + 2.5), 0.5 * max(len(reps), 3) + 2.2)
    ax = fig.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(data), cmap="RdYlGn", vmin=1, vmax=5, aspect="auto")
    for i in range(len(reps)):
        for j in range(len(skills)):
            n = counts[i][j]
            label = f"{data[i, j]:.1f}\nn={n}" if n else "n=0"
            ax.text(j, i, label, ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(skills)), [_wrap(s, locale, 14) for s in skills], fontsize=8)
    ax.set_yticks(range(len(reps)), reps, fontsize=8)
    ax.set_xlabel(t("report.heatmap.x", locale))
    ax.set_ylabel(t("report.heatmap.y", locale))
    ax.set_title(t("report.heatmap.title", locale))
    bar = fig.colorbar(image, ax=ax, shrink=0.8)
    bar.set_label(t("report.heatmap.scale", locale))
    return fig


def compliance_chart(shares: dict[str, float], counts: dict[str, int], locale: Locale) -> Figure:
    """Share of accounts visited as often as their grade asks, per grade, 0 to 100%."""
    fig = _figure(6, 3.2)
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
