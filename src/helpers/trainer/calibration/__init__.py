"""Rater calibration: how well trainers agree when they score the same role-plays.

Scores are one row per score with the columns ``session_id``, ``criterion_id``,
``trainer_id`` and ``score`` (1 to 5). :mod:`~helpers.trainer.calibration.scores` reads
and checks them, :mod:`~helpers.trainer.calibration.stats` measures agreement per
criterion and severity per trainer (see its docstring for the methods), and
:mod:`~helpers.trainer.calibration.views` shows the result as tables, flags, Markdown,
a text report and charts.

>>> from helpers.trainer import calibration
>>> result = calibration.calibrate(calibration.read_scores("scores.csv"))  # doctest: +SKIP
>>> calibration.format_report(result, "en")  # doctest: +SKIP
"""

from helpers.playbook.scale import SCALE
from helpers.trainer.calibration.results import (
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
)
from helpers.trainer.calibration.scores import (
    COLUMNS,
    ScoreSource,
    load_scores,
    read_scores,
    store_scores,
)
from helpers.trainer.calibration.stats import (
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
from helpers.trainer.calibration.views import (
    alpha_chart,
    alpha_image,
    criteria_table,
    flag_lines,
    flags_markdown,
    format_report,
    offset_chart,
    offset_image,
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
    "alpha_image",
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
    "offset_image",
    "offsets",
    "pairwise_kappa",
    "read_scores",
    "severity",
    "source_markdown",
    "store_scores",
    "trainers_table",
    "weighted_kappa",
]
