"""The review queue on FSRS: wrong items come back, good answers push them out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs import Rating

from helpers import review
from helpers.exercises.result import Result
from helpers.store import Store

NOW = datetime(2026, 11, 22, 9, tzinfo=UTC)


def res(score: float, exercise: str = "quiz:a") -> Result:
    return Result(exercise, score, 1.0)


def test_ratings() -> None:
    assert review.rating_for(res(0)) == Rating.Again
    assert review.rating_for(res(0.6)) == Rating.Hard
    assert review.rating_for(res(0.9)) == Rating.Good
    assert review.rating_for(res(1)) == Rating.Easy


def test_right_first_time_needs_no_review() -> None:
    s = Store()
    assert review.record_review(s, "li", "05_follow_up", res(1), NOW) is None
    assert s.cards("li") == []


def test_wrong_item_comes_back_today_then_moves_out() -> None:
    s = Store()
    card = review.record_review(s, "li", "05_follow_up", res(0), NOW)
    assert card is not None and NOW < card.due < NOW + timedelta(hours=1)
    assert [c.item_id for c in review.due(s, "li", NOW)] == ["quiz:a"]
    later = card.due + timedelta(minutes=1)
    again = review.record_review(s, "li", "05_follow_up", res(1), later)
    assert again is not None and again.due >= later + timedelta(days=1)
    assert review.due(s, "li", later) == []
    # still one card per item
    assert len(s.cards("li")) == 1
