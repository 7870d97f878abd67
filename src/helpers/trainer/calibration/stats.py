"""Rater calibration statistics: how well trainers agree when they score the same role-plays.

Several trainers often score the same role-play on the rubric (1 to 5 per
criterion). A score is only useful if another trainer would have given the
same one, so this module measures agreement per criterion and each trainer's
severity, from a data frame with one row per score and the columns
``session_id``, ``criterion_id``, ``trainer_id`` and ``score`` (other columns
are ignored). Every function is pure; reading the scores is in
:mod:`helpers.trainer.calibration.scores`.

Per criterion
    * Krippendorff's alpha, ordinal level (``krippendorff`` package): the
      reliability matrix is trainers x sessions with NaN where a trainer did
      not score a session, which alpha handles by design.
    * The intraclass correlation, two-way random effects, absolute agreement:
      Shrout & Fleiss (1979) ICC(2,1) and ICC(2,k), McGraw & Wong (1996)
      ICC(A,1) and ICC(A,k), with 95% confidence intervals (``pingouin``). The
      ANOVA behind it needs every trainer to score every session, so it is
      computed on the largest complete block of the criterion's sessions x
      trainers table (see :func:`complete_block`); ``icc_trainers`` and
      ``icc_n_sessions`` say which block, and ICC(2,k) is the reliability of the
      mean of that block's k trainers.
    * Cohen's weighted kappa with quadratic weights for every pair of trainers
      who scored at least :data:`MIN_PAIR_SESSIONS` of the same sessions
      (``scikit-learn``).

Per trainer
    Severity: for every score that at least one other trainer also gave (same
    session and criterion), the score minus the mean of the other trainers'
    scores; severity is the mean of these offsets (negative = harsher). Its 95%
    confidence interval is t-based. Overall, the offsets of one session are
    not independent (one trainer's impression colours all twelve criteria),
    so the standard error is clustered by session and the t distribution has
    (sessions - 1) degrees of freedom; per criterion, each session gives one
    offset and this is the ordinary standard error.

    The consensus leaves the trainer out, so a trainer who is far off also
    moves the others' offsets the other way, by 1/(m - 1) of their own offset
    for m trainers on a session: with three trainers, one who scores a point
    below two who agree makes each of them look half a point lenient. When
    trainers are paired at random among T, severity estimates T/(T - 1) times
    the trainer's difference from the average trainer. Read the flags
    together: the trainer with the largest offset is the likely outlier.

Below the minimum data of :data:`MIN_SESSIONS`, :data:`MIN_ICC_SESSIONS`,
:data:`MIN_PAIR_SESSIONS` and :data:`MIN_SEVERITY_SESSIONS` a figure is None and
its ``reason`` says why in plain words (i18n keys ``calib.reason.*``).
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from helpers.i18n import t
from helpers.playbook.models import Locale
from helpers.playbook.scale import SCALE
from helpers.trainer.calibration.scores import _check

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

_PINGOUIN_TYPES = {"single": "ICC(A,1)", "average": "ICC(A,k)"}


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
        """The issue's keys first, then CIs, the ICC block, the kappas and the flag."""
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
        """The issue's keys first, then uncertainty, n, the flag and the per-criterion figures."""
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


# --------------------------------------------------------------- statistics


def _wide(scores: pd.DataFrame) -> pd.DataFrame:
    """Sessions x trainers table of one criterion's scores, NaN where not scored."""
    return scores.pivot(index="session_id", columns="trainer_id", values="score").astype(float)


