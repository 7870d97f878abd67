"""Rater calibration: how well trainers agree when they score the same role-plays.

Scores are one row per score with the columns ``session_id``, ``criterion_id``,
``trainer_id`` and ``score`` (1 to 5). :mod:`~helpers.calibration.scores` reads
and checks them, :mod:`~helpers.calibration.stats` measures agreement per
criterion and severity per trainer (see its docstring for the methods), and
:mod:`~helpers.calibration.views` shows the result as tables, flags, Markdown,
a text report and charts.

>>> from helpers import calibration
>>> result = calibration.calibrate(calibration.read_scores("scores.csv"))  # doctest: +SKIP
>>> calibration.format_report(result, "en")  # doctest: +SKIP
"""

from helpers.calibration.scores import (
    COLUMNS,
    SCALE,
    ScoreSource,
    load_scores,
    read_scores,
    store_scores,
)
from helpers.calibration.stats import (
    ALPHA_RELIABLE,
    ALPHA_TENTATIVE,
    ICC_FORM,
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
    Flag,
    Note,
    PairKappa,
    TrainerSeverity,
    calibrate,
    complete_block,
    criterion_agreement,
    icc,
    krippendorff_alpha,
    mean_offset,
    offsets,
    pairwise_kappa,
    severity,
    weighted_kappa,
)
from helpers.calibration.views import (
    alpha_chart,
    criteria_table,
    flag_lines,
    flags_markdown,
    format_report,
    offset_chart,
    source_markdown,
    trainers_table,
)

__all__ = [
    "ALPHA_RELIABLE",
    "ALPHA_TENTATIVE",
    "COLUMNS",
    "ICC_FORM",
    "KAPPA_WEIGHTS",
    "MAX_EXHAUSTIVE_TRAINERS",
    "MIN_ICC_SESSIONS",
    "MIN_PAIR_SESSIONS",
    "MIN_SESSIONS",
    "MIN_SEVERITY_SESSIONS",
    "SCALE",
    "SEVERITY_POINTS",
    "Calibration",
    "CriterionAgreement",
    "Estimate",
    "Flag",
    "Note",
    "PairKappa",
    "ScoreSource",
    "TrainerSeverity",
    "alpha_chart",
    "calibrate",
    "complete_block",
    "criteria_table",
    "criterion_agreement",
    "flag_lines",
    "flags_markdown",
    "format_report",
    "icc",
    "krippendorff_alpha",
    "load_scores",
    "mean_offset",
    "offset_chart",
    "offsets",
    "pairwise_kappa",
    "read_scores",
    "severity",
    "source_markdown",
    "store_scores",
    "trainers_table",
    "weighted_kappa",
]
