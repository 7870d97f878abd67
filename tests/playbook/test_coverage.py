"""Coverage: each method against what teaches it and what scores it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from helpers.cli import app
from helpers.playbook import load_library
from helpers.playbook.coverage import METHODS, coverage, uncovered


def rows_by_key(root: Path) -> dict:
    return {r.key: r for r in coverage(load_library(root))}


def test_mini_library_coverage(mini: Path) -> None:
    rows = rows_by_key(mini)
    ask = rows["objection_steps.ask"]
    assert ask.taught_by == ["scenario:price_water"]
    assert ask.scored_by == ["objection_handling"]
    assert ask.covered
    assert rows["objection_steps.encourage"].taught_by == ["scenario:price_water"]
    # no criterion names arithmetic_tactics
    assert rows["arithmetic_tactics"].scored_by == []
    assert rows["question_funnel"].taught_by == ["quiz:qz1", "question_bank:grocery"]
    gaps = uncovered(list(rows.values()))
    # methods absent from methods.yaml are reported too
    assert "relationship_maintenance" in gaps and "objection_steps.ask" not in gaps


def test_a_choice_using_a_step_covers_it(mini: Path, edit: Callable) -> None:
    edit(mini / "scenario.yaml", "method_step: divide", "method_step: encourage")
    rows = rows_by_key(mini)
    assert rows["objection_steps.encourage"].covered
    assert rows["arithmetic_tactics.divide"].taught_by == []


def test_stats_json_lists_uncovered_methods(mini: Path) -> None:
    result = CliRunner().invoke(app, ["lint", str(mini), "--stats", "--json", "--coverage"])
    data = json.loads(result.stdout)
    assert isinstance(data["uncovered_methods"], list)
    assert set(METHODS) - {"objection_steps", "question_funnel"} <= set(data["uncovered_methods"])
    assert {"method", "taught_by", "scored_by", "covered"} <= set(data["coverage"][0])


def test_coverage_table_marks_gaps(mini: Path) -> None:
    result = CliRunner().invoke(app, ["lint", str(mini), "--coverage"])
    assert result.exit_code == 0  # gaps in coverage are not content errors
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("arithmetic_tactics "))
    assert "MISSING" in line


SECTION_6_PRINCIPLES = (
    "layered_product_line",
    "profit_chain",
    "stock_continuity",
    "regional_price_discipline",
    "receivable_classes",
    "three_reminders",
    "weekly_plan_review",
    "lead_assistant",
    "lost_customer_record",
    "standard_scripts",
    "sincere_invitation",
)
"""The channel and management points of the method that the field cases teach."""


def test_every_channel_principle_is_taught_and_scored_by_a_case() -> None:
    from tests.conftest import PROJECT

    rows = rows_by_key(PROJECT / "playbooks")
    for pid in SECTION_6_PRINCIPLES:
        row = rows[f"channel_principles.{pid}"]
        assert row.covered, pid
        assert all(ref.startswith("case:") for ref in row.taught_by + row.scored_by), pid


def test_a_principle_only_broken_is_taught_but_not_scored(mini: Path) -> None:
    from tests.learner.exercises.test_cases import CASE, PRINCIPLES

    (mini / "principles.yaml").write_text(PRINCIPLES, encoding="utf-8")
    (mini / "case.yaml").write_text(CASE.replace("uses: [margin]", "uses: [supply]"), "utf-8")
    rows = rows_by_key(mini)
    assert rows["mini_principles.margin"].taught_by == ["case:mini_case"]
    assert rows["mini_principles.margin"].scored_by == []
    assert not rows["mini_principles.margin"].covered
    assert rows["mini_principles.supply"].covered
