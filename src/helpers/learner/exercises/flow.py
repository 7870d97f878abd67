"""Visit-flow exercises: order the stages, say what comes next, pick the checklist."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from helpers.learner.exercises.result import (
    Feedback,
    Result,
    empty_answer,
    in_order,
    msg,
    named,
)
from helpers.playbook.models import Method, Stage, Text, VisitFlowDoc


def _duplicates(answer: Sequence[str], names: dict[str, Text]) -> list[Feedback]:
    out = []
    for item, n in Counter(a for a in answer if a).items():
        if n > 1:
            out.append(Feedback(item, False, msg("fb.duplicate", name=names.get(item, item))))
    return out


def _unknown(answer: Sequence[str], names: dict[str, Text]) -> list[Feedback]:
    return [
        Feedback(a, False, msg("fb.unknown_option", name=a))
        for a in dict.fromkeys(answer)
        if a and a not in names
    ]


def kept_in_order(expected: Sequence[str], answer: Sequence[str]) -> set[str]:
    """The largest set of items the answer keeps in their right order relative to one another.

    Each item counts at its first place in ``answer``; items missing from it,
    unknown ids and empty places are left out. Among equally large sets the
    one with more items at their exact place wins, then the first found. A
    set of one item is kept only when that item is at its exact place.

    Parameters
    ----------
    expected : sequence of str
        The ids in the right order.
    answer : sequence of str
        The learner's order.

    Returns
    -------
    set of str
        The ids of the longest subsequence of ``answer`` that follows ``expected``.
    """
    rank = {sid: i for i, sid in enumerate(expected)}
    place: dict[str, int] = {}
    for i, item in enumerate(answer):
        if item in rank and item not in place:
            place[item] = i
    seq = sorted(place, key=place.__getitem__)
    # best[j]: (length, items at their exact place, previous index) of the best chain ending at j
    best: list[tuple[int, int, int]] = []
    for j, item in enumerate(seq):
        exact = int(place[item] == rank[item])
        top = (1, exact, -1)
        for i in range(j):
            if rank[seq[i]] < rank[item] and (best[i][0] + 1, best[i][1] + exact) > top[:2]:
                top = (best[i][0] + 1, best[i][1] + exact, i)
        best.append(top)
    if not best:
        return set()
    j = max(range(len(best)), key=lambda k: best[k][:2])
    if best[j][0] == 1 and not best[j][1]:
        return set()  # one item alone is in order with nothing: it counts only at its place
    kept = set()
    while j >= 0:
        kept.add(seq[j])
        j = best[j][2]
    return kept


def grade_order(
    exercise_id: str, expected: Sequence[str], names: dict[str, Text], answer: Sequence[str]
) -> Result:
    """Grade an ordering: one point for each item kept in order with the others.

    The points are the size of :func:`kept_in_order`, so one item moved to
    the wrong end costs one point, not every place after it. Each line says
    whether the item is at its place, in order with the others though
    shifted, out of order (with the step it belongs at), or missing.

    Parameters
    ----------
    exercise_id : str
        Id recorded with the result.
    expected : sequence of str
        The ids in the right order.
    names : dict
        The display name of each id.
    answer : sequence of str
        The learner's order; an empty string is a place left empty. Repeated,
        unknown or missing ids are named in the feedback.
    """
    if not any(answer):
        return empty_answer(exercise_id, len(expected))
    items = _unknown(answer, names) + _duplicates(answer, names)
    kept = kept_in_order(expected, answer)
    missed: list[str] = []
    for pos, sid in enumerate(expected, start=1):
        name = names[sid]
        if sid in kept:
            got = answer.index(sid) + 1
            key = "fb.order_right" if got == pos else "fb.order_in_sequence"
            items.append(Feedback(sid, True, msg(key, pos=pos, name=name), sid, 1.0))
            continue
        if sid in answer:
            got = answer.index(sid) + 1
            text = msg("fb.order_wrong", name=name, pos=pos, got=got)
        else:
            text = msg("fb.order_missing", pos=pos, name=name)
        items.append(Feedback(sid, False, text, sid, 0.0))
        missed.append(sid)
    result = Result(exercise_id, float(len(kept)), float(len(expected)), items, missed)
    return result.with_rule("rule.order")


def stage_order(flow: VisitFlowDoc, answer: Sequence[str]) -> Result:
    """Grade putting the stages of ``flow`` in order (answer: stage ids)."""
    stages = flow.ordered()
    names = {s.id: s.name for s in stages}
    return grade_order(f"flow_order:{flow.id}", [s.id for s in stages], names, answer)


def term_order(method: Method, prefix: str, answer: Sequence[str]) -> Result:
    """Grade putting the parts of a method in order, e.g. the opening statement's four parts.

    ``prefix`` selects the terms (``"opening_"`` or ``"commit_"``), in glossary order.
    """
    terms = [t for t in method.terms if t.id.startswith(prefix)]
    if not terms:
        raise ValueError(f"method {method.id!r} has no terms starting with {prefix!r}")
    names = {t.id: t.name for t in terms}
    return grade_order(f"term_order:{prefix.rstrip('_')}", [t.id for t in terms], names, answer)


def next_stage(flow: VisitFlowDoc, current: str, answer: str | None) -> Result:
    """Grade "what do you do next?" after stage ``current`` (answer: a stage id).

    Parameters
    ----------
    flow : VisitFlowDoc
        The flow the question is about.
    current : str
        The id of the stage just done.
    answer : str or None
        The stage id the learner picked; an id that is not a stage of ``flow``
        is named as not one of the options.

    Raises
    ------
    ValueError
        If ``current`` is not a stage of ``flow``.
    """
    stages = flow.ordered()
    ids = [s.id for s in stages]
    if current not in ids:
        raise ValueError(f"{current!r} is not a stage of flow {flow.id!r}; stages: {ids}")
    exercise_id = f"flow_next:{flow.id}.{current}"
    here = stages[ids.index(current)]
    if ids.index(current) == len(ids) - 1:
        return Result(
            exercise_id, 1.0, 1.0, [Feedback(current, True, msg("fb.next_end", current=here.name))]
        )
    if not answer:
        return empty_answer(exercise_id, 1.0)
    nxt = stages[ids.index(current) + 1]
    if answer == nxt.id:
        fb = Feedback(nxt.id, True, msg("fb.next_right", name=nxt.name, goal=nxt.goal), nxt.id)
        return Result(exercise_id, 1.0, 1.0, [fb])
    items = []
    if answer not in ids:
        items.append(Feedback(answer, False, msg("fb.unknown_option", name=answer)))
    items.append(
        Feedback(
            nxt.id,
            False,
            msg("fb.next_wrong", current=here.name, name=nxt.name, goal=nxt.goal),
            nxt.id,
        )
    )
    return Result(exercise_id, 0.0, 1.0, items, [nxt.id])


def checklist_options(stage: Stage, seed: int = 0) -> list[tuple[str, Text]]:
    """The options of a checklist exercise: the stage's checklist and its common mistakes, mixed.

    Option ids are ``c<i>`` for checklist items and ``m<i>`` for mistakes.
    """
    options = [(f"c{i}", t) for i, t in enumerate(stage.checklist)]
    options += [(f"m{i}", t) for i, t in enumerate(stage.mistakes)]
    random.Random(seed).shuffle(options)
    return options


def checklist_pick(
    stage: Stage, picked: Sequence[str], presented: Sequence[str] | None = None
) -> Result:
    """Grade picking what belongs on the stage's checklist and leaving out the mistakes.

    One point per checklist item picked, minus one per mistake picked (never below 0).
    Every line names the stage and the points it earned or cost; repeated and
    unknown option ids are named too.

    Parameters
    ----------
    stage : Stage
        The stage whose checklist is practised.
    picked : sequence of str
        Option ids from :func:`checklist_options` (``c<i>``, ``m<i>``).
    presented : sequence of str, optional
        The option ids in the order the learner saw them: the lines follow it.
    """
    exercise_id = f"checklist:{stage.id}"
    good = {f"c{i}": t for i, t in enumerate(stage.checklist)}
    bad = {f"m{i}": t for i, t in enumerate(stage.mistakes)}
    names = {**good, **bad}
    if not picked:
        return empty_answer(exercise_id, len(good))
    items = _unknown(picked, names) + _duplicates(picked, names)
    chosen = set(picked)
    score = 0
    for oid, text in good.items():
        if oid in chosen:
            score += 1
            line = named(msg("fb.pick_right", name=text), stage.name)
            items.append(Feedback(oid, True, line, stage.id, 1.0))
        else:
            line = named(msg("fb.pick_missed", name=text), stage.name)
            items.append(Feedback(oid, False, line, stage.id, 0.0))
    for oid, text in bad.items():
        if oid in chosen:
            score -= 1
            line = named(msg("fb.pick_wrong", name=text), stage.name)
            items.append(Feedback(oid, False, line, stage.id, -1.0))
    missed = [stage.id] if score < len(good) else []
    items = in_order(items, presented)
    result = Result(exercise_id, float(max(0, score)), float(len(good)), items, missed)
    return result.with_rule("rule.checklist")
