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
import numpy as np
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from PIL import Image as PILImage

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


def funnel_chart(questions: Sequence[Question], locale: Locale, own: bool = False) -> Figure:
    """Questions as a funnel: the broader the question, the wider its bar; colour by type.

    Parameters
    ----------
    questions : sequence of Question
        The questions, top of the funnel first.
    locale : str
        "zh" or "en".
    own : bool
        True for the learner's own funnel (titled "Your question funnel"),
        False for a model funnel drawn from the question bank.

    Returns
    -------
    Figure
        One axes, titled, with a legend of the question types.
    """
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
    ax.set_title(t("chart.funnel_title" if own else "chart.funnel_model_title", locale))
    handles = [
        mpl.patches.Patch(color=c, label=t(f"chart.type_{k}", locale))
        for k, c in TYPE_COLOURS.items()
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    return fig


MAX_CONTACTS = 24
"""The right end of the contacts axis of the forecast chart (twice the twelve-contact rule)."""


class ForecastFigure:
    """The probability-principles chart, kept between updates so a slider can move fast.

    Three panels: expected deals and the chance of a first deal against leads
    contacted (the quantity principle), and one lead's chance of becoming a
    deal against effective contacts per lead, with the twelve-contact rule
    marked (the time principle). :meth:`update` only moves the curves and the
    markers; the axes, labels and layout are laid out once.

    Parameters
    ----------
    cadence : CadenceDoc
        The conversion benchmark and the contact rule.
    locale : str
        "zh" or "en".
    max_leads : int
        The right end of the leads axes.
    """

    def __init__(self, cadence: CadenceDoc, locale: Locale, max_leads: int = 200) -> None:
        self.cadence = cadence
        self.locale = locale
        self.max_leads = max_leads
        bench = cadence.conversion.new_rep_lead_to_deal
        self.rates = {"low": bench.min, "high": bench.max}
        self.rule = cadence.contact_rule.park_after_contacts
        self.figure = _figure(12, 3.8)
        ax1, ax2, ax3 = self.figure.subplots(1, 3)
        self.axes = (ax1, ax2, ax3)
        self.lines: dict[str, object] = {}
        leads = np.arange(0, max_leads + 1)
        contacts = np.linspace(0, MAX_CONTACTS, 97)
        for key, style in (("low", "--"), ("high", "-")):
            label = t("chart.rate", locale, rate=f"{self.rates[key]:.0%}")
            (self.lines[f"deals_{key}"],) = ax1.plot(leads, leads * 0.0, style, label=label)
            (self.lines[f"p_{key}"],) = ax2.plot(leads, leads * 0.0, style, label=label)
            per_lead = self.rates[key] * np.minimum(1.0, contacts / self.rule) * 100
            ax3.plot(contacts, per_lead, style, label=label)
        for ax in (ax1, ax2):
            ax.set_xlim(0, max_leads)
            ax.set_xlabel(t("chart.leads_axis", locale))
        ax1.set_ylim(0, max_leads * max(self.rates.values()) * 1.05 or 1)
        ax1.set_ylabel(t("chart.deals_axis", locale))
        ax2.set_ylabel(t("chart.p_axis", locale))
        ax2.set_ylim(0, 100)
        ax2.set_title(_wrap(t("chart.p_title", locale), locale, 46), fontsize=10)
        ax3.axvline(
            self.rule,
            color="#c62828",
            ls=":",
            lw=1.5,
            label=t("chart.rule_line", locale, n=self.rule),
        )
        ax3.set_xlim(0, MAX_CONTACTS)
        ax3.set_ylim(0, max(self.rates.values()) * 100 * 1.1 or 1)
        ax3.set_xlabel(t("chart.contacts_axis", locale))
        ax3.set_ylabel(t("chart.per_lead_axis", locale))
        ax3.set_title(_wrap(t("chart.rule_title", locale, n=self.rule), locale, 46), fontsize=10)
        self.markers = [ax.axvline(0, color="grey", lw=1) for ax in self.axes]
        for ax, where in zip(self.axes, ("upper left", "lower right", "center right"), strict=True):
            ax.legend(fontsize=8, loc=where)
            ax.grid(alpha=0.3)
        self.title = ax1.set_title(self._deals_title(0), fontsize=10)
        self._background: object | None = None
        self._dpi = 0

    def update(self, leads: int, contacts_per_lead: float) -> ForecastFigure:
        """Move the curves and markers to a rep's numbers.

        Parameters
        ----------
        leads : int
            Leads contacted (the grey line on the two leads panels).
        contacts_per_lead : float
            Effective contacts per lead (the grey line on the contacts panel;
            the deals curves scale with it up to the twelve-contact rule).

        Returns
        -------
        ForecastFigure
            Itself, so that ``chart.update(...).png()`` reads in one line.
        """
        followed = min(1.0, contacts_per_lead / self.rule)
        x = np.arange(0, self.max_leads + 1)
        for key, rate in self.rates.items():
            p = rate * followed
            self.lines[f"deals_{key}"].set_ydata(x * p)  # type: ignore[attr-defined]
            self.lines[f"p_{key}"].set_ydata((1 - (1 - p) ** x) * 100)  # type: ignore[attr-defined]
        for marker, value in zip(
            self.markers, (leads, leads, min(contacts_per_lead, MAX_CONTACTS)), strict=True
        ):
            marker.set_xdata([value, value])
        self.title.set_text(self._deals_title(contacts_per_lead))
        return self

    def png(self, dpi: int = 72) -> bytes:
        """The chart as PNG bytes, fast enough to follow a slider.

        The first call lays the figure out and renders everything that does
        not move (axes, ticks, labels, legends) once; later calls paste that
        background and draw only the curves, markers and the title that change.

        Parameters
        ----------
        dpi : int
            Resolution; changing it lays the figure out again.

        Returns
        -------
        bytes
            A PNG image.
        """
        if self._background is None or self._dpi != dpi:
            self.figure.set_dpi(dpi)
            canvas = FigureCanvasAgg(self.figure)
            for artist in self._moving():
                artist.set_animated(True)
            canvas.draw()
            self.figure.set_layout_engine("none")
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._dpi = dpi
        canvas = self.figure.canvas
        canvas.restore_region(self._background)
        for artist in self._moving():
            self.figure.draw_artist(artist)
        width, height = canvas.get_width_height()
        image = PILImage.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw")
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def _deals_title(self, contacts: float) -> str:
        text = t("chart.deals_title", self.locale, contacts=f"{contacts:g}")
        return _wrap(text, self.locale, 46)

    def _moving(self) -> list[Artist]:
        return [*self.lines.values(), *self.markers, self.title]  # type: ignore[list-item]


def forecast_chart(
    cadence: CadenceDoc,
    locale: Locale,
    leads: int,
    contacts_per_lead: float,
    max_leads: int = 200,
) -> Figure:
    """Expected deals and the chance of a first deal against leads contacted, at the
    1% and 5% benchmarks, and one lead's chance of a deal against contacts per lead
    with the twelve-contact rule marked; the rep's own numbers are marked in grey.

    Parameters
    ----------
    cadence : CadenceDoc
        The conversion benchmark and the contact rule.
    locale : str
        "zh" or "en".
    leads : int
        The rep's leads contacted.
    contacts_per_lead : float
        The rep's effective contacts per lead.
    max_leads : int
        The right end of the leads axes (at least ``leads``).

    Returns
    -------
    Figure
        Three titled panels with labelled axes and units.
    """
    chart = ForecastFigure(cadence, locale, max(max_leads, leads))
    return chart.update(leads, contacts_per_lead).figure


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


# ------------------------------------------------------------ rater calibration

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
    import math

    fig = _figure(8, 0.42 * max(len(rows), 3) + 1.8)
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
    import math

    fig = _figure(8, 0.42 * max(len(criteria), 3) + 1.6)
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
