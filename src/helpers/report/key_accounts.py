"""Key accounts: visits against each tier's cadence, and the opportunity scores of the accounts
reps pursue.

The tiers' visit rules are ``key_account_tiers`` of ``playbooks/cadence.yaml`` (a strategic
account: the rep visits at least twice a month); a tier without a rep visit rule follows the
account's grade. Opportunity scores weigh the nine factor ratings with the trainer-editable
weights of ``playbooks/key_accounts/opportunity.yaml``, as the module 06 exercise does, and
are flagged against the same document's ``low_score`` and ``high_score``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.playbook.library import Library
from helpers.playbook.models import CadenceDoc, OpportunityDoc
from helpers.report.metrics import VISIT_TYPES, Period, cadence_scope
from helpers.store.tables import OPPORTUNITY_FACTORS

FLAGS: tuple[str, ...] = ("pursued_low", "unpursued_high")


def tier_cadence(
    status: pd.DataFrame, contacts: pd.DataFrame, cadence: CadenceDoc, period: Period
) -> pd.DataFrame:
    """Per key account the visit cadence applies to (:func:`~helpers.report.metrics.cadence_scope`),
    its visits in ``period`` against what its tier asks.

    Returns
    -------
    DataFrame
        Indexed by ``account_id``: ``owner_rep_id``, ``name``, ``tier``, ``grade``,
        ``visits`` (visits and meetings in the period), ``required`` (the tier's minimum
        visits a month, or the grade's where the tier has none, times the period's months,
        rounded, at least 1), ``on_track`` (visits >= required) and ``last_visit`` (the
        latest visit up to the period's end that the contacts read hold; NaT if none).
    """
    tiers = {x.id: x.rep_visits_per_month_min for x in cadence.key_account_tiers}
    grades = {g.id: g.min_visits_per_month for g in cadence.grades}
    keyed = status["tier"].isin(list(tiers))
    scope = status[keyed & cadence_scope(status, cadence, period)].copy()
    cols = ["owner_rep_id", "name", "tier", "grade", "visits", "required", "on_track"]
    if scope.empty:
        return scope.assign(visits=0, required=0, on_track=False, last_visit=pd.NaT)[
            [*cols, "last_visit"]
        ]
    upto = contacts["date"] <= pd.Timestamp(period.end)
    visits = contacts[contacts["type"].isin(VISIT_TYPES) & upto]
    counted = visits[period.mask(visits["date"])]["account_id"].value_counts()
    scope["visits"] = counted.reindex(scope.index, fill_value=0).astype(int)
    by_tier = scope["tier"].map(tiers).astype(float)
    per_month = by_tier.fillna(scope["grade"].map(grades).astype(float)).fillna(0)
    scope["required"] = np.maximum(1, np.round(per_month * period.months)).astype(int)
    scope["on_track"] = scope["visits"] >= scope["required"]
    scope["last_visit"] = visits.groupby("account_id")["date"].max().reindex(scope.index)
    return scope[[*cols, "last_visit"]]


def tiers_by_rep(tier_rows: pd.DataFrame, rep_ids: pd.Index, tiers: list[str]) -> pd.DataFrame:
    """Per rep (index ``rep_id``), for each tier: ``<tier>_accounts`` in scope and
    ``<tier>_on_track`` (visited as the tier asks)."""
    idx = pd.Index(rep_ids, name="rep_id")
    out = pd.DataFrame(index=idx)
    for tier in tiers:
        rows = tier_rows[tier_rows["tier"] == tier].groupby("owner_rep_id")["on_track"]
        out[f"{tier}_accounts"] = rows.size().reindex(idx, fill_value=0).astype(int)
        out[f"{tier}_on_track"] = rows.sum().reindex(idx, fill_value=0).astype(int)
    return out


def score_thresholds(lib: Library) -> tuple[float, float]:
    """The low and the high opportunity score of the library's opportunity-assessment
    document (the model's defaults when the library has none)."""
    docs: list[OpportunityDoc] = lib.of_kind("opportunity_assessment")
    if docs:
        return docs[0].low_score, docs[0].high_score
    fields = OpportunityDoc.model_fields
    return float(fields["low_score"].default), float(fields["high_score"].default)


def opportunity_weights(doc: OpportunityDoc) -> pd.Series:
    """The weight of each factor the store rates (by factor id), from the playbook."""
    weights = pd.Series({f.id: f.weight for f in doc.factors}, dtype=float)
    return weights[weights.index.isin(OPPORTUNITY_FACTORS)]


def opportunity_scores(opportunities: pd.DataFrame, doc: OpportunityDoc) -> pd.DataFrame:
    """Each assessment's weighted score, 1-5, and whether it is worth a second look.

    The score is the weighted mean of the ratings, the weights those of ``doc``
    (:func:`helpers.learner.exercises.opportunity.weighted_total` on the same ratings).

    Returns
    -------
    DataFrame
        ``opportunities`` with ``score`` and ``flag``: ``pursued_low`` (pursued, scoring
        below ``doc.low_score``), ``unpursued_high`` (not pursued, ``doc.high_score`` or
        more) or empty.
    """
    weights = opportunity_weights(doc)
    out = opportunities.copy()
    if weights.empty:
        return out.assign(score=pd.Series(dtype=float), flag="").iloc[0:0]
    ratings = out[list(weights.index)].astype(float)
    out["score"] = ratings.to_numpy() @ weights.to_numpy() / weights.sum()
    pursued = out["pursued"].astype(bool)
    out["flag"] = np.select(
        [pursued & (out["score"] < doc.low_score), ~pursued & (out["score"] >= doc.high_score)],
        list(FLAGS),
        default="",
    )
    return out


def opportunities_by_rep(scored: pd.DataFrame, rep_ids: pd.Index) -> pd.DataFrame:
    """Per rep (index ``rep_id``): accounts ``assessed``, ``pursued``, the ``pursued_score``
    (mean score of those pursued; NaN if none), ``pursued_low`` and ``unpursued_high``."""
    idx = pd.Index(rep_ids, name="rep_id")
    g = scored.groupby("rep_id")
    pursued = scored[scored["pursued"].astype(bool)].groupby("rep_id")
    out = pd.DataFrame(index=idx)
    out["assessed"] = g.size().reindex(idx, fill_value=0).astype(int)
    out["pursued"] = pursued.size().reindex(idx, fill_value=0).astype(int)
    out["pursued_score"] = pursued["score"].mean().reindex(idx)
    for flag in FLAGS:
        hits = scored[scored["flag"] == flag].groupby("rep_id").size()
        out[flag] = hits.reindex(idx, fill_value=0).astype(int)
    return out
