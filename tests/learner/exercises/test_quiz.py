"""Quiz grading."""

from __future__ import annotations

from helpers.learner.exercises.quiz import grade_quiz
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
    assert wrong.lines("en")[0][1] == "Not quite. The answer is “Alpha”. Because. (man_rule)"
    assert grade_quiz(item("single"), ["a", "c"]).score == 0


def test_multiple_partial_credit() -> None:
    assert grade_quiz(item("multiple"), ["a", "b"]).score == 1
    half = grade_quiz(item("multiple"), ["a"])
    assert half.score == 0.5
    assert half.lines("zh")[0][1] == "部分正确，完整答案是：甲；乙。因为如此。（man_rule）"
    assert grade_quiz(item("multiple"), ["a", "c"]).score == 0


def test_empty_duplicate_and_unknown() -> None:
    assert grade_quiz(item("single"), []).score == 0
    assert grade_quiz(item("single"), ["a", "a"]).score == 1
    odd = grade_quiz(item("single"), ["a", "z"])
    assert odd.score == 0 and '"z" is not one of the options' in odd.lines("en")[0][1]


def test_feedback_names_the_topic_from_the_glossary() -> None:
    from helpers.playbook import load_library
    from tests.conftest import PROJECT

    lib = load_library(PROJECT / "playbooks" / "methods.yaml", strict=False)
    r = grade_quiz(item("single"), ["a"], lib)
    assert r.lines("en")[0][1] == "Correct. Because. (The MAN rule)"
    assert r.lines("zh")[0][1] == "回答正确。因为如此。（MAN 法则）"
    assert r.items[0].method == "man_rule"


def test_answers_in_the_other_language_are_not_options() -> None:
    r = grade_quiz(item("multiple"), ["甲", "Alpha"])
    assert r.score == 0
    assert [t for _, t in r.lines("en")][:2] == [
        '"甲" is not one of the options here.',
        '"Alpha" is not one of the options here.',
    ]


def test_multiple_choice_has_a_line_per_point_in_screen_order() -> None:
    r = grade_quiz(item("multiple"), ["a", "c"], presented=["c", "b", "a"])
    assert r.score == 0
    assert [(i.item, i.ok, i.points) for i in r.items[1:]] == [
        ("c", False, -1),
        ("b", False, 0),
        ("a", True, 1),
    ]
    assert r.lines("en")[1][1] == '"Gamma" is not right; ticking it costs a point.'
    assert r.rule is not None and "(2)" in r.rule.en
    single = grade_quiz(item("single"), ["a"])
    assert len(single.items) == 1 and single.rule is None