def krippendorff_alpha(scores: pd.DataFrame, level: str = "ordinal") -> Estimate:
    """Krippendorff's alpha of one criterion's scores.

    Parameters
    ----------
    scores : pandas.DataFrame
        Columns ``session_id``, ``trainer_id``, ``score`` (1 to 5).
    level : str
        Level of measurement for ``krippendorff.alpha``: ``ordinal`` (used by
        :func:`calibrate`), ``nominal``, ``interval`` or ``ratio``.

    Returns
    -------
    Estimate
        ``n`` is the number of sessions with two or more scores. None, with a
        reason, below :data:`MIN_SESSIONS` such sessions or when every one of
        their scores is the same (then agreement cannot be told from chance).
    """
    import krippendorff

    wide = _wide(scores)
    paired = wide[wide.notna().sum(axis=1) >= 2]
    n = len(paired)
    if n < MIN_SESSIONS:
        return Estimate(
            None, n=n, reason=Note("calib.reason.too_few_sessions", {"n": n, "min": MIN_SESSIONS})
        )
    if paired.stack().nunique() < 2:
        return Estimate(None, n=n, reason=Note("calib.reason.no_variation"))
    # krippendorff wants raters x units
    value = krippendorff.alpha(
        reliability_data=paired.T.to_numpy(),
        level_of_measurement=level,
        value_domain=list(SCALE),
    )
    return Estimate(_num(value), n=n)


