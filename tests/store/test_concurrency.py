"""Many trainers at once: 8 processes saving 100 scores each, on SQLite and on a real PostgreSQL.

The PostgreSQL server is started on loopback by ``scripts/pg-test-server.sh``
(the ``postgres`` fixture of ``tests/conftest.py``).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from pathlib import Path

from helpers.store import RoleplaySession, Score, Store

PROCESSES = 8
SCORES_EACH = 100
SHARED = 10
"""Scores every process saves with the same values at the same time: stored once."""
DAY = dt.date(2026, 11, 2)


def score(session: str, trainer: str, criterion: str, value: int) -> Score:
    return Score(
        session_id=session,
        trainer_id=trainer,
        criterion_id=criterion,
        rep_id="R0001",
        score=value,
        rubric_version="v1",
        scored_on=DAY,
    )


def trainer_work(url: str, trainer: str, start: mp.synchronize.Event) -> None:
    """One trainer's process: 100 scores, each saved in its own transaction, plus the shared."""
    store = Store(url)
    start.wait()
    for i in range(SCORES_EACH):
        store.save_scores([score(f"S{i // 10}", trainer, f"c{i % 10}", 1 + i % 5)])
        if i < SHARED:
            store.save_scores([score("S-shared", "TR-all", f"c{i}", 3)])
    store.submit("S-final", trainer, [score("S-final", trainer, "c0", 4)], note=trainer)


def run_trainers(url: str) -> None:
    store = Store(url)  # migrate once before the race on the data begins
    store.open_session(
        RoleplaySession(
            session_id="S-final",
            rep_id="R0001",
            rubric_id="roleplay_rubric",
            rubric_version="v1",
            created_by="TR0",
            created_at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
        )
    )
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [
        ctx.Process(target=trainer_work, args=(url, f"TR{p}", start)) for p in range(PROCESSES)
    ]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * PROCESSES


def check_every_score_once(url: str) -> None:
    frame = Store(url).scores_frame()
    keys = list(zip(frame["session_id"], frame["trainer_id"], frame["criterion_id"], strict=True))
    assert len(keys) == len(set(keys)), "a score is stored twice"
    want = {
        (f"S{i // 10}", f"TR{p}", f"c{i % 10}")
        for p in range(PROCESSES)
        for i in range(SCORES_EACH)
    }
    want |= {("S-shared", "TR-all", f"c{i}") for i in range(SHARED)}
    want |= {("S-final", f"TR{p}", "c0") for p in range(PROCESSES)}
    assert set(keys) == want, f"missing {len(want - set(keys))}, unexpected {len(set(keys) - want)}"
    mine = frame[(frame["trainer_id"] == "TR3") & (frame["session_id"] == "S2")]
    assert sorted(mine["score"]) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    # the shared scores were saved identically by every process: no change, so no history
    assert Store(url).score_history("S-shared", "TR-all", "c0") == []
    assert set(Store(url).submitted("S-final")) == {f"TR{p}" for p in range(PROCESSES)}


def test_many_trainers_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    run_trainers(url)
    check_every_score_once(url)


def test_many_trainers_on_postgresql(postgres: str) -> None:
    run_trainers(postgres)
    check_every_score_once(postgres)
    # the same store API reads it back: blind view and history behave as on SQLite
    store = Store(postgres)
    assert {s.trainer_id for s in store.session_scores("S-final", "TR1")} == {
        f"TR{p}" for p in range(PROCESSES)
    }
    assert store.session_scores("S-final", "TR-nobody") == []


WRITERS = 20
HOLD = 7.0
"""Seconds another process keeps the file locked: longer than the sqlite3 driver's own
default wait (5 s), shorter than the store's busy timeout."""


def first_writer(url: str, n: int, ready: mp.synchronize.Barrier) -> None:
    """Open a store being created and save a sheet of scores in one transaction."""
    ready.wait()
    store = Store(url)
    store.save_scores([score(f"S{n}", f"TR{n}", f"c{i}", 1 + i % 5) for i in range(50)])


def test_writers_wait_for_a_lock_held_longer_than_the_drivers_default(tmp_path: Path) -> None:
    import sqlite3
    import time

    path = tmp_path / "new.sqlite"
    url = f"sqlite:///{path}"
    ctx = mp.get_context("spawn")
    ready = ctx.Barrier(WRITERS + 1)
    procs = [ctx.Process(target=first_writer, args=(url, n, ready)) for n in range(WRITERS)]
    for p in procs:
        p.start()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # e.g. a backup, or the process creating the store
    ready.wait(timeout=120)
    time.sleep(HOLD)
    holder.execute("COMMIT")
    holder.close()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * WRITERS
    frame = Store(url).scores_frame()
    assert len(frame) == WRITERS * 50
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
