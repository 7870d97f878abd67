"""A team's report figures, and the sections the report notebook shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from IPython.display import HTML

from helpers.playbook import load_library
from helpers.playbook.library import Library
from helpers.report import sections as report_sections
from helpers.report.figures import TeamReport, build, changes
from helpers.report.sections import ReportView
from helpers.store import TeamRecords
from tests.report.test_metrics import OCT, accounts, contacts, deals, reps


def records() -> TeamRecords:
    scores = pd.DataFrame(
        {
            "session_id": ["S1", "S1", "S2"],
            "trainer_id": ["TR1", "TR2", "TR1"],
            "criterion_id": ["objection_handling"] * 3,
            "rep_id": ["R1", "R1", "R2"],
            "score": [2, 3, 4],
            "scored_on": [pd.Timestamp("2026-10-05")] * 3,
            "rubric_version": ["abc123"] * 3,
        }
    )
    attempts = pd.DataFrame(
        columns=["learner_id", "module", "exercise_id", "score", "max_score", "created_at"]
    ).astype({"created_at": "datetime64[ns, UTC]"})
    cards = pd.DataFrame(columns=["learner_id", "item_id", "module", "due"]).astype(
        {"due": "datetime64[ns, UTC]"}
    )
    return TeamRecords("T01", reps(), accounts(), contacts(), deals(), scores, attempts, cards)


@pytest.fixture
def lib(mini: Path) -> Library:
    return load_library(mini)


@pytest.fixture
def report(lib: Library) -> TeamReport:
    return build(records(), lib, OCT)


def test_build_reads_the_period_and_the_one_before(report: TeamReport) -> None:
    assert report.previous.start == dt.date(2026, 9, 1)
    assert list(report.reps.index) == ["R1", "R2"]
    assert report.reps.loc["R1", "leads_contacted"] == 2
    assert report.before.loc["R1", "leads_contacted"] == 0
    assert changes(report).loc["R1", "leads_contacted"] == 2
    assert report.funnel["won"] == 1
    assert report.rubric_versions == ["abc123"]
    # R1, a new hire: 2 leads in October (quantity 0.90 x 3), its one parked account parked
    # early (1.0 x 2), no training done (module 1.0 x 1.5); its role-play (2.5 over 2 scores:
    # 0.4 x 2) comes fourth and is left off the card
    assert [(f.key, f.assign) for f in report.focuses["R1"]] == [
        ("quantity", "05_follow_up"),
        ("follow_through", "05_follow_up"),
        ("module", "01_visit_flow"),
    ]


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_every_section_renders_in_both_languages(
    report: TeamReport, lib: Library, locale: str
) -> None:
    view = ReportView(report, lib, locale, "sqlite:///x", dt.datetime(2026, 11, 2, tzinfo=dt.UTC))  # type: ignore[arg-type]
    sections = view.sections()
    html = "".join(s.data for s in sections if isinstance(s, HTML))
    pngs = [s for s in sections if getattr(s, "format", None) == "png"]
    assert len(pngs) >= 3 and all(p.data[:4] == b"\x89PNG" for p in pngs)
    assert "T01" in html and "Li (R1)" in html
    if locale == "zh":
        assert "辅导卡" in html and "要点" in html
    else:
        assert "Coaching cards" in html and "Summary" in html
    assert "Traceback" not in html


def test_summary_states_the_benchmark(report: TeamReport, lib: Library) -> None:
    text = report_sections.summary(report, lib, "en").data
    # 1 won of 2 leads contacted = 50%, above the 1-5% benchmark
    assert "50.0%" in text and "above the new-rep benchmark of 1%–5%" in text
    assert "where the manager should step in: 1;" in text


def test_lists_hold_only_flagged_accounts(report: TeamReport, lib: Library) -> None:
    text = report_sections.park_and_step_in(report, lib, "en").data
    assert "A2" in text and "A3" in text  # step in; parked too early
    assert "A6" not in text


def test_method_states_every_formula(report: TeamReport, lib: Library) -> None:
    text = report_sections.method(report, lib, "en").data
    assert "weight × gap" in text
    assert "max(0, 1 − leads contacted a month ÷ 20)" in text
    assert "abc123" in text


def test_empty_team_says_so(lib: Library) -> None:
    empty = records()
    empty.reps = empty.reps.iloc[0:0]
    rep = build(empty, lib, OCT)
    assert rep.empty
    text = report_sections.summary(rep, lib, "en").data
    assert "No reps are recorded" in text
