"""Quiz grading."""

from __future__ import annotations

from helpers.exercises.quiz import grade_quiz
from helpers.playbook.models import QuizItem

T = {"zh": "文字", "en": "Text"}


def item(kind: str) -> QuizItem:
    return QuizItem.model_validate(
        {
            "id": "q",
            "type": kind,
            "topics": ["man_rule"],
            "prompt": T,
            "explanation": {"zh": "因为如此。", "en": "Because."},
            "options": [
                {"id": "a", "text": {"zh": "甲", "en": "Alpha"}, "correct": True},
                {"id": "b", "text": {"zh": "乙", "en": "Beta"}, "correct": kind == "multiple"},
                {"id": "c", "text": {"zh": "丙", "en": "Gamma"}},
            ],
        }
    )


def test_single() -> None:
    assert grade_quiz(item("single"), ["a"]).score == 1
    wrong = grade_quiz(item("single"), ["c"])
    assert wrong.score == 0 and wrong.missed == ["man_rule"]
    assert wrong.lines("en")[0][1] == "Not quite; the answer is: Alpha. Because."
    assert grade_quiz(item("single"), ["a", "c"]).score == 0


def test_multiple_partial_credit() -> None:
    assert grade_quiz(item("multiple"), ["a", "b"]).score == 1
    half = grade_quiz(item("multiple"), ["a"])
    assert half.score == 0.5
    assert half.lines("zh")[0][1] == "部分正确，完整答案是：甲；乙。因为如此。"
    assert grade_quiz(item("multiple"), ["a", "c"]).score == 0


def test_empty_duplicate_and_unknown() -> None:
    assert grade_quiz(item("single"), []).score == 0
    assert grade_quiz(item("single"), ["a", "a"]).score == 1
    odd = grade_quiz(item("single"), ["a", "z"])
    assert odd.score == 0 and '"z" is not one of the options' in odd.lines("en")[0][1]
