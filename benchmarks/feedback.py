"""How fast feedback comes back: every grading function, and the heavier widget round trips.

Run with ``.venv/bin/python benchmarks/feedback.py [runs]``. For every grading
function of :mod:`helpers.learner.exercises`, and for widget round trips (set the
controls, click, feedback rendered in the widget model, attempt and review
card stored in a SQLite file; a whole scenario played through its buttons;
the simulator's slider redrawing its chart; the language switched under a
page of views), prints p50 and p95 over many runs, each p95 against the
goal of 50 ms, and, for every round trip that stores an answer, its p50
against the floor measured in the same run: one committed SQLite insert, the
least that keeping an answer can cost.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from helpers.learner.exercises import ffab, flow, followup, funnel, quiz, scenario
from helpers.learner.widgets import Session
from helpers.learner.widgets.flow import StageOrderView
from helpers.learner.widgets.followup import SimulatorView, VisitPlanView
from helpers.learner.widgets.funnel import ClassifyView
from helpers.learner.widgets.quiz import QuizView
from helpers.learner.widgets.scenario import ScenarioView
from helpers.playbook import load_library
from helpers.store import Store

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


def grading_cases(lib) -> list[tuple[str, Callable[[], object]]]:
    """One representative call of every grading function, on the shipped content."""
    flow_doc = lib.canonical_flow
    stages = flow_doc.ordered()
    bank = lib.question_banks[0]
    product = next((p for p in lib.products if p.distractors), lib.products[0])
    chain = product.chains[0]
    sc = lib.scenarios[0]
    item = next(iter(lib.quiz_items.values()))
    method = lib.methods["visit_flow"]
    cad = lib.cadence
    case = lib.account_cases[0]
    order = [s.id for s in reversed(stages)]
    best = []
    step = sc.step(sc.start)
    while step.ending is None:
        choice = scenario.best_choice(step)
        best.append(choice.id)
        step = sc.step(choice.next)
    grades = {c.id: c.grade for c in lib.account_cases[:4]}
    plan = {cid: [(1, "am"), (3, "pm")] for cid in grades}
    known = [f.id for f in cad.profile_fields[:5]]
    return [
        ("flow.stage_order", lambda: flow.stage_order(flow_doc, order)),
        (
            "flow.term_order",
            lambda: flow.term_order(method, "opening_", [t.id for t in method.terms][:4]),
        ),
        ("flow.next_stage", lambda: flow.next_stage(flow_doc, stages[0].id, stages[2].id)),
        ("flow.checklist_pick", lambda: flow.checklist_pick(stages[0], ["c0", "m0", "c1"])),
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
            lambda: ffab.assemble(lib, product, chain.id, {s: chain.id for s in ffab.SLOTS}),
        ),
        ("ffab.tie_needs", lambda: ffab.tie_needs(product, {c.id: c.need for c in product.chains})),
        (
            "ffab.spot_distractors",
            lambda: ffab.spot_distractors(product, [f"chain:{chain.id}", "distractor:x"]),
        ),
        ("ffab.rank_needs", lambda: ffab.rank_needs(product, [n.id for n in product.needs][::-1])),
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
        ("followup.grade_account", lambda: followup.grade_account(case, "b")),
        ("followup.check_visit_plan", lambda: followup.check_visit_plan(cad, grades, plan)),
        ("followup.place_profile", lambda: followup.place_profile(cad, known, "teacher")),
    ]


def widget_cases(lib, tmp: Path) -> list[tuple[str, Callable[[], object]]]:
    """Round trips through the widgets, each storing what it grades."""
    session = Session(lib, Store(f"sqlite:///{tmp / 'bench.sqlite'}"), "bench", "en")
    flow_doc = lib.canonical_flow
    order = [s.id for s in reversed(flow_doc.ordered())]
    stage_view = StageOrderView(session, flow_doc.id)

    def stage_order() -> None:
        for slot, sid in zip(stage_view.slots, order, strict=True):
            slot.value = sid
        stage_view.check.click()
        assert "Score" in stage_view.feedback.value

    play = ScenarioView(session, lib.scenarios[0].id)

    def scenario_path() -> None:
        play.replay.click()
        while not play.run.finished:
            best = scenario.best_choice(play.run.current)
            play.choice_buttons()[best.id].click()
        assert "Score" in play.feedback.value

    classify = ClassifyView(session, lib.question_banks[0].id)

    def classify_trip() -> None:
        for q in classify.questions:
            classify.rows[q.id][1].value = q.type
        classify.check.click()
        assert "Score" in classify.feedback.value

    plan = VisitPlanView(session)

    def plan_trip() -> None:
        for _, (_, select) in plan.rows.items():
            select.value = ("1-am", "3-pm")
        plan.check.click()
        assert "Score" in plan.feedback.value

    sim = SimulatorView(session)
    leads = iter(range(10**9))

    def slider() -> None:
        sim.leads.value = 5 * (next(leads) % 60)
        assert sim.chart.value[:4] == b"\x89PNG"

    page = Session(lib, Store(f"sqlite:///{tmp / 'page.sqlite'}"), "bench", "en")
    for item_id in list(lib.quiz_items)[:10]:
        QuizView(page, item_id)
    StageOrderView(page, flow_doc.id)
    ClassifyView(page, lib.question_banks[0].id)
    VisitPlanView(page)
    ScenarioView(page, lib.scenarios[0].id)
    locales = iter(range(10**9))

    def switch() -> None:
        page.set_locale("zh" if next(locales) % 2 == 0 else "en")

    return [
        ("widget stage order (stored)", stage_order),
        ("widget scenario path", scenario_path),
        ("widget classify (stored)", classify_trip),
        ("widget visit plan (stored)", plan_trip),
        ("widget simulator slider", slider),
        ("widget language switch", switch),
    ]


def main(runs: int = 200) -> None:
    lib = load_library(strict=False)
    tmp = Path(tempfile.mkdtemp())
    db = sqlite3.connect(tmp / "base.sqlite")
    db.execute("create table t (x text)")

    def baseline_insert() -> None:
        with db:
            db.execute("insert into t values ('x')")

    table = {"x": 1}
    base_lookup = timings(lambda: table["x"], runs)
    base_insert = timings(baseline_insert, runs)

    print(f"{'measure':<30}{'p50 ms':>10}{'p95 ms':>10}{'p95/goal':>10}{'p50/floor':>11}")
    for name, fn in grading_cases(lib):
        p50, p95 = timings(fn, runs)
        print(f"{name:<30}{p50:>10.3f}{p95:>10.3f}{p95 / GOAL_MS:>10.2f}")
    for name, fn in widget_cases(lib, tmp):
        p50, p95 = timings(fn, max(20, runs // 5))
        floor = f"{p50 / base_insert[0]:>11.1f}" if "(stored)" in name else ""
        print(f"{name:<30}{p50:>10.3f}{p95:>10.3f}{p95 / GOAL_MS:>10.2f}{floor}")
    print(f"{'baseline dict lookup':<30}{base_lookup[0]:>10.4f}{base_lookup[1]:>10.4f}")
    print(f"{'floor: sqlite insert':<30}{base_insert[0]:>10.3f}{base_insert[1]:>10.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
