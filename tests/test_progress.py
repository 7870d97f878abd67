"""Mastery per module and the progress command."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from helpers.cli import app
from helpers.playbook import load_library
from helpers.progress import MODULES, exercises, module_progress
from helpers.store import Attempt, Store


def save(store: Store, exercise: str, score: float, n: int) -> None:
    store.record_attempt(
        Attempt(
            id=f"a{n}",
            learner_id="li",
            module="x",
            exercise_id=exercise,
            content_version="v",
            answer=None,
            score=score,
            max_score=1,
            feedback=[],
            locale="en",
            created_at=datetime(2026, 11, 1, 9, n, tzinfo=UTC),
        )
    )


def test_exercises_are_built_from_the_content(mini: Path) -> None:
    ex = exercises(load_library(mini))
    assert list(ex) == list(MODULES)
    assert ex["01_visit_flow"] == ["flow_order:canonical", "flow_next:canonical.opening"]
    assert "quiz:qz1" in ex["02_question_funnel"]
    assert "scenario:price_water" in ex["04_objections"]
    assert "account_grade:corner_shop" in ex["05_follow_up"]


def test_mastery_uses_the_latest_attempt_and_counts_untried_as_zero(mini: Path) -> None:
    lib = load_library(mini)
    store = Store()
    save(store, "flow_order:canonical", 0.2, 1)
    save(store, "flow_order:canonical", 1.0, 2)
    save(store, "gone:exercise", 1.0, 3)
    rows = {r.module: r for r in module_progress(lib, store, "li")}
    m1 = rows["01_visit_flow"]
    assert (m1.exercises, m1.attempted, m1.mastered, m1.mastery) == (2, 1, 1, 0.5)
    assert rows["04_objections"].mastery == 0


def test_progress_command_json(mini: Path, monkeypatch) -> None:
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(mini))
    save(Store(), "scenario:price_water", 1.0, 1)
    result = CliRunner().invoke(app, ["progress", "--learner", "li", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["known"] is True
    m4 = next(m for m in data["modules"] if m["module"] == "04_objections")
    assert m4["mastery"] == 1.0 and m4["last_attempt"].startswith("2026-11-01")
    plain = CliRunner().invoke(app, ["progress", "--learner", "nobody"])
    assert "no attempts stored yet" in plain.stderr
