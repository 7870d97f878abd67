"""Question-funnel exercises: classify questions, build a funnel, write your own."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

from helpers.learner.exercises.result import Feedback, Result, empty_answer, msg
from helpers.learner.questions import classify_question
from helpers.playbook.library import Library
from helpers.playbook.models import Question, QuestionBankDoc, Text

TYPES = ("expanding", "limiting", "closed")


def type_name(lib: Library, qtype: str) -> Text:
    """The glossary name of a question type, e.g. 扩大询问 / Expanding question."""
    terms = lib.terms
    return terms[qtype][1].name if qtype in terms else Text(zh=qtype, en=qtype)


def type_phrase(qtype: str, short: bool = False) -> Text:
    """A question type as a sentence names it: "an expanding question" ("an expanding one").

    Parameters
    ----------
    qtype : str
        "expanding", "limiting" or "closed".
    short : bool
        True for the form that follows another type ("not a limiting one").
    """
    return msg(f"qtype.{'one.' if short else ''}{qtype}")


def classify(
    lib: Library,
    bank: QuestionBankDoc,
    answers: Mapping[str, str],
    presented: Sequence[str] | None = None,
) -> Result:
    """Grade classifying questions of ``bank`` (answers: question id -> type).

    One point per question labelled right; each line says why, from the bank,
    and the lines follow the order of ``presented`` (the order on screen). Of
    the ``presented`` questions (default: all), those left unanswered count as
    wrong and say so. Answers for questions not in the bank, and
    labels that are not a type id (``"expanding"``, ``"limiting"``,
    ``"closed"``), are named as not one of the options.
    """
    exercise_id = f"classify:{bank.id}"
    by_id = {q.id: q for q in bank.questions}
    order = list(dict.fromkeys(presented)) if presented is not None else list(by_id)
    shown = set(order)
    asked = [by_id[qid] for qid in order if qid in by_id]
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
        want = type_phrase(q.type)
        if got == q.type:
            score += 1
            text = msg("fb.classify_right", question=q.text, type=want, why=q.why)
            items.append(Feedback(q.id, True, text, q.type, 1.0))
        else:
            if got in TYPES:
                got_name = type_phrase(got, short=True)
                text = msg("fb.classify_wrong", question=q.text, type=want, got=got_name, why=q.why)
            else:
                text = msg("fb.classify_unanswered", question=q.text, type=want, why=q.why)
            items.append(Feedback(q.id, False, text, q.type, 0.0))
            missed.append(q.type)
    result = Result(exercise_id, float(score), float(len(asked)), items, missed)
    return result.with_rule("rule.classify")


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
        text = msg("fb.funnel_order_points", n=len(back_steps))
        items.append(Feedback("order", False, text, "question_funnel", float(order_points)))
        missed.append("question_funnel")
    else:
        text = msg("fb.funnel_order_ok")
        items.append(Feedback("order", True, text, "question_funnel", float(order_points)))
    open_point = 1 if qs[0].type == "expanding" else 0
    key = "fb.funnel_starts_open" if open_point else "fb.funnel_starts_narrow"
    items.append(Feedback(qs[0].id, bool(open_point), msg(key), "expanding", float(open_point)))
    if not open_point:
        missed.append("expanding")
    closed = [q for q in qs if q.type == "closed"]
    has_limiting = any(q.type == "limiting" for q in qs)
    mix_point = 1 if has_limiting and not closed else 0
    key = "fb.funnel_has_limiting" if has_limiting else "fb.funnel_no_limiting"
    # the mix point is shown once: on the limiting line, or on the first closed question
    mix_here = float(mix_point) if not (has_limiting and closed) else None
    items.append(Feedback("limiting", has_limiting, msg(key), "limiting", mix_here))
    if not has_limiting:
        missed.append("limiting")
    for n, q in enumerate(closed):
        cost = 0.0 if n == 0 and has_limiting else None
        text = msg("fb.funnel_closed", question=q.text)
        items.append(Feedback(q.id, False, text, "closed", cost))
    if closed:
        missed.append("closed")
    score = order_points + open_point + mix_point
    return Result(exercise_id, float(score), 4.0, items, missed).with_rule("rule.funnel")


def _spread(questions: Sequence[Question], k: int) -> list[Question]:
    """``k`` of ``questions`` (sorted broad to narrow), spread evenly from first to last."""
    if k <= 0 or not questions:
        return []
    if k >= len(questions):
        return list(questions)
    if k == 1:
        return [questions[0]]
    step = (len(questions) - 1) / (k - 1)
    return [questions[round(i * step)] for i in range(k)]


def model_funnel(
    bank: QuestionBankDoc, leave_out: Iterable[str] = (), n: int = 8
) -> list[Question]:
    """A model funnel from ``bank``: expanding questions, then limiting ones, broad to narrow.

    Half the questions (or as many as the bank has) are expanding and the rest
    limiting, each spread over the levels the bank has; closed questions, which
    the method avoids, are not used, nor are the questions in ``leave_out``
    (e.g. those an exercise on the same page asks about).

    Parameters
    ----------
    bank : QuestionBankDoc
        The question bank.
    leave_out : iterable of str
        Question ids not to use.
    n : int
        How many questions at most.

    Returns
    -------
    list of Question
        Top of the funnel first: level never goes back up, and at one level an
        expanding question comes before a limiting one.
    """
    skip = set(leave_out)
    pool = sorted((q for q in bank.questions if q.id not in skip), key=lambda q: q.level)
    expanding = [q for q in pool if q.type == "expanding"]
    limiting = [q for q in pool if q.type == "limiting"]
    n_limiting = min(len(limiting), n - min(len(expanding), (n + 1) // 2))
    n_expanding = min(len(expanding), n - n_limiting)
    picked = _spread(expanding, n_expanding) + _spread(limiting, n_limiting)
    return sorted(picked, key=lambda q: (q.level, TYPES.index(q.type)))


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
    line = msg("fb.own_question", type=type_phrase(c.type), cue=c.cue or "-", explain=explain)
    items = [Feedback("question", c.type != "closed", line, c.type)]
    if c.type == "closed":
        items.append(Feedback("tip", False, msg("fb.own_question_closed_tip"), "expanding"))
        return Result(exercise_id, 0.0, 1.0, items, ["closed"])
    return Result(exercise_id, 1.0, 1.0, items)
