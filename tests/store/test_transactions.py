"""A transaction is all or nothing on every back-end, whatever path a write takes inside it."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.store import Score, Store
from helpers.store.roleplay import BULK

DAY = dt.date(2026, 11, 2)


def scores(n: int, value: int = 3) -> list[Score]:
    return [
        Score(
            session_id=f"S{i // 12}",
            trainer_id="TR1",
            criterion_id=f"c{i % 12}",
            rep_id="R0001",
            score=value,
            rubric_version="v1",
            scored_on=DAY,
        )
        for i in range(n)
    ]


class Boom(Exception):
    """Raised inside a transaction after the writes."""


@pytest.mark.parametrize("n", [BULK - 1, BULK, BULK + 10])
def test_scores_saved_in_a_failed_transaction_are_not_kept(store_url: str, n: int) -> None:
    # batches of BULK or more take the set-wise path with a savepoint of its own
    store = Store(store_url)
    with pytest.raises(Boom), store.transaction() as conn:
        summary = store.save_scores(scores(n), conn)
        assert summary.added == n
        raise Boom
    assert store.count("scores") == 0


@pytest.mark.parametrize("n", [BULK - 1, BULK + 10])
def test_score_changes_in_a_failed_transaction_leave_no_history(store_url: str, n: int) -> None:
    store = Store(store_url)
    store.save_scores(scores(n, value=3))
    with pytest.raises(Boom), store.transaction() as conn:
        assert store.save_scores(scores(n, value=4), conn).updated == n
        raise Boom
    assert set(store.scores_frame()["score"]) == {3}
    assert store.score_history("S0", "TR1", "c0") == []


def test_a_savepoint_rolled_back_keeps_the_rest_of_the_transaction(store_url: str) -> None:
    store = Store(store_url)
    with store.transaction() as conn:
        store.save_scores(scores(1), conn)
        with pytest.raises(Boom), conn.begin_nested():
            store.save_scores(scores(BULK + 1, value=5)[1:], conn)
            raise Boom
    frame = store.scores_frame()
    assert list(frame["score"]) == [3]
