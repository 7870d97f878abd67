"""What calibration finds, as results: agreement per criterion, severity per trainer, flags.

The thresholds that turn figures into flags are here too; the statistics that
produce the figures are in :mod:`~helpers.trainer.calibration.stats`. Every
result can be turned into JSON (``to_json``) in either language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from helpers.i18n import t
from helpers.playbook.models import Locale

MIN_SESSIONS = 5
"""Sessions scored by two or more trainers that alpha needs for a criterion."""

MIN_ICC_SESSIONS = 5
"""Sessions in the complete block (every block trainer scored them) that the ICC needs."""

MIN_PAIR_SESSIONS = 5
"""Sessions two trainers must both have scored for their weighted kappa."""

MIN_SEVERITY_SESSIONS = 5
"""Sessions shared with another trainer that a severity figure needs."""

ALPHA_TENTATIVE = 0.667
"""Krippendorff's lowest alpha for tentative conclusions; below it a criterion is flagged
as too low to trust (Krippendorff 2004, *Content Analysis*, section 11.4.4)."""

ALPHA_RELIABLE = 0.8
"""Krippendorff's alpha for reliable data; from 0.667 to this, conclusions are tentative."""

SEVERITY_POINTS = 0.5
"""A trainer is flagged when the 95% CI of their severity excludes 0 and the severity is at
least this far from 0: half a point, about half the distance between two anchors."""

MAX_EXHAUSTIVE_TRAINERS = 12
"""Up to this many trainers, :func:`complete_block` tries every group (at most 4,083)."""

ICC_FORM = "ICC2 / ICC2k (two-way random, absolute agreement)"
"""The ICC reported: Shrout & Fleiss ICC(2,1) and ICC(2,k) = McGraw & Wong ICC(A,1), ICC(A,k)."""

KAPPA_WEIGHTS = "quadratic"
"""Weights of Cohen's weighted kappa: disagreement grows with the squared distance."""


# ------------------------------------------------------------------ results


@dataclass
class Note:
    """A plain-language message: an i18n key and the values for its ``{fields}``."""

    key: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self, locale: Locale) -> str:
        """The message in ``locale``."""
        return t(self.key, locale, **self.values)


@dataclass
class Estimate:
    """One figure with its 95% confidence interval, the n behind it, or why there is none.

    Attributes
    ----------
    value : float or None
        None when there is too little data (``reason`` says why).
    low, high : float or None
        The 95% confidence interval, where the method gives one.
    se : float or None
        Standard error, where the method gives one.
    n : int
        Sessions behind the figure.
    reason : Note or None
        Why ``value`` is None.
    """

    value: float | None
    low: float | None = None
    high: float | None = None
    se: float | None = None
    n: int = 0
    reason: Note | None = None

    def ci(self) -> list[float | None] | None:
        """``[low, high]`` for JSON, or None without an interval."""
        if self.low is None and self.high is None:
            return None
        return [_num(self.low), _num(self.high)]


@dataclass
class PairKappa:
    """Quadratic-weighted kappa of two trainers on the sessions they both scored."""

    trainer_a: str
    trainer_b: str
    kappa: Estimate

    def to_json(self, locale: Locale = "en") -> dict[str, Any]:
        """Plain types only; NaN becomes None."""
        return {
            "trainer_a": self.trainer_a,
            "trainer_b": self.trainer_b,
            "n_sessions": self.kappa.n,
            "kappa": _num(self.kappa.value),
            "reason": _text(self.kappa.reason, locale),
        }


@dataclass
class CriterionAgreement:
    """How well the trainers agree on one rubric criterion.

    Attributes
    ----------
    n_sessions : int
        Sessions scored on this criterion by two or more trainers (the ones
        that carry information about agreement).
    n_trainers : int
        Trainers who scored at least one of those sessions.
    n_scores : int
        All scores of this criterion, including sessions with one trainer.
    icc_trainers : tuple of str
        The trainers of the complete block the ICC was computed on.
    flag : str or None
        ``"unreliable"`` (alpha below :data:`ALPHA_TENTATIVE`), ``"tentative"``
        (below :data:`ALPHA_RELIABLE`) or None.
    """

    criterion_id: str
    n_sessions: int
    n_trainers: int
    n_scores: int
    alpha: Estimate
    icc_single: Estimate
    icc_average: Estimate
    icc_trainers: tuple[str, ...]
    kappas: list[PairKappa]
    flag: str | None = None

    def to_json(self, locale: Locale = "en") -> dict[str, Any]:
        """The headline figures first, then CIs, the ICC block, the kappas and the flag."""
        return {
            "criterion_id": self.criterion_id,
            "alpha_ordinal": _num(self.alpha.value),
            "icc_single": _num(self.icc_single.value),
            "icc_average": _num(self.icc_average.value),
            "n_sessions": self.n_sessions,
            "n_trainers": self.n_trainers,
            "n_scores": self.n_scores,
            "alpha_reason": _text(self.alpha.reason, locale),
            "icc_form": ICC_FORM,
            "icc_single_ci": self.icc_single.ci(),
            "icc_average_ci": self.icc_average.ci(),
            "icc_n_sessions": self.icc_single.n,
            "icc_trainers": list(self.icc_trainers),
            "icc_reason": _text(self.icc_single.reason, locale),
            "kappa_weights": KAPPA_WEIGHTS,
            "kappas": [k.to_json(locale) for k in self.kappas],
            "flag": self.flag,
        }


