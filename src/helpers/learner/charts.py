"""Figures for learners: the visit flow, a question funnel, the probability simulator, progress.

Every function returns a :class:`matplotlib.figure.Figure` with a title and
labelled axes (with units) in the requested language.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch
from PIL import Image as PILImage

from helpers.i18n import t
from helpers.learner.exercises.followup import forecast_curves, lead_conversion
from helpers.playbook.models import CadenceDoc, Locale, Question, VisitFlowDoc
from helpers.plotting import figure_png, new_figure, use_cjk_font, wrap

__all__ = [
    "MAX_CONTACTS",
    "TYPE_COLOURS",
    "ForecastFigure",
    "figure_png",
    "flow_diagram",
    "funnel_chart",
    "progress_chart",
    "use_cjk_font",
]

TYPE_COLOURS = {"expanding": "#2e7d32", "limiting": "#1565c0", "closed": "#c62828"}
"""Bar colours by question type, broad to narrow."""


def flow_diagram(flow: VisitFlowDoc, locale: Locale, per_row: int = 6) -> Figure:
    """The stages of a visit flow as numbered boxes joined by arrows, in rows."""
    stages = flow.ordered()
    rows = (len(stages) + per_row - 1) // per_row
    fig = new_figure(2.1 * min(per_row, len(stages)), 1.5 * rows + 0.6)
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
        label = f"{stage.order}. {wrap(stage.name.get(locale), locale, 18)}"
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


def funnel_chart(
    questions: Sequence[Question], locale: Locale, own: bool = False, narrow: bool = False
) -> Figure:
    """Questions as a funnel: the broader the question, the wider its bar; colour by type.

    Each question's text is never drawn on its bar: beside it on the left, or
    above it in the ``narrow`` layout (for a phone). The bars are centred so
    they make a funnel, and the legend, below the bars, lists only the kinds
    of question drawn.

    Parameters
    ----------
    questions : sequence of Question
        The questions, top of the funnel first.
    locale : str
        "zh" or "en".
    own : bool
        True for the learner's own funnel (titled "Your question funnel"),
        False for a model funnel drawn from the question bank.
    narrow : bool
        True for a figure about half as wide, with larger text above each bar.

    Returns
    -------
    Figure
        One axes, titled, with a legend of the question types drawn.
    """
    size = 10.5 if narrow else 8.5
    texts = [wrap(q.text.get(locale), locale, 48 if narrow else 50) for q in questions]
    line = size / 72 * 1.25
    bar = 0.28 if narrow else 0.0
    heights = [(text.count("\n") + 1) * line + (bar + 0.16 if narrow else 0.22) for text in texts]
    width = 4.6 if narrow else 9.0
    fig = new_figure(width, max(sum(heights), 1.0) + (1.6 if narrow else 1.3))
    ax = fig.add_subplot()
    left, centre, widest = (0.0, 2.5, 5.0) if narrow else (0.1, 7.2, 5.0)
    y = 0.0
    ticks = []
    for q, text, h in zip(questions, texts, heights, strict=True):
        y -= h
        span = widest * (6 - q.level) / 5
        colour = TYPE_COLOURS[q.type]
        if narrow:
            ax.text(left, y + h, text, ha="left", va="top", fontsize=size, color="#212121")
            ax.barh(y + bar / 2 + 0.04, span, height=bar, left=centre - span / 2, color=colour)
            ticks.append(y + h - line / 2)
        else:
            middle = y + h / 2
            ax.barh(middle, span, height=h * 0.8, left=centre - span / 2, color=colour)
            ax.text(left, middle, text, ha="left", va="center", fontsize=size, color="#212121")
            ticks.append(middle)
    ax.set_xlim(left, centre + widest / 2 + 0.1)
    ax.set_ylim(y, 0)
    ax.set_yticks(ticks, [str(i + 1) for i in range(len(ticks))], fontsize=size)
    ax.set_xticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_ylabel(t("chart.funnel_y", locale), fontsize=size)
    ax.set_xlabel(wrap(t("chart.funnel_x", locale), locale, 60), fontsize=size)
    title = t("chart.funnel_title" if own else "chart.funnel_model_title", locale)
    ax.set_title(wrap(title, locale, 40) if narrow else title, fontsize=size + 2)
    kinds = [k for k in TYPE_COLOURS if any(q.type == k for q in questions)]
    handles = [
        mpl.patches.Patch(color=TYPE_COLOURS[k], label=t(f"chart.type_{k}", locale)) for k in kinds
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=max(1, len(kinds)), fontsize=size)
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
        self.figure = new_figure(12, 3.8)
        ax1, ax2, ax3 = self.figure.subplots(1, 3)
        self.axes = (ax1, ax2, ax3)
        self.lines: dict[str, Line2D] = {}
        leads = np.arange(0, max_leads + 1)
        contacts = np.linspace(0, MAX_CONTACTS, 97)
        for key, style in (("low", "--"), ("high", "-")):
            label = t("chart.rate", locale, rate=f"{self.rates[key]:.0%}")
            (self.lines[f"deals_{key}"],) = ax1.plot(leads, leads * 0.0, style, label=label)
            (self.lines[f"p_{key}"],) = ax2.plot(leads, leads * 0.0, style, label=label)
            per_lead = lead_conversion(self.rates[key], contacts, self.rule) * 100
            ax3.plot(contacts, per_lead, style, label=label)
        for ax in (ax1, ax2):
            ax.set_xlim(0, max_leads)
            ax.set_xlabel(t("chart.leads_axis", locale))
        ax1.set_ylim(0, max_leads * max(self.rates.values()) * 1.05 or 1)
        ax1.set_ylabel(t("chart.deals_axis", locale))
        ax2.set_ylabel(t("chart.p_axis", locale))
        ax2.set_ylim(0, 100)
        ax2.set_title(wrap(t("chart.p_title", locale), locale, 46), fontsize=10)
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
        ax3.set_title(wrap(t("chart.rule_title", locale, n=self.rule), locale, 46), fontsize=10)
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
        curves = forecast_curves(self.cadence, self.max_leads, contacts_per_lead)
        for key in self.rates:
            self.lines[f"deals_{key}"].set_ydata(curves[f"deals_{key}"])
            self.lines[f"p_{key}"].set_ydata(curves[f"p_first_{key}"] * 100)
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
        return wrap(text, self.locale, 46)

    def _moving(self) -> list[Artist]:
        return [*self.lines.values(), *self.markers, self.title]


def progress_chart(mastery: dict[str, float], locale: Locale) -> Figure:
    """Mastery per module as horizontal bars, 0 to 100%."""
    fig = new_figure(7, 0.5 * len(mastery) + 1.2)
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