def complete_block(wide: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The largest complete block of a sessions x trainers table: trainers and sessions.

    The block is a group of two or more trainers and every session that all of
    them scored. Largest means most scores (sessions x trainers); a tie goes to
    the block with more trainers, then to the trainers first in column order.
    Every group is tried when there are at most :data:`MAX_EXHAUSTIVE_TRAINERS`
    trainers; beyond that, trainers are dropped one at a time, each time the
    one whose removal leaves the largest block (greedy, not always optimal).

    Returns
    -------
    tuple of (list of str, list of str)
        The block's trainers (in column order) and sessions (in row order);
        both empty if no two trainers share a session.
    """
    present = wide.notna().to_numpy()
    trainers, sessions = list(wide.columns), list(wide.index)

    def size(group: tuple[int, ...]) -> tuple[int, int]:
        n = int(present[:, list(group)].all(axis=1).sum())
        return (n * len(group) if n else 0, len(group))

    best: tuple[int, ...] = ()
    best_size = (0, 0)
    if len(trainers) <= MAX_EXHAUSTIVE_TRAINERS:
        for k in range(len(trainers), 1, -1):
            for group in itertools.combinations(range(len(trainers)), k):
                if (s := size(group)) > best_size:
                    best, best_size = group, s
    else:
        group = tuple(range(len(trainers)))
        best, best_size = group, size(group)
        while len(group) > 2:
            options = [tuple(i for i in group if i != drop) for drop in group]
            group = max(options, key=size)
            if (s := size(group)) > best_size:
                best, best_size = group, s
    if best_size[0] == 0:
        return [], []
    rows = present[:, list(best)].all(axis=1)
    return [trainers[i] for i in best], [s for s, keep in zip(sessions, rows, strict=True) if keep]


def icc(scores: pd.DataFrame) -> tuple[Estimate, Estimate, list[str]]:
    """ICC(2,1) and ICC(2,k) (two-way random, absolute agreement) with 95% CIs.

    Computed with ``pingouin.intraclass_corr`` (McGraw & Wong's ICC(A,1) and
    ICC(A,k), the same as Shrout & Fleiss' ICC(2,1) and ICC(2,k)) on the
    largest complete block of the scores (:func:`complete_block`), since the
    ANOVA needs every trainer to score every session.

    Parameters
    ----------
    scores : pandas.DataFrame
        Columns ``session_id``, ``trainer_id``, ``score`` (any numbers).

    Returns
    -------
    tuple of (Estimate, Estimate, list of str)
        Single-measure ICC, average-measures ICC (the mean of the block's k
        trainers), and the block's trainers. ``n`` is the block's sessions.
        None, with a reason, below :data:`MIN_ICC_SESSIONS` sessions in the block
        or when the block's scores do not vary.
    """
    import pingouin

    trainers, sessions = complete_block(_wide(scores))
    n = len(sessions)
    if n < MIN_ICC_SESSIONS:
        reason = Note("calib.reason.icc_block", {"n": n, "min": MIN_ICC_SESSIONS})
        return Estimate(None, n=n, reason=reason), Estimate(None, n=n, reason=reason), trainers
    block = scores[scores["session_id"].isin(sessions) & scores["trainer_id"].isin(trainers)]
    if block["score"].nunique() < 2:
        reason = Note("calib.reason.no_variation")
        return Estimate(None, n=n, reason=reason), Estimate(None, n=n, reason=reason), trainers
    saved = dict(pingouin.options)
    pingouin.options["round.column.CI95"] = None  # pingouin rounds CIs to 2 decimals by default
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            table = pingouin.intraclass_corr(
                data=block, targets="session_id", raters="trainer_id", ratings="score"
            ).set_index("Type")
    finally:
        pingouin.options.clear()
        pingouin.options.update(saved)
    out = []
    for kind in ("single", "average"):
        row = table.loc[_PINGOUIN_TYPES[kind]]
        value, (low, high) = _num(row["ICC"]), row["CI95"]
        reason = None if value is not None else Note("calib.reason.no_variation")
        out.append(Estimate(value, _num(low), _num(high), n=n, reason=reason))
    return out[0], out[1], trainers


def weighted_kappa(a: pd.Series | np.ndarray, b: pd.Series | np.ndarray) -> float | None:
    """Cohen's kappa with quadratic weights on the 1-5 scale, or None if undefined.

    Uses ``sklearn.metrics.cohen_kappa_score(weights="quadratic", labels=[1..5])``:
    the weights come from the distance on the whole scale, not only from the
    scores that happen to occur. None when chance agreement is already perfect
    (both trainers gave one and the same score throughout).
    """
    from sklearn.metrics import cohen_kappa_score

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        value = cohen_kappa_score(
            np.asarray(a, dtype=int),
            np.asarray(b, dtype=int),
            labels=list(SCALE),
            weights=KAPPA_WEIGHTS,
        )
    return _num(value)


def pairwise_kappa(scores: pd.DataFrame) -> list[PairKappa]:
    """Quadratic-weighted kappa for every pair of trainers who scored a session in common.

    A pair with fewer than :data:`MIN_PAIR_SESSIONS` common sessions is listed
    with its n and a reason instead of a kappa.
    """
    wide = _wide(scores)
    out = []
    for a, b in itertools.combinations(sorted(wide.columns), 2):
        both = wide[[a, b]].dropna()
        n = len(both)
        if n == 0:
            continue
        if n < MIN_PAIR_SESSIONS:
            reason = Note("calib.reason.pair_too_few", {"n": n, "min": MIN_PAIR_SESSIONS})
            out.append(PairKappa(a, b, Estimate(None, n=n, reason=reason)))
            continue
        value = weighted_kappa(both[a], both[b])
        reason = None if value is not None else Note("calib.reason.no_variation")
        out.append(PairKappa(a, b, Estimate(value, n=n, reason=reason)))
    return out


def offsets(scores: pd.DataFrame) -> pd.DataFrame:
    """Each score minus the mean of the other trainers' scores of the same session and criterion.

    Returns
    -------
    pandas.DataFrame
        The scores that at least one other trainer also gave, with the columns
        of :data:`COLUMNS` plus ``others`` (how many other trainers) and
        ``offset`` (points; negative = harsher than the others).
    """
    frame = _check(scores)
    keys = ["session_id", "criterion_id"]
    group = frame.groupby(keys)["score"]
    total, count = group.transform("sum"), group.transform("count")
    frame["others"] = count - 1
    frame = frame[frame["others"] >= 1].copy()
    others_mean = (total[frame.index] - frame["score"]) / frame["others"]
    frame["offset"] = frame["score"] - others_mean
    return frame.reset_index(drop=True)


def mean_offset(values: np.ndarray | pd.Series, sessions: np.ndarray | pd.Series) -> Estimate:
    """Mean offset with a t-based 95% CI whose standard error is clustered by session.

    With one offset per session this is the ordinary standard error s / sqrt(n).
    Otherwise it is the cluster-robust (CR1) standard error of a mean,
    sqrt(G / (G - 1) * sum_g e_g**2) / N, where e_g sums the residuals of
    session g, N counts offsets and G sessions; the t distribution has G - 1
    degrees of freedom. ``n`` is G. None, with a reason, below
    :data:`MIN_SEVERITY_SESSIONS` sessions.
    """
    from scipy import stats

    x = np.asarray(values, dtype=float)
    g = pd.Series(np.asarray(sessions)).astype(str)
    n_sessions = int(g.nunique())
    if n_sessions < MIN_SEVERITY_SESSIONS:
        reason = Note(
            "calib.reason.severity_too_few", {"n": n_sessions, "min": MIN_SEVERITY_SESSIONS}
        )
        return Estimate(None, n=n_sessions, reason=reason)
    mean = float(x.mean())
    residual_sums = pd.Series(x - mean).groupby(g.to_numpy()).sum().to_numpy()
    se = math.sqrt(n_sessions / (n_sessions - 1) * float((residual_sums**2).sum())) / len(x)
    half = float(stats.t.ppf(0.975, n_sessions - 1)) * se
    return Estimate(mean, mean - half, mean + half, se=se, n=n_sessions)


def severity(scores: pd.DataFrame) -> list[TrainerSeverity]:
    """Each trainer's severity, overall and per criterion, flagged when far from the others.

    A trainer is flagged ``harsh`` or ``lenient`` when the 95% CI of their
    overall severity excludes 0 and the severity is at least
    :data:`SEVERITY_POINTS` from 0.
    """
    checked = _check(scores)
    frame = offsets(checked)
    criteria = list(pd.unique(checked["criterion_id"]))
    out = []
    for trainer in sorted(checked["trainer_id"].unique()):
        mine = frame[frame["trainer_id"] == trainer]
        overall = mean_offset(mine["offset"], mine["session_id"])
        by_criterion = {}
        for cid in criteria:
            rows = mine[mine["criterion_id"] == cid]
            by_criterion[cid] = mean_offset(rows["offset"], rows["session_id"])
        flag = None
        if overall.value is not None and abs(overall.value) >= SEVERITY_POINTS:
            assert overall.low is not None and overall.high is not None
            if overall.high < 0:
                flag = "harsh"
            elif overall.low > 0:
                flag = "lenient"
        out.append(TrainerSeverity(trainer, overall, len(mine), by_criterion, flag))
    return out


def criterion_agreement(scores: pd.DataFrame, criterion_id: str) -> CriterionAgreement:
    """Alpha, ICC and pairwise kappa of one criterion's scores, flagged by alpha."""
    wide = _wide(scores)
    paired = wide[wide.notna().sum(axis=1) >= 2]
    alpha = krippendorff_alpha(scores)
    single, average, block = icc(scores)
    flag = None
    if alpha.value is not None and alpha.value < ALPHA_TENTATIVE:
        flag = "unreliable"
    elif alpha.value is not None and alpha.value < ALPHA_RELIABLE:
        flag = "tentative"
    return CriterionAgreement(
        criterion_id=criterion_id,
        n_sessions=len(paired),
        n_trainers=int(paired.notna().any(axis=0).sum()),
        n_scores=len(scores),
        alpha=alpha,
        icc_single=single,
        icc_average=average,
        icc_trainers=tuple(block),
        kappas=pairwise_kappa(scores),
        flag=flag,
    )


def calibrate(scores: pd.DataFrame) -> Calibration:
    """Agreement per criterion and severity per trainer.

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per score: ``session_id``, ``criterion_id``, ``trainer_id``,
        ``score`` (whole points 1 to 5); other columns are ignored. Not every
        trainer needs to score every session.

    Returns
    -------
    Calibration
        Criteria in the order they first appear, trainers sorted by id.

    Raises
    ------
    ValueError
        If a column is missing, a score is not 1 to 5, or a score appears twice.
    """
    frame = _check(scores)
    criteria = [
        criterion_agreement(frame[frame["criterion_id"] == cid], cid)
        for cid in pd.unique(frame["criterion_id"])
    ]
    return Calibration(criteria, severity(frame))
