"""The layered product line: put each product in a layer, then withdraw some without
breaking the chain of products that keeps the channel's profit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import LineProduct, ProductLineCase

GROWING: frozenset[str] = frozenset({"lc_growth", "lc_maturity"})
"""Stages in which a product can take over from one that is withdrawn."""

COMING_UP: frozenset[str] = frozenset({"lc_launch", "lc_growth"})
"""Stages of a product that will carry the channel after today's mature ones."""


@dataclass(frozen=True)
class ChainRule:
    """A rule a withdrawal plan must keep: its id, and the method term it rests on."""

    id: str
    term: str


CHAIN_RULES: tuple[ChainRule, ...] = (
    ChainRule("lead_kept", "pl_lead"),
    ChainRule("profit_alive", "pl_profit"),
    ChainRule("only_declining", "lc_decline"),
    ChainRule("successor", "lc_maturity"),
    ChainRule("next_link", "lc_growth"),
)
"""The chain rules, in the order the feedback gives them; ``fb.pl_rule.<id>`` says each."""


def broken_rules(products: Sequence[LineProduct], withdrawn: Sequence[str]) -> dict[str, list[str]]:
    """Which chain rules withdrawing ``withdrawn`` breaks, and the products that break each.

    Parameters
    ----------
    products : sequence of LineProduct
        The line, with each product's true layer and stage.
    withdrawn : sequence of str
        The ids of the products taken out of the line.

    Returns
    -------
    dict
        Rule id -> the ids of the products at fault (empty when the fault is
        something missing, such as no lead product left); rules kept are absent.
    """
    out = set(withdrawn)
    kept = [p for p in products if p.id not in out]
    gone = [p for p in products if p.id in out]
    broken: dict[str, list[str]] = {}
    if not any(p.role == "pl_lead" and p.stage != "lc_decline" for p in kept):
        broken["lead_kept"] = []
    if not any(p.role == "pl_profit" and p.stage != "lc_decline" for p in kept):
        broken["profit_alive"] = []
    early = [p.id for p in gone if p.stage != "lc_decline"]
    if early:
        broken["only_declining"] = early
    orphaned = [
        p.id for p in gone if not any(k.role == p.role and k.stage in GROWING for k in kept)
    ]
    if orphaned:
        broken["successor"] = orphaned
    if not any(p.stage in COMING_UP for p in kept):
        broken["next_link"] = []
    return broken


def sound_plans(case: ProductLineCase) -> list[list[str]]:
    """Every set of ``case.withdraw`` product ids whose withdrawal breaks no chain rule."""
    ids = [p.id for p in case.products]
    return [list(c) for c in combinations(ids, case.withdraw) if not broken_rules(case.products, c)]


def grade_product_line(
    case: ProductLineCase,
    roles: Mapping[str, str | None],
    withdrawn: Sequence[str],
    lib: Library | None = None,
) -> Result:
    """Grade putting each product in a layer and the plan of which products to withdraw.

    One point per product in its layer (a wrong one says why it belongs where
    it does). The plan earns one point per chain rule it keeps, but only when
    it withdraws as many products as the situation needs: otherwise each rule
    is listed as not scored. Each rule broken is named with the products at fault.

    Parameters
    ----------
    case : ProductLineCase
        The line and how many products must go.
    roles : mapping
        Product id -> the layer (term id) the learner chose, or None.
    withdrawn : sequence of str
        The ids of the products the learner would withdraw.
    lib : Library, optional
        For the glossary names of the layers, stages and rules.

    Returns
    -------
    Result
        Out of the number of products plus the number of chain rules.
    """
    exercise_id = f"product_line:{case.id}"
    max_score = float(len(case.products) + len(CHAIN_RULES))
    if not any(roles.values()) and not withdrawn:
        return empty_answer(exercise_id, max_score)
    names = {p.id: p.name for p in case.products}
    items: list[Feedback] = []
    missed: list[str] = []
    score = 0.0
    for p in case.products:
        got = roles.get(p.id)
        ok = got == p.role
        layer = method_name(lib, p.role)
        if ok:
            text = msg("fb.pl_role_right", product=p.name, role=layer, why=p.why)
        elif got:
            got_name = method_name(lib, got)
            text = msg("fb.pl_role_wrong", product=p.name, role=layer, got=got_name, why=p.why)
            missed.append(p.role)
        else:
            text = msg("fb.pl_role_missing", product=p.name, role=layer, why=p.why)
            missed.append(p.role)
        items.append(Feedback(p.id, ok, named(text, layer), p.role, float(ok)))
        score += float(ok)
    unknown = [w for w in withdrawn if w not in names]
    for w in unknown:
        items.append(Feedback("withdraw", False, msg("fb.unknown_option", name=w)))
    chosen = [p.id for p in case.products if p.id in set(withdrawn)]
    counted = len(chosen) == case.withdraw and not unknown
    if not counted:
        text = msg("fb.pl_count", n=case.withdraw, got=len(chosen))
        items.append(Feedback("withdraw", False, text, "profit_chain", 0.0))
        missed.append("profit_chain")
    broken = broken_rules(case.products, chosen)
    for rule in CHAIN_RULES:
        step = method_name(lib, rule.term)
        said = msg(f"fb.pl_rule.{rule.id}")
        if rule.id in broken:
            at_fault = [names[i] for i in broken[rule.id]]
            if at_fault:
                text = msg("fb.pl_rule_broken_by", rule=said, products=at_fault)
            else:
                text = msg("fb.pl_rule_broken", rule=said)
            items.append(Feedback(rule.id, False, named(text, step), rule.term, 0.0))
            missed.append(rule.term)
        elif counted:
            text = named(msg("fb.pl_rule_kept", rule=said), step)
            items.append(Feedback(rule.id, True, text, rule.term, 1.0))
            score += 1.0
        else:
            text = named(msg("fb.pl_rule_not_scored", rule=said), step)
            items.append(Feedback(rule.id, False, text, rule.term, 0.0))
    result = Result(exercise_id, score, max_score, items, sorted(set(missed)))
    return result.with_rule("rule.product_line", n=case.withdraw)
