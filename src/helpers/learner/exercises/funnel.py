"""Question-funnel exercises: classify questions, build a funnel, write your own."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from helpers.learner.exercises.result import Feedback, Result, empty_answer, msg
from helpers.learner.questions import classify_question
from helpers.playbook.library import Library
from helpers.playbook.models import QuestionBankDoc, Text

TYPES = ("expanding", "limiting", "closed")


def type_name(lib: Library, qtype: str) -> Text:
    """The glossary name of a question type, e.g. 扩大询问 / Expanding question."""
    terms = lib.terms
    return terms[qtype][1].name if qtype in terms else Text(zh=qtype, en=qtype)


def classify(
    lib: Library,
    bank: QuestionBankDoc,
    answers: Mapping[str, str],
    presented: Sequence[str] | None = None,
) -> Result:
    """Grade classifying questions of ``bank`` (answers: question id -> type).

    One point per question labelled right; each line says why, from the bank.
    Of the ``presented`` questions (default: all), those left unanswered count
    as wrong and read "not (none)". Answers for questions not in the bank, and
    labels that are not a type id (``"expanding"``, ``"limiting"``,
    ``"closed"``), are named as not one of the options.
    """
    exercise_id = f"classify:{bank.id}"
    shown = set(presented) if presented is not None else {q.id for q in bank.questions}
    asked = [q for q in bank.questions if q.id in shown]
    if not answers:
        return empty_answer(exercise_id, len(asked))
    items: list[Feedback] = []
    known = {q.id for q in bank.questions}
    items += [
        Feedback(a, False, msg("fb.unknown_option", name=a)) for a in answers if a not in known
    ]
    items += [
        Feedback(qid, False, msg("fb.unknown_option", name=label))
        for qid, label in answers.items()
        if qid in shown and label and label not in TYPES
    ]
    score = 0
    missed: list[str] = []
    for q in asked:
        got = answers.get(q.id, "")
        want = type_name(lib, q.type)
        if got == q.type:
            score += 1
            text = msg("fb.classify_right", question=q.text, type=want, why=q.why)
            items.append(Feedback(q.id, True, text, q.type))
        else:
            got_name = type_name(lib, got) if got in TYPES else msg("label.none")
            text = msg("fb.classify_wrong", question=q.text, type=want, got=got_name, why=q.why)
            items.append(Feedback(q.id, False, text, q.type))
            missed.append(q.type)
    return Result(exercise_id, float(score), float(len(asked)), items, missed)


def build_funnel(lib: Library, bank: QuestionBankDoc, picked: Sequence[str]) -> Result:
    """Grade a funnel: the learner picks questions from ``bank`` and orders them.

    Scored out of 4:

    - order (2 points): questions run from broad to narrow (level never goes
      back up); one point off for each step that goes back, down to 0;
    - opening (1 point): the first question is expanding;
    - mix (1 point): at least one limiting question and no closed one.
    """
    exercise_id = f"funnel:{bank.id}"
    if not picked:
        return empty_answer(exercise_id, 4)
    by_id = {q.id: q for q in bank.questions}
    items: list[Feedback] = [
        Feedback(p, False, msg("fb.unknown_option", name=p)) for p in picked if p not in by_id
    ]
    seen: set[str] = set()
    qs = []
    for p in picked:
        if p in by_id and p not in seen:
            qs.append(by_id[p])
            seen.add(p)
        elif p in seen:
            items.append(Feedback(p, False, msg("fb.duplicate", name=by_id[p].text)))
    if not qs:
        return empty_answer(exercise_id, 4)
    missed: list[str] = []
    back_steps = [(a, b) for a, b in itertools.pairwise(qs) if b.level < a.level]
    order_points = max(0, 2 - len(back_steps))
    if back_steps:
        for a, b in back_steps:
            text = msg("fb.funnel_order_bad", narrow=a.text, broad=b.text)
            items.append(Feedback(b.id, False, text, "question_funnel"))
        missed.append("question_funnel")
    else:
        items.append(Feedback("order", True, msg("fb.funnel_order_ok"), "question_funnel"))
    open_point = 1 if qs[0].type == "expanding" else 0
    key = "fb.funnel_starts_open" if open_point else "fb.funnel_starts_narrow"
    items.append(Feedback(qs[0].id, bool(open_point), msg(key), "expanding"))
    if not open_point:
        missed.append("expanding")
    closed = [q for q in qs if q.type == "closed"]
    has_limiting = any(q.type == "limiting" for q in qs)
    key = "fb.funnel_has_limiting" if has_limiting else "fb.funnel_no_limiting"
    items.append(Feedback("limiting", has_limiting, msg(key), "limiting"))
    if not has_limiting:
        missed.append("limiting")
    for q in closed:
        items.append(Feedback(q.id, False, msg("fb.funnel_closed", question=q.text), "closed"))
    if closed:
        missed.append("closed")
    mix_point = 1 if has_limiting and not closed else 0
    score = order_points + open_point + mix_point
    return Result(exercise_id, float(score), 4.0, items, missed)


def own_question(lib: Library, text: str) -> Result:
    """Classify a question the learner wrote and explain the label.

    Scores 1 for an expanding or limiting question, 0 for a closed one (which
    the method tells reps to avoid).
    """
    exercise_id = "own_question"
    if not text or not text.strip():
        return empty_answer(exercise_id, 1)
    c = classify_question(text)
    explain = msg(f"qrule.{c.rule}")
    line = msg("fb.own_question", type=type_name(lib, c.type), cue=c.cue or "-", explain=explain)
    items = [Feedback("question", c.type != "closed", line, c.type)]
    if c.type == "closed":
        items.append(Feedback("tip", False, msg("fb.own_question_closed_tip"), "expanding"))
        return Result(exercise_id, 0.0, 1.0, items, ["closed"])
    return Result(exercise_id, 1.0, 1.0, items)
