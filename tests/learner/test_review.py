"""The review queue on FSRS: wrong items come back, good answers push them out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs import Rating

from helpers.learner import review
from helpers.learner.exercises.result import Result
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


def test_rebuilt_cards_match_the_ones_kept_as_answers_came(tmp_path) -> None:
    from helpers.store import Attempt

    live, imported = Store(), Store(f"sqlite:///{tmp_path / 'imported.sqlite'}")
    history = [
        ("quiz:a", 0.0, NOW),
        ("quiz:b", 1.0, NOW + timedelta(minutes=5)),
        ("quiz:a", 1.0, NOW + timedelta(days=1)),
        ("quiz:c", 0.6, NOW + timedelta(days=2)),
    ]
    for i, (item, ratio, when) in enumerate(history):
        review.record_review(live, "li", "05_follow_up", res(ratio, item), when)
        imported.record_attempt(
            Attempt(
                id=f"a{i}", learner_id="li", module="05_follow_up", exercise_id=item,
                content_version="import", answer=None, score=ratio, max_score=1.0,
                feedback=None, locale="zh", created_at=when,
            )
        )  # fmt: skip
    assert review.rebuild_cards(imported, ["li"]) == 2  # b was never missed: no card
    want = {c.item_id: c.due for c in live.cards("li")}
    assert {c.item_id: c.due for c in imported.cards("li")} == want
    # the whole FSRS state agrees, card ids included (stable, not taken from the clock)
    assert {c.item_id: c.card for c in imported.cards("li")} == {
        c.item_id: c.card for c in live.cards("li")
    }
    # derived state: rebuilding again changes nothing
    review.rebuild_cards(imported, ["li"])
    assert {c.item_id: c.due for c in imported.cards("li")} == want


def test_due_today_is_the_learner_s_local_day() -> None:
    from zoneinfo import ZoneInfo

    shanghai = ZoneInfo("Asia/Shanghai")  # UTC+8
    s = Store()
    card = review.record_review(s, "li", "05_follow_up", res(0), NOW)
    assert card is not None
    now = datetime(2026, 11, 22, 20, tzinfo=UTC)  # already 23 Nov, 04:00 in Shanghai
    s.save_card(card.model_copy(update={"due": datetime(2026, 11, 23, 10, tzinfo=UTC)}))
    # due at 18:00 on 23 Nov in Shanghai: today there, tomorrow in UTC
    assert [c.item_id for c in review.due(s, "li", now, tz=shanghai)] == ["quiz:a"]
    assert review.due(s, "li", now, tz=UTC) == []
    # and the other way: due at 23:00 UTC on 22 Nov is 07:00 on 23 Nov in Shanghai
    s.save_card(card.model_copy(update={"due": datetime(2026, 11, 22, 23, tzinfo=UTC)}))
    early = datetime(2026, 11, 22, 9, tzinfo=UTC)
    assert review.due(s, "li", early, tz=shanghai) == []
    assert len(review.due(s, "li", early, tz=UTC)) == 1


def test_due_uses_the_machine_s_local_time_zone_by_default(monkeypatch) -> None:
    import time as clock

    s = Store()
    card = review.record_review(s, "li", "05_follow_up", res(0), NOW)
    assert card is not None
    s.save_card(card.model_copy(update={"due": datetime(2026, 11, 23, 10, tzinfo=UTC)}))
    now = datetime(2026, 11, 22, 20, tzinfo=UTC)
    try:
        monkeypatch.setenv("TZ", "Asia/Shanghai")
        clock.tzset()
        assert review.end_of_day(now).utcoffset() == timedelta(hours=8)
        assert len(review.due(s, "li", now)) == 1
        monkeypatch.setenv("TZ", "America/New_York")
        clock.tzset()
        assert review.due(s, "li", now) == []  # still 22 Nov, 15:00 in New York
    finally:
        monkeypatch.undo()
        clock.tzset()


def test_cards_rebuilt_in_parts_inside_a_transaction_are_the_same(tmp_path, monkeypatch) -> None:
    from helpers.store import Attempt

    whole, parts = (Store(f"sqlite:///{tmp_path / f'{n}.sqlite'}") for n in ("whole", "parts"))
    for store in (whole, parts):
        for i, learner in enumerate(["li", "wang", "zhao"] * 3):
            store.record_attempt(
                Attempt(
                    id=f"a{i}", learner_id=learner, module="05_follow_up",
                    exercise_id=f"quiz:{i % 4}", content_version="import", answer=None,
                    score=0.0, max_score=1.0, feedback=None, locale="zh",
                    created_at=NOW + timedelta(minutes=i),
                )
            )  # fmt: skip
    learners = ["li", "wang", "zhao"]
    assert review.rebuild_cards(whole, learners) == 9
    monkeypatch.setattr(review, "CARDS_AT_ONCE", 2)
    with parts.transaction() as conn:
        assert review.rebuild_cards(parts, learners, conn) == 9
    for learner in learners:
        assert {c.item_id: c.card for c in parts.cards(learner)} == {
            c.item_id: c.card for c in whole.cards(learner)
        }
