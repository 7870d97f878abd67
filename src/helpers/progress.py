"""What each module offers, and how far a learner has mastered it.

Mastery of a module is the mean, over every exercise the module offers, of
the learner's latest score on it (0 for an exercise not tried yet), so a
module counts as mastered only when all of it has been done well.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from helpers.playbook.library import Library
from helpers.store import Store

MODULES: tuple[str, ...] = (
    "01_visit_flow",
    "02_question_funnel",
    "03_ffab",
    "04_objections",
    "05_follow_up",
)
"""The training modules, in the order a new rep takes them."""

TOPIC_MODULE: dict[str, str] = {
    "visit_flow": "01_visit_flow",
    "question_funnel": "02_question_funnel",
    "ffab": "03_ffab",
    "objection_steps": "04_objections",
    "arithmetic_tactics": "04_objections",
}
"""The module a quiz item belongs to, by its first topic; other topics go to 05."""

MASTERED = 0.8
"""The share of the points on an exercise's latest attempt that counts as mastered."""


def quiz_module(topics: list[str]) -> str:
    """The module whose quiz holds an item with these topics."""
    return TOPIC_MODULE.get(topics[0], "05_follow_up")


def exercises(lib: Library) -> dict[str, list[str]]:
    """Every exercise id each module offers, built from the library."""
    out: dict[str, list[str]] = {m: [] for m in MODULES}
    flow = lib.canonical_flow
    m1 = out["01_visit_flow"]
    m1 += [f"flow_order:{f.id}" for f in lib.flows]
    if flow is not None:
        m1 += [f"flow_next:{flow.id}.{s.id}" for s in flow.ordered()[:-1]]
        m1 += [f"checklist:{s.id}" for s in flow.ordered() if s.id == "prepare"]
    vf = lib.methods.get("visit_flow")
    terms = [t.id for t in vf.terms] if vf is not None else []
    m1 += [
        f"term_order:{p}"
        for p in ("opening", "commit")
        if any(t.startswith(f"{p}_") for t in terms)
    ]
    m2 = out["02_question_funnel"]
    for bank in lib.question_banks:
        m2 += [f"classify:{bank.id}", f"funnel:{bank.id}"]
    m2.append("own_question")
    m3 = out["03_ffab"]
    for p in lib.products:
        m3 += [f"ffab_assemble:{p.id}.{c.id}" for c in p.chains]
        m3 += [f"ffab_needs:{p.id}", f"ffab_rank:{p.id}", f"ffab_own:{p.id}"]
        if p.distractors:
            m3.append(f"ffab_distractors:{p.id}")
    out["04_objections"] += [f"scenario:{s.id}" for s in lib.scenarios]
    m5 = out["05_follow_up"]
    m5 += [f"account_grade:{c.id}" for c in lib.account_cases]
    m5 += ["visit_plan"]
    for item in lib.quiz_items.values():
        out[quiz_module(item.topics)].append(f"quiz:{item.id}")
    return out


@dataclass(frozen=True)
class ModuleProgress:
    """A learner's standing in one module."""

    module: str
    exercises: int
    attempted: int
    mastered: int
    mastery: float
    last_attempt: datetime | None

    def to_json(self) -> dict[str, object]:
        """A plain dict for ``coachkit progress --json``."""
        return {
            "module": self.module,
            "exercises": self.exercises,
            "attempted": self.attempted,
            "mastered": self.mastered,
            "mastery": round(self.mastery, 3),
            "last_attempt": self.last_attempt.isoformat() if self.last_attempt else None,
        }


def mastery_by_module(
    lib: Library, latest: Mapping[str, tuple[datetime, float]]
) -> list[ModuleProgress]:
    """Mastery per module from each exercise's latest (time, score ratio).

    A pure function of the library and the answers: the mastery of a module
    is the mean latest ratio over every exercise it offers (0 for one not
    tried); an exercise counts as mastered at 80% or more. Exercises the
    library no longer offers are ignored.
    """
    out = []
    for module, ids in exercises(lib).items():
        offered = list(dict.fromkeys(ids))
        done = [latest[e] for e in offered if e in latest]
        mastery = sum(r for _, r in done) / len(offered) if offered else 0.0
        out.append(
            ModuleProgress(
                module=module,
                exercises=len(offered),
                attempted=len(done),
                mastered=sum(1 for _, r in done if r >= MASTERED),
                mastery=mastery,
                last_attempt=max((t for t, _ in done), default=None),
            )
        )
    return out


def module_progress(lib: Library, store: Store, learner_id: str) -> list[ModuleProgress]:
    """Mastery per module for one learner, from the attempts in the store."""
    latest: dict[str, tuple[datetime, float]] = {}
    for a in store.attempts(learner_id):
        latest[a.exercise_id] = (a.created_at, a.ratio)
    return mastery_by_module(lib, latest)
