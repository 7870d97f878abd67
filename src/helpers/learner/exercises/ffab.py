"""FFAB exercises: assemble chains, tie benefits to needs, spot distractors, rank needs,
and write your own chain."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence

from helpers.learner.exercises.result import (
    Feedback,
    Result,
    empty_answer,
    in_order,
    method_name,
    msg,
    named,
)
from helpers.playbook.library import Library
from helpers.playbook.models import FFABChain, ProductDoc, Text

SLOTS = ("feature", "function", "advantage", "benefit")


def slot_name(lib: Library, slot: str) -> Text:
    """The glossary name of an FFAB slot, e.g. 利益 (B) / Benefit (B)."""
    terms = lib.terms
    return terms[slot][1].name if slot in terms else Text(zh=slot, en=slot)


def assembly_options(product: ProductDoc, seed: int = 0) -> dict[str, list[tuple[str, Text]]]:
    """For each slot, the lines of every chain of ``product``, shuffled.

    Option ids are ``<chain id>`` — picking the right chain's line for each slot
    assembles the chain.
    """
    rng = random.Random(seed)
    out: dict[str, list[tuple[str, Text]]] = {}
    for slot in SLOTS:
        lines = [(c.id, getattr(c, slot)) for c in product.chains]
        rng.shuffle(lines)
        out[slot] = lines
    return out


def _unknown(values: Sequence[str], known: set[str]) -> list[Feedback]:
    """A line naming each id (once) that is not one of the options."""
    return [
        Feedback(v, False, msg("fb.unknown_option", name=v))
        for v in dict.fromkeys(values)
        if v not in known
    ]


def assemble(
    lib: Library,
    product: ProductDoc,
    chain_id: str,
    answer: Mapping[str, str],
    given: Sequence[str] = (),
) -> Result:
    """Grade assembling one chain: for each slot the learner picks a chain's line.

    Parameters
    ----------
    lib : Library
        For the glossary names of the slots.
    product : ProductDoc
        The product whose chains the lines come from.
    chain_id : str
        The chain to assemble.
    answer : mapping
        Slot ("feature", "function", "advantage", "benefit") -> the chain id
        whose line was picked. Slot names or chain ids that are not options
        are named in the feedback.
    given : sequence of str
        Slots shown to the learner rather than picked (e.g. the feature the
        exercise starts from): they are neither asked for nor scored.

    Returns
    -------
    Result
        One point per slot picked right, out of the slots not given.

    Raises
    ------
    ValueError
        If ``chain_id`` is not a chain of ``product``.
    """
    exercise_id = f"ffab_assemble:{product.id}.{chain_id}"
    chain = next((c for c in product.chains if c.id == chain_id), None)
    if chain is None:
        raise ValueError(f"product {product.id!r} has no chain {chain_id!r}")
    asked = [s for s in SLOTS if s not in given]
    picked = {k: v for k, v in answer.items() if v and k in asked}
    if not picked:
        return empty_answer(exercise_id, len(asked))
    chains = {c.id for c in product.chains}
    items = _unknown([k for k, v in answer.items() if v], set(SLOTS))
    items += _unknown(list(picked.values()), chains)
    missed = []
    score = 0
    for slot in asked:
        name = slot_name(lib, slot)
        if picked.get(slot) == chain.id:
            score += 1
            items.append(Feedback(slot, True, msg("fb.slot_right", slot=name), slot, 1.0))
        else:
            want = getattr(chain, slot)
            text = msg("fb.slot_wrong", slot=name, want=want)
            items.append(Feedback(slot, False, text, slot, 0.0))
            missed.append(slot)
    result = Result(exercise_id, float(score), float(len(asked)), items, missed)
    return result.with_rule("rule.assemble")


def tie_needs(product: ProductDoc, answer: Mapping[str, str]) -> Result:
    """Grade tying each chain's benefit to the need it answers.

    Parameters
    ----------
    product : ProductDoc
        The product whose chains and needs are used.
    answer : mapping
        Chain id -> need id. Chain ids and need ids that are not options here
        are named in the feedback (and earn nothing).

    Returns
    -------
    Result
        One point per chain tied to its need.
    """
    exercise_id = f"ffab_needs:{product.id}"
    answer = {k: v for k, v in answer.items() if v}
    if not answer:
        return empty_answer(exercise_id, len(product.chains))
    needs = {n.id: n.text for n in product.needs}
    items = _unknown(list(answer), {c.id for c in product.chains})
    items += _unknown(list(answer.values()), set(needs))
    missed, score = [], 0
    for c in product.chains:
        got = answer.get(c.id)
        if got == c.need:
            score += 1
            text = msg("fb.need_right", benefit=c.benefit, need=needs[c.need])
            items.append(Feedback(c.id, True, text, "benefit", 1.0))
        else:
            got_text = needs.get(got or "", msg("label.none"))
            text = msg("fb.need_wrong", benefit=c.benefit, need=needs[c.need], got=got_text)
            items.append(Feedback(c.id, False, text, "benefit", 0.0))
            missed.append("benefit")
    result = Result(exercise_id, float(score), float(len(product.chains)), items, missed)
    return result.with_rule("rule.tie_needs")


def distractor_options(product: ProductDoc, seed: int = 0) -> list[tuple[str, Text]]:
    """Benefits of the chains (``chain:<id>``) mixed with the distractors (``distractor:<id>``)."""
    options = [(f"chain:{c.id}", c.benefit) for c in product.chains]
    options += [(f"distractor:{d.id}", d.text) for d in product.distractors]
    random.Random(seed).shuffle(options)
    return options


def spot_distractors(
    product: ProductDoc, picked: Sequence[str], presented: Sequence[str] | None = None
) -> Result:
    """Grade picking the distractors out of a mixed list of benefits.

    One point per distractor found, one off per real benefit picked (not below 0).
    A repeated pick counts once; ids that are not options are named.

    Parameters
    ----------
    product : ProductDoc
        A product with distractors.
    picked : sequence of str
        Option ids from :func:`distractor_options` (``chain:<id>``, ``distractor:<id>``).
    presented : sequence of str, optional
        The option ids in the order the learner saw them: the lines follow it.

    Raises
    ------
    ValueError
        If the product has no distractors.
    """
    exercise_id = f"ffab_distractors:{product.id}"
    if not product.distractors:
        raise ValueError(f"product {product.id} has no distractors")
    if not picked:
        return empty_answer(exercise_id, len(product.distractors))
    chosen = set(picked)
    needs = {n.id: n.text for n in product.needs}
    known = {f"chain:{c.id}" for c in product.chains}
    known |= {f"distractor:{d.id}" for d in product.distractors}
    items = _unknown(list(picked), known)
    missed, score = [], 0
    for d in product.distractors:
        key = f"distractor:{d.id}"
        found = key in chosen
        score += found
        text = msg(
            "fb.distractor_found" if found else "fb.distractor_missed", name=d.text, why=d.why
        )
        items.append(Feedback(key, found, text, "benefit", float(found)))
        if not found:
            missed.append("benefit")
    for c in product.chains:
        key = f"chain:{c.id}"
        if key in chosen:
            score -= 1
            text = msg("fb.distractor_false", name=c.benefit, need=needs[c.need])
            items.append(Feedback(key, False, text, "benefit", -1.0))
    items = in_order(items, presented)
    top = float(len(product.distractors))
    return Result(exercise_id, float(max(0, score)), top, items, missed).with_rule(
        "rule.distractors"
    )


def rank_needs(product: ProductDoc, ranking: Sequence[str], lib: Library | None = None) -> Result:
    """Grade ranking the customer's needs before pitching (most important first).

    One point per need whose rank matches the customer's priority order; needs
    of equal priority may come in either order. A need ranked more than once
    counts once, at its first place, and is named; unknown ids are named too.
    Every line names the method (the FFAB pitch).

    Parameters
    ----------
    product : ProductDoc
        The product whose customer's needs are ranked.
    ranking : sequence of str
        Need ids, most important first; an empty string is a rank left empty.
    lib : Library, optional
        For the glossary name of the method; without it the method id is shown.

    Returns
    -------
    Result
        Out of the number of needs; ``missed`` holds "ffab" for each need out of place.
    """
    exercise_id = f"ffab_rank:{product.id}"
    if not any(ranking):
        return empty_answer(exercise_id, len(product.needs))
    method = method_name(lib, "ffab")
    by_id = {n.id: n for n in product.needs}
    ordered = sorted(product.needs, key=lambda n: n.priority)
    # the ranks a need may take: equal priorities share a span of ranks
    spans: dict[str, tuple[int, int]] = {}
    for n in ordered:
        first = 1 + sum(1 for m in ordered if m.priority < n.priority)
        last = sum(1 for m in ordered if m.priority <= n.priority)
        spans[n.id] = (first, last)
    items: list[Feedback] = []
    missed: list[str] = []
    score = 0
    seen: set[str] = set()
    for pos, nid in enumerate(ranking, start=1):
        if not nid:
            continue
        need = by_id.get(nid)
        if need is None:
            items.append(Feedback(nid, False, msg("fb.unknown_option", name=nid), "ffab"))
            continue
        if nid in seen:
            text = named(msg("fb.duplicate", name=need.text), method)
            items.append(Feedback(nid, False, text, "ffab"))
            continue
        seen.add(nid)
        lo, hi = spans[nid]
        if lo <= pos <= hi:
            score += 1
            text = named(msg("fb.rank_right", pos=pos, name=need.text), method)
            items.append(Feedback(nid, True, text, "ffab", 1.0))
        else:
            want = f"{lo}" if lo == hi else f"{lo}-{hi}"
            text = named(msg("fb.rank_wrong", name=need.text, want=want, got=pos), method)
            items.append(Feedback(nid, False, text, "ffab", 0.0))
            missed.append("ffab")
    for n in ordered:
        if n.id not in seen:
            lo, hi = spans[n.id]
            want = f"{lo}" if lo == hi else f"{lo}-{hi}"
            text = named(msg("fb.rank_unranked", name=n.text, want=want), method)
            items.append(Feedback(n.id, False, text, "ffab", 0.0))
            missed.append("ffab")
    result = Result(exercise_id, float(score), float(len(product.needs)), items, missed)
    return result.with_rule("rule.rank")


_YOU = re.compile(r"(您|你们|你|贵公司|贵店|咱们|\byou\b|\byour\b|\byou'?ll\b|\byou'?re\b)", re.I)
_SPEC = re.compile(
    r"(\d+(\.\d+)?\s*(%|mm|cm|kg|g|ml|l|mpa|级|毫米|厘米|公斤|克|毫升|升|层)"
    r"|工艺|材质|规格|配方|technology|formula|spec)",
    re.I,
)


def own_chain(lib: Library, product: ProductDoc, fields: Mapping[str, str]) -> Result:
    """Give feedback on a chain the learner wrote in structured fields.

    ``fields`` has "feature", "function", "advantage", "benefit" (text) and
    "need" (a need id of ``product``). Scored out of 6: one point per filled,
    distinct slot, one for naming the need, one for a benefit told from the
    customer's side without product specifications. Each of the six points
    has its line, earned or not.
    """
    exercise_id = f"ffab_own:{product.id}"
    texts = {s: (fields.get(s) or "").strip() for s in SLOTS}
    if not any(texts.values()):
        return empty_answer(exercise_id, 6)
    items, missed = [], []
    score = 0
    seen: dict[str, str] = {}
    for slot in SLOTS:
        name = slot_name(lib, slot)
        value = texts[slot]
        if not value:
            items.append(Feedback(slot, False, msg("fb.own_chain_empty", slot=name), slot, 0.0))
            missed.append(slot)
        elif value in seen:
            other = slot_name(lib, seen[value])
            text = msg("fb.own_chain_same", slot=name, other=other)
            items.append(Feedback(slot, False, text, slot, 0.0))
            missed.append(slot)
        else:
            seen[value] = slot
            score += 1
            items.append(Feedback(slot, True, msg("fb.own_chain_filled", slot=name), slot, 1.0))
    needs = {n.id: n.text for n in product.needs}
    need = fields.get("need")
    if need in needs:
        score += 1
        text = msg("fb.own_chain_need", need=needs[need])
        items.append(Feedback("need", True, text, "benefit", 1.0))
    else:
        items.append(Feedback("need", False, msg("fb.own_chain_no_need"), "benefit", 0.0))
        missed.append("benefit")
    benefit = texts["benefit"]
    if not benefit:
        key, ok = "fb.own_chain_benefit_missing", False
    elif _SPEC.search(benefit):
        key, ok = "fb.own_chain_feature_as_benefit", False
    elif _YOU.search(benefit):
        key, ok = "fb.own_chain_benefit_customer", True
    else:
        key, ok = "fb.own_chain_benefit_product", False
    score += ok
    items.append(Feedback("benefit_side", ok, msg(key), "benefit", float(ok)))
    if not ok:
        missed.append("benefit")
    result = Result(exercise_id, float(score), 6.0, items, sorted(set(missed)))
    return result.with_rule("rule.own_chain")


def chain_by_id(product: ProductDoc, chain_id: str) -> FFABChain:
    """Return the chain ``chain_id`` of ``product``."""
    return next(c for c in product.chains if c.id == chain_id)