@dataclass
class TrainerSeverity:
    """How much harsher (negative) or more lenient (positive) one trainer scores.

    Attributes
    ----------
    overall : Estimate
        Mean offset over every criterion; ``n`` counts sessions, ``n_scores`` offsets.
    by_criterion : dict of str to Estimate
        Mean offset per criterion; ``n`` counts sessions (one offset each).
    flag : str or None
        ``"harsh"``, ``"lenient"`` or None (see :data:`SEVERITY_POINTS`).
    """

    trainer_id: str
    overall: Estimate
    n_scores: int
    by_criterion: dict[str, Estimate]
    flag: str | None = None

    def to_json(self, locale: Locale = "en") -> dict[str, Any]:
        """Headline figures first, then uncertainty, n, the flag and per-criterion figures."""
        return {
            "trainer_id": self.trainer_id,
            "severity": _num(self.overall.value),
            "severity_se": _num(self.overall.se),
            "severity_ci": self.overall.ci(),
            "n_sessions": self.overall.n,
            "n_scores": self.n_scores,
            "severity_reason": _text(self.overall.reason, locale),
            "flag": self.flag,
            "by_criterion": [
                {
                    "criterion_id": cid,
                    "severity": _num(e.value),
                    "se": _num(e.se),
                    "ci": e.ci(),
                    "n_sessions": e.n,
                    "reason": _text(e.reason, locale),
                }
                for cid, e in self.by_criterion.items()
            ],
        }


@dataclass
class Flag:
    """A plain-language warning about a criterion or a trainer."""

    kind: str
    subject: str
    level: str
    note: Note

    def to_json(self, locale: Locale = "en") -> dict[str, Any]:
        """Kind (``criterion`` or ``trainer``), id, level and the message in ``locale``."""
        return {
            "kind": self.kind,
            "id": self.subject,
            "level": self.level,
            "message": self.note.text(locale),
        }


@dataclass
class Calibration:
    """Agreement per criterion and severity per trainer; see the module docstring."""

    criteria: list[CriterionAgreement]
    trainers: list[TrainerSeverity]

    @property
    def flags(self) -> list[Flag]:
        """Criteria whose agreement is too low, then trainers far harsher or more lenient."""
        out = []
        for c in self.criteria:
            if c.flag is not None:
                values = {"criterion": c.criterion_id, "alpha": _fmt(c.alpha.value)}
                out.append(
                    Flag("criterion", c.criterion_id, c.flag, Note(f"calib.flag.{c.flag}", values))
                )
        for tr in self.trainers:
            if tr.flag is not None:
                e = tr.overall
                values = {
                    "trainer": tr.trainer_id,
                    "points": _fmt(abs(e.value or 0.0)),
                    "low": _fmt(e.low, sign=True),
                    "high": _fmt(e.high, sign=True),
                    "n": e.n,
                }
                out.append(
                    Flag("trainer", tr.trainer_id, tr.flag, Note(f"calib.flag.{tr.flag}", values))
                )
        return out

    def to_json(self, locale: Locale = "en") -> dict[str, Any]:
        """One JSON-ready object: ``criteria``, ``trainers``, ``flags`` and the thresholds.

        Every NaN or missing figure is None (``null``), with a ``*reason``
        saying why in ``locale``.
        """
        return {
            "criteria": [c.to_json(locale) for c in self.criteria],
            "trainers": [tr.to_json(locale) for tr in self.trainers],
            "flags": [f.to_json(locale) for f in self.flags],
            "thresholds": {
                "alpha_tentative": ALPHA_TENTATIVE,
                "alpha_reliable": ALPHA_RELIABLE,
                "severity_points": SEVERITY_POINTS,
                "min_sessions": MIN_SESSIONS,
                "min_icc_sessions": MIN_ICC_SESSIONS,
                "min_pair_sessions": MIN_PAIR_SESSIONS,
                "min_severity_sessions": MIN_SEVERITY_SESSIONS,
            },
        }


def _num(x: float | None) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _text(note: Note | None, locale: Locale) -> str | None:
    return None if note is None else note.text(locale)


def _fmt(x: float | None, digits: int = 2, sign: bool = False) -> str:
    x = _num(x)
    if x is None:
        return "–"
    return f"{x:+.{digits}f}" if sign else f"{x:.{digits}f}"
