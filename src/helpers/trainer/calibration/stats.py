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

import numpy as np
import pandas as pd

from helpers.playbook.scale import SCALE
from helpers.trainer.calibration.results import (
    ALPHA_RELIABLE,
    ALPHA_TENTATIVE,
    KAPPA_WEIGHTS,
    MAX_EXHAUSTIVE_TRAINERS,
    MIN_ICC_SESSIONS,
    MIN_PAIR_SESSIONS,
    MIN_SESSIONS,
    MIN_SEVERITY_SESSIONS,
    SEVERITY_POINTS,
    Calibration,
    CriterionAgreement,
    Estimate,
    Note,
    PairKappa,
    TrainerSeverity,
    _num,
)
from helpers.trainer.calibration.scores import _check

_PINGOUIN_TYPES = {"single": "ICC(A,1)", "average": "ICC(A,k)"}


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
