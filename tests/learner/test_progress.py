"""Mastery per module and the progress command."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from helpers.cli import app
from helpers.learner.progress import MODULES, exercises, module_progress
from helpers.playbook import load_library
from helpers.store import Attempt, Store
from tests.conftest import PROJECT


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


def test_distance_profiles_count_toward_mastery(mini: Path) -> None:
    from helpers.learner.exercises.followup import DISTANCE_PROFILES, distance_exercise_id

    m5 = exercises(load_library(mini))["05_follow_up"]
    ids = [distance_exercise_id(i) for i in range(DISTANCE_PROFILES)]
    assert ids == ["distance:profile_1", "distance:profile_2", "distance:profile_3"]
    assert all(i in m5 for i in ids)
    lib = load_library(mini)
    store = Store()
    save(store, "distance:profile_1", 1.0, 1)
    m5row = next(r for r in module_progress(lib, store, "li") if r.module == "05_follow_up")
    assert (m5row.attempted, m5row.mastered) == (1, 1)


def test_exercise_labels_are_readable_in_both_languages() -> None:
    from helpers.learner.progress import exercise_label, exercise_module
    from tests.conftest import PROJECT

    lib = load_library(PROJECT / "playbooks")
    rank = exercise_label(lib, "ffab_rank:build_rt80")
    assert rank.en.startswith("03 The FFAB pitch: Rank the needs: Ruitong RT-80")
    assert rank.zh.startswith("03 FFAB 产品介绍：给需求排序：")
    scenario = lib.scenarios[0]
    assert exercise_label(lib, f"scenario:{scenario.id}").en == (
        f"04 Handling objections: {scenario.title.en}"
    )
    item = next(i for i in lib.quiz_items.values() if i.topics[0] == "ffab")
    quiz = exercise_label(lib, f"quiz:{item.id}")
    assert quiz.en.startswith(f"03 The FFAB pitch: Quiz: {item.prompt.en[:20]}")
    assert len(quiz.en) < 90 and "…" in quiz.en
    flow = exercise_label(lib, "flow_next:canonical_visit.opening")
    opening = lib.stages["opening"].name
    assert flow.en == f'01 The visit flow: What comes after "{opening.en}"'
    assert flow.zh == f"01 客户拜访流程：“{opening.zh}”之后做什么"
    assert exercise_label(lib, "distance:profile_2").en == (
        "05 Follow-up and relationships: Psychological distance: profile 2"
    )
    assert exercise_label(lib, "own_question").zh == "02 问题漏斗：写你自己的问题"
    chain = lib.products[0].chains[0]
    assemble = exercise_label(lib, f"ffab_assemble:{lib.products[0].id}.{chain.id}")
    assert assemble.en.startswith("03 The FFAB pitch: Assemble a chain: Ruitong RT-80")
    # unknown kinds and content no longer in the library show the id as it is
    assert exercise_label(lib, "dance:x").en == "dance:x"
    assert exercise_label(lib, "ffab_rank:gone").zh == "ffab_rank:gone"
    assert exercise_module(lib, "quiz:nope") is None
    assert exercise_module(lib, f"quiz:{item.id}") == "03_ffab"


def test_every_offered_exercise_has_a_label() -> None:
    from helpers.learner.progress import exercise_label
    from tests.conftest import PROJECT

    lib = load_library(PROJECT / "playbooks")
    for module, ids in exercises(lib).items():
        for e in ids:
            label = exercise_label(lib, e)
            assert label.en != e and label.zh != e, e
            assert label.en.startswith(module[:2]), e


def test_module_six_offers_every_key_account_exercise() -> None:
    from helpers.learner.progress import exercise_label, exercise_module

    lib = load_library(PROJECT / "playbooks")
    m6 = exercises(lib)["06_key_accounts"]
    kinds = {e.partition(":")[0] for e in m6}
    assert kinds == {
        "method_order", "reply_pair", "placement", "opportunity",
        "account_plan", "calling_high", "tier_sort", "quiz",
    }  # fmt: skip
    assert "method_order:buyer_process" in m6 and "method_order:ka_development" in m6
    for e in m6:
        assert exercise_module(lib, e) == "06_key_accounts"
        label = exercise_label(lib, e)
        assert label.en.startswith("06 Key accounts: ") and label.zh.startswith(
            "06 重点客户开发"
        ), e


def test_module_seven_offers_every_relationship_exercise() -> None:
    from helpers.learner.progress import exercise_label, exercise_module

    lib = load_library(PROJECT / "playbooks")
    m7 = exercises(lib)["07_relationship"]
    kinds = {e.partition(":")[0] for e in m7}
    assert kinds == {
        "care_file", "care_calendar", "care_event", "retention",
        "spend_claim", "spend_statement", "spend_advance", "quiz",
    }  # fmt: skip
    assert "care_calendar:cf_wang_pharmacy" in m7 and "quiz:qz_follow_rel_05" in m7
    assert "quiz:qz_follow_rel_05" not in exercises(lib)["05_follow_up"]
    for e in m7:
        assert exercise_module(lib, e) == "07_relationship"
        label = exercise_label(lib, e)
        assert label.en.startswith("07 Relationship maintenance: ") and label.zh.startswith(
            "07 客情维护"
        ), e


def test_module_eight_offers_every_channel_exercise_and_its_own_orderings() -> None:
    from helpers.learner.progress import exercise_label, exercise_module

    lib = load_library(PROJECT / "playbooks")
    offered = exercises(lib)
    m8 = offered["08_channel"]
    kinds = {e.partition(":")[0] for e in m8}
    assert kinds == {
        "method_order", "product_line", "receivables", "plan_review",
        "own_script", "invitation", "quiz",
    }  # fmt: skip
    # an ordering exercise belongs to its method's module, not to the first module that had one
    assert {"method_order:profit_chain", "method_order:standard_scripts"} <= set(m8)
    assert "method_order:profit_chain" not in offered["06_key_accounts"]
    assert exercise_module(lib, "method_order:standard_scripts") == "08_channel"
    assert exercise_module(lib, "method_order:buyer_process") == "06_key_accounts"
    for e in m8:
        assert exercise_module(lib, e) == "08_channel", e
        label = exercise_label(lib, e)
        assert label.en.startswith("08 Channel and management: "), e
        assert label.zh.startswith("08 渠道与管理"), e
