"""Quiz items: single and multiple choice, with the explanation as feedback."""

from __future__ import annotations

from collections.abc import Sequence

from helpers.exercises.result import Feedback, Result, empty_answer, msg
from helpers.playbook.models import QuizItem, Text


def _answer_text(item: QuizItem) -> Text:
    right = [o.text for o in item.options if o.correct]
    return Text(zh="；".join(t.zh for t in right), en="; ".join(t.en for t in right))


def grade_quiz(item: QuizItem, picked: Sequence[str]) -> Result:
    """Grade a quiz answer (option ids).

    Single choice: 1 point for the right option. Multiple choice: right picks
    minus wrong picks, over the number of right options (never below 0).
    """
    exercise_id = f"quiz:{item.id}"
    if not picked:
        return empty_answer(exercise_id, 1)
    chosen = set(picked)
    right = {o.id for o in item.options if o.correct}
    known = {o.id for o in item.options}
    extra = [Feedback(p, False, msg("fb.unknown_option", name=p)) for p in chosen - known]
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
    fb = Feedback(item.id, score == 1.0, msg(key, answer=answer, explanation=item.explanation))
    missed = list(item.topics) if score < 1.0 else []
    return Result(exercise_id, score, 1.0, [*extra, fb], missed)
