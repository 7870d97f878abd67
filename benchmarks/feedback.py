"""How fast feedback comes back: each grading function, and a full widget round-trip.

Run with ``.venv/bin/python benchmarks/feedback.py``. For every grading
function, and for a widget round-trip (set the controls, click "check",
feedback rendered in the widget model, attempt and review card stored in a
SQLite file), prints p50 and p95 over many runs, and each p95 against the
goal of 50 ms. A baseline measured in the same run (a plain dict lookup and
a SQLite insert) is printed alongside, so runs on different machines can be
compared as ratios.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from helpers.exercises import ffab, flow, funnel, quiz, scenario
from helpers.playbook import load_library
from helpers.store import Store
from helpers.widgets import Session
from helpers.widgets.flow import StageOrderView

GOAL_MS = 50.0


def timings(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """p50 and p95 of ``fn`` in milliseconds, after two warm-up calls."""
    fn()
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main(runs: int = 200) -> None:
    lib = load_library(strict=False)
    flow_doc = lib.canonical_flow
    bank = lib.question_banks[0]
    product = lib.products[0]
    sc = lib.scenarios[0]
    item = next(iter(lib.quiz_items.values()))
    order = [s.id for s in reversed(flow_doc.ordered())]
    best = []
    step = sc.step(sc.start)
    while step.ending is None:
        choice = scenario.best_choice(step)
        best.append(choice.id)
        step = sc.step(choice.next)

    cases: list[tuple[str, Callable[[], object]]] = [
        ("flow.stage_order", lambda: flow.stage_order(flow_doc, order)),
        (
            "funnel.classify",
            lambda: funnel.classify(lib, bank, {q.id: "closed" for q in bank.questions}),
        ),
        (
            "funnel.build_funnel",
            lambda: funnel.build_funnel(lib, bank, [q.id for q in bank.questions[:6]]),
        ),
        ("funnel.own_question", lambda: funnel.own_question(lib, "您平时是怎么挑选供应商的？")),
        (
            "ffab.assemble",
            lambda: ffab.assemble(
                lib, product, product.chains[0].id, {s: product.chains[0].id for s in ffab.SLOTS}
            ),
        ),
        (
            "ffab.own_chain",
            lambda: ffab.own_chain(
                lib,
                product,
                {
                    "feature": "a",
                    "function": "b",
                    "advantage": "c",
                    "benefit": "您多赚",
                    "need": product.needs[0].id,
                },
            ),
        ),
        ("scenario.play", lambda: scenario.play(lib, sc, best)),
        ("quiz.grade_quiz", lambda: quiz.grade_quiz(item, [item.options[0].id])),
    ]

    tmp = Path(tempfile.mkdtemp())
    session = Session(lib, Store(f"sqlite:///{tmp / 'bench.sqlite'}"), "bench", "en")
    view = StageOrderView(session, flow_doc.id)

    def round_trip() -> None:
        for slot, sid in zip(view.slots, order, strict=True):
            slot.value = sid
        view.check.click()
        assert "Score" in view.feedback.value

    db = sqlite3.connect(tmp / "base.sqlite")
    db.execute("create table t (x text)")

    def baseline_insert() -> None:
        with db:
            db.execute("insert into t values ('x')")

    table = {"x": 1}
    base_lookup = timings(lambda: table["x"], runs)
    base_insert = timings(baseline_insert, runs)

    print(f"{'measure':<28}{'p50 ms':>10}{'p95 ms':>10}{'p95/goal':>10}")
    for name, fn in [*cases, ("widget round-trip (stored)", round_trip)]:
        p50, p95 = timings(fn, runs if "widget" not in name else max(50, runs // 4))
        print(f"{name:<28}{p50:>10.3f}{p95:>10.3f}{p95 / GOAL_MS:>10.2f}")
    print(f"{'baseline dict lookup':<28}{base_lookup[0]:>10.4f}{base_lookup[1]:>10.4f}")
    print(f"{'baseline sqlite insert':<28}{base_insert[0]:>10.3f}{base_insert[1]:>10.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
