"""Rater calibration for people: tables, flags, Markdown, a text report and charts.

Everything here presents a :class:`~helpers.trainer.calibration.stats.Calibration` in
one locale (``zh`` or ``en``); the statistics themselves are in
:mod:`helpers.trainer.calibration.stats`.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

import pandas as pd

from helpers.i18n import t
from helpers.playbook.models import Locale
from helpers.trainer.calibration.results import (
    ALPHA_RELIABLE,
    ALPHA_TENTATIVE,
    ICC_FORM,
    SEVERITY_POINTS,
    Calibration,
    Estimate,
    PairKappa,
    _fmt,
)
from helpers.trainer.calibration.scores import ScoreSource

if TYPE_CHECKING:
    from IPython.display import Image, Markdown
    from matplotlib.figure import Figure


def _ci(e: Estimate) -> str:
    if e.value is None or e.low is None or e.high is None:
        return "–"
    return f"[{_fmt(e.low)}, {_fmt(e.high)}]"


def _with_ci(e: Estimate) -> str:
    return "–" if e.value is None else f"{_fmt(e.value)} {_ci(e)}"


def _kappa_range(kappas: list[PairKappa]) -> str:
    values = [k.kappa.value for k in kappas if k.kappa.value is not None]
    if not values:
        return "–"
    if len(values) == 1:
        return _fmt(values[0])
    return f"{_fmt(min(values))} – {_fmt(max(values))}"


def _criteria_rows(result: Calibration, locale: Locale) -> tuple[list[str], list[list[str]]]:
    head = [
        t(f"calib.col.{k}", locale)
        for k in (
            "criterion",
            "alpha",
            "icc_single",
            "icc_average",
            "kappa",
            "sessions",
            "trainers",
            "flag",
        )
    ]
    rows = [
        [
            c.criterion_id,
            _fmt(c.alpha.value),
            _with_ci(c.icc_single),
            _with_ci(c.icc_average)
            + (f", k={len(c.icc_trainers)}" if c.icc_average.value is not None else ""),
            _kappa_range(c.kappas),
            str(c.n_sessions),
            str(c.n_trainers),
            t(f"calib.label.{c.flag}", locale) if c.flag else "",
        ]
        for c in result.criteria
    ]
    return head, rows


def _trainer_rows(result: Calibration, locale: Locale) -> tuple[list[str], list[list[str]]]:
    head = [
        t(f"calib.col.{k}", locale)
        for k in ("trainer", "severity", "ci", "shared_sessions", "scores", "flag")
    ]
    rows = [
        [
            tr.trainer_id,
            _fmt(tr.overall.value, sign=True),
            "–"
            if tr.overall.low is None
            else f"[{_fmt(tr.overall.low, sign=True)}, {_fmt(tr.overall.high, sign=True)}]",
            str(tr.overall.n),
            str(tr.n_scores),
            t(f"calib.label.{tr.flag}", locale) if tr.flag else "",
        ]
        for tr in result.trainers
    ]
    return head, rows


def _reasons(result: Calibration, locale: Locale) -> list[str]:
    """Why a figure is missing, one line per criterion or trainer."""
    lines = []
    for c in result.criteria:
        notes = {e.reason.text(locale) for e in (c.alpha, c.icc_single) if e.reason}
        lines += [f"{c.criterion_id}: {n}" for n in sorted(notes)]
    for tr in result.trainers:
        if tr.overall.reason:
            lines.append(f"{tr.trainer_id}: {tr.overall.reason.text(locale)}")
    return lines


def criteria_table(result: Calibration, locale: Locale) -> pd.DataFrame:
    """Agreement per criterion, one row each, labelled in ``locale``.

    Columns: criterion, alpha (ordinal), ICC(2,1) and ICC(2,k) each with its
    95% CI, sessions scored by two or more trainers, trainers, flag. A dash
    means too little data (see :func:`flags_markdown` for why).
    """
    head, rows = _criteria_rows(result, locale)
    return pd.DataFrame(rows, columns=head)


def trainers_table(result: Calibration, locale: Locale) -> pd.DataFrame:
    """Severity per trainer (points; negative = harsher) with its 95% CI, n and flag."""
    head, rows = _trainer_rows(result, locale)
    return pd.DataFrame(rows, columns=head)


def flag_lines(result: Calibration, locale: Locale) -> list[str]:
    """Every flag in plain words, or one line saying there is none (or no score at all)."""
    if not result.criteria:
        return [t("calib.flag.no_scores", locale)]
    flags = result.flags
    lines = [f.note.text(locale) for f in flags] or [t("calib.flag.none", locale)]
    if any(f.level == "unreliable" for f in flags):
        lines.append(t("calib.flag.advice", locale))
    return lines


def flags_markdown(result: Calibration, locale: Locale) -> Markdown:
    """The flags and the reasons for missing figures, as a Markdown list for a notebook."""
    from IPython.display import Markdown

    parts = [f"- {line}" for line in flag_lines(result, locale)]
    reasons = _reasons(result, locale)
    if reasons:
        parts += ["", f"**{t('calib.heading.reasons', locale)}**", ""]
        parts += [f"- {line}" for line in reasons]
    return Markdown("\n".join(parts))


def source_markdown(source: ScoreSource, locale: Locale) -> Markdown:
    """Which scores a notebook shows, in plain words."""
    from IPython.display import Markdown

    return Markdown(source.note(locale))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(head: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))

    return "\n".join(
        [line(head), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    ).rstrip()


def format_report(result: Calibration, locale: Locale) -> str:
    """The criteria table, the trainers table, the flags and the reasons, as plain text."""
    parts = [
        t("calib.heading.criteria", locale, form=ICC_FORM),
        _table(*_criteria_rows(result, locale)),
        "",
        t("calib.heading.trainers", locale),
        _table(*_trainer_rows(result, locale)),
        "",
        t("calib.heading.flags", locale),
        *(f"- {line}" for line in flag_lines(result, locale)),
    ]
    reasons = _reasons(result, locale)
    if reasons:
        parts += ["", t("calib.heading.reasons", locale), *(f"- {line}" for line in reasons)]
    return "\n".join(line.rstrip() for line in parts)


def offset_chart(result: Calibration, locale: Locale) -> Figure:
    """Each trainer's mean offset per criterion (and overall) with 95% CIs, 0 marked."""
    from helpers.trainer.calibration import charts

    rows = [t("calib.chart.overall", locale), *(c.criterion_id for c in result.criteria)]
    offsets_by_trainer = {
        tr.trainer_id: [
            (e.value, e.low, e.high)
            for e in [tr.overall, *(tr.by_criterion[c.criterion_id] for c in result.criteria)]
        ]
        for tr in result.trainers
    }
    return charts.severity_chart(rows, offsets_by_trainer, locale, threshold=SEVERITY_POINTS)


def alpha_chart(result: Calibration, locale: Locale) -> Figure:
    """Krippendorff's alpha per criterion with the 0.667 and 0.8 lines."""
    from helpers.trainer.calibration import charts

    return charts.alpha_chart(
        [c.criterion_id for c in result.criteria],
        [c.alpha.value for c in result.criteria],
        locale,
        tentative=ALPHA_TENTATIVE,
        reliable=ALPHA_RELIABLE,
    )


def offset_image(result: Calibration, locale: Locale) -> Image:
    """:func:`offset_chart` as an embedded PNG, for a notebook cell or a report."""
    from IPython.display import Image

    from helpers.plotting import figure_png

    return Image(data=figure_png(offset_chart(result, locale)))


def alpha_image(result: Calibration, locale: Locale) -> Image:
    """:func:`alpha_chart` as an embedded PNG, for a notebook cell or a report."""
    from IPython.display import Image

    from helpers.plotting import figure_png

    return Image(data=figure_png(alpha_chart(result, locale)))
