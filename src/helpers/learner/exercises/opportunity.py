"""Opportunity assessment: rate accounts on the weighted factors, rank them, pick one."""

from __future__ import annotations

from collections.abc import Mapping

from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import OpportunityDoc, OpportunitySet

TOLERANCE = 1
"""A rating within this many points of the one the description supports counts as right."""


def weighted_total(doc: OpportunityDoc, ratings: Mapping[str, int | None]) -> float:
    """The weighted mean of ``ratings`` (factor id -> 1-5) over the document's factors.

    A factor left unrated counts as 0, so a total is only comparable once every
    factor is rated.
    """
    weights = {f.id: f.weight for f in doc.factors}
    total = sum(w * (ratings.get(f) or 0) for f, w in weights.items())
    return total / sum(weights.values())


def ranking(doc: OpportunityDoc, ratings: Mapping[str, Mapping[str, int | None]]) -> list[str]:
    """Account ids from the highest weighted total to the lowest (ties keep the given order)."""
    totals = {a: weighted_total(doc, r) for a, r in ratings.items()}
    return sorted(totals, key=lambda a: -totals[a])


def assess_opportunities(
    doc: OpportunityDoc,
    opp_set: OpportunitySet,
    ratings: Mapping[str, Mapping[str, int | None]],
    pick: str | None,
    lib: Library | None = None,
) -> Result:
    """Grade rating several accounts on the factors and picking the one to pursue.

    Each account earns a point when every factor is rated within
    :data:`TOLERANCE` of the rating its description supports; each factor
    further off is named with what a high and a low rating mean. The pick
    earns a point when it is the account the weights favour on the
    description's ratings. When the learner's own ratings, weighted, put
    another account strictly ahead of the pick, a line says so and points to
    the ratings that make the difference.

    Parameters
    ----------
    doc : OpportunityDoc
        The factors and their weights.
    opp_set : OpportunitySet
        The accounts compared.
    ratings : mapping
        Account id -> factor id -> the learner's rating 1-5 (None: not rated).
    pick : str or None
        The account the learner would pursue first.
    lib : Library, optional
        For the glossary names of the factors.

    Returns
    -------
    Result
        Out of the number of accounts plus one.
    """
    exercise_id = f"opportunity:{opp_set.id}"
    max_score = float(len(opp_set.accounts) + 1)
    if not pick and not any(v for r in ratings.values() for v in r.values()):
        return empty_answer(exercise_id, max_score)
    factors = {f.id: f for f in doc.factors}
    names = {a.id: a.name for a in opp_set.accounts}
    items: list[Feedback] = []
    missed: list[str] = []
    score = 0.0
    for account in opp_set.accounts:
        given = ratings.get(account.id, {})
        off = []
        for fid, want in account.ratings.items():
            got = given.get(fid)
            if got is None or abs(got - want) > TOLERANCE:
                off.append((fid, got, want))
        if not off:
            score += 1
            line = msg("fb.ka_rated_right", account=account.name)
            items.append(Feedback(account.id, True, line, "opportunity_assessment", 1.0))
            continue
        line = msg("fb.ka_rated_off", account=account.name, n=len(off))
        items.append(Feedback(account.id, False, line, "opportunity_assessment", 0.0))
        for fid, got, want in off:
            factor = factors[fid]
            if got is None:
                text = msg("fb.ka_factor_unrated", want=want, high=factor.high, low=factor.low)
            else:
                text = msg("fb.ka_factor_off", got=got, want=want, high=factor.high, low=factor.low)
            items.append(
                Feedback(f"{account.id}.{fid}", False, named(text, method_name(lib, fid)), fid)
            )
            missed.append(fid)
    best = ranking(doc, {a.id: a.ratings for a in opp_set.accounts})[0]
    method = method_name(lib, "opportunity_assessment")
    if pick is not None and pick not in names:
        items.append(Feedback("pick", False, msg("fb.unknown_option", name=pick)))
    if pick not in names:
        text = named(msg("fb.ka_no_pick", best=names[best], why=opp_set.why), method)
        items.append(Feedback("pick", False, text, "opportunity_assessment", 0.0))
        missed.append("opportunity_assessment")
    else:
        ok = pick == best
        if ok:
            text = msg("fb.ka_pick_right", best=names[best], why=opp_set.why)
        else:
            text = msg("fb.ka_pick_wrong", got=names[pick], best=names[best], why=opp_set.why)
        items.append(Feedback("pick", ok, named(text, method), "opportunity_assessment", float(ok)))
        score += float(ok)
        if not ok:
            missed.append("opportunity_assessment")
        complete = all(
            ratings.get(a.id, {}).get(f) is not None for a in opp_set.accounts for f in factors
        )
        own_best = ranking(doc, ratings)[0] if complete else None
        if own_best is not None and weighted_total(doc, ratings[pick]) < weighted_total(
            doc, ratings[own_best]
        ):
            text = msg("fb.ka_pick_against_weights", pick=names[pick], top=names[own_best])
            items.append(Feedback("weights", False, named(text, method), "opportunity_assessment"))
    result = Result(exercise_id, score, max_score, items, sorted(set(missed)))
    return result.with_rule("rule.ka_opportunity", tolerance=TOLERANCE)
