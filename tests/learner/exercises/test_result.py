"""Results scored by the points of their lines."""

from __future__ import annotations

from helpers.learner.exercises.result import Feedback, Result, msg


def _line(item: str, ok: bool, method: str | None, points: float | None) -> Feedback:
    return Feedback(item, ok, msg("fb.empty_answer"), method, points)


def test_points_add_up_and_a_short_score_misses_the_term() -> None:
    items = [
        _line("a", True, "x", 1.0),
        _line("b", False, "x", 0.0),
        _line("why", True, None, None),
    ]
    result = Result.from_points("kind:id", items, 2.0, "retention_cost")
    assert (result.score, result.max_score, result.missed) == (1.0, 2.0, ["retention_cost"])
    assert Result.from_points("kind:id", items[:1], 1.0, "retention_cost").missed == []


def test_without_a_term_the_wrong_lines_methods_are_missed_once_each_sorted() -> None:
    items = [
        _line("a", False, "order", 0.0),
        _line("b", False, "ask", -1.0),
        _line("c", False, "order", 0.0),
        _line("d", True, "who", 2.0),
        _line("e", False, None, 0.0),
    ]
    result = Result.from_points("kind:id", items, 5.0)
    assert result.score == 1.0
    assert result.missed == ["ask", "order"]
