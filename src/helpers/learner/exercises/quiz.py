"""Quiz items: single and multiple choice, with the explanation as feedback."""

from __future__ import annotations

from collections.abc import Sequence

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
from helpers.playbook.models import QuizItem, Text


def _unstopped(text: Text) -> Text:
    """An option's text without its closing full stop: the feedback adds its own."""
    return Text(zh=text.zh.rstrip("。"), en=text.en.rstrip("."))


def _answer_text(item: QuizItem) -> Text:
    right = [_unstopped(o.text) for o in item.options if o.correct]
    return Text(zh="；".join(t.zh for t in right), en="; ".join(t.en for t in right))


def grade_quiz(
    item: QuizItem,
    picked: Sequence[str],
    lib: Library | None = None,
    presented: Sequence[str] | None = None,
) -> Result:
    """Grade a quiz answer (option ids).

    Single choice: 1 point for the right option. Multiple choice: right picks
    minus wrong picks, over the number of right options (never below 0); after
    the explanation, one line per right option (ticked or missed) and per
    wrong option ticked says what it earned or cost. A repeated pick counts
    once; ids that are not options are named.

    Parameters
    ----------
    item : QuizItem
        The quiz item.
    picked : sequence of str
        The option ids the learner picked.
    lib : Library, optional
        For the glossary names of the item's topics, which the feedback line
        names; without it the topic ids are shown.
    presented : sequence of str, optional
        The option ids in the order the learner saw them: the option lines follow it.

    Returns
    -------
    Result
        Out of 1; ``missed`` holds the item's topics when not fully right.
    """
    exercise_id = f"quiz:{item.id}"
    if not picked:
        return empty_answer(exercise_id, 1)
    chosen = set(picked)
    right = {o.id for o in item.options if o.correct}
    known = {o.id for o in item.options}
    extra = [
        Feedback(p, False, msg("fb.unknown_option", name=p))
        for p in dict.fromkeys(picked)
        if p not in known
    ]
    if item.type == "single":
        score = 1.0 if chosen == right else 0.0
    else:
        score = max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))
    answer = _answer_text(item)
    if score == 1.0:
        key = "fb.quiz_right"
    elif score > 0:
        key = "fb.quiz_partial"
    else:
        key = "fb.quiz_wrong"
    topics = [method_name(lib, t) for t in item.topics]
    text = named(msg(key, answer=answer, explanation=item.explanation), topics)
    fb = Feedback(item.id, score == 1.0, text, item.topics[0])
    missed = list(item.topics) if score < 1.0 else []
    if item.type == "single":
        return Result(exercise_id, score, 1.0, [*extra, fb], missed)
    per_option = []
    for o in item.options:
        if o.correct and o.id in chosen:
            per_option.append(
                Feedback(o.id, True, msg("fb.pick_right", name=_unstopped(o.text)), None, 1.0)
            )
        elif o.correct:
            per_option.append(
                Feedback(o.id, False, msg("fb.pick_missed", name=_unstopped(o.text)), None, 0.0)
            )
        elif o.id in chosen:
            per_option.append(
                Feedback(o.id, False, msg("fb.tick_wrong", name=_unstopped(o.text)), None, -1.0)
            )
    items = [*extra, fb, *in_order(per_option, presented)]
    result = Result(exercise_id, score, 1.0, items, missed)
    return result.with_rule("rule.quiz_multi", n=len(right))
