"""Charts render with titles, labelled axes and Chinese text."""

from __future__ import annotations

from pathlib import Path

from matplotlib import font_manager

from helpers import charts
from helpers.playbook import load_library


def test_cjk_font_is_registered() -> None:
    name = charts.use_cjk_font()
    path = font_manager.findfont(font_manager.FontProperties(family=name))
    assert "CJK" in Path(path).name


def test_flow_diagram_and_funnel(mini: Path) -> None:
    lib = load_library(mini)
    fig = charts.flow_diagram(lib.canonical_flow, "zh")
    assert fig.axes[0].get_title() == "标准拜访流程"
    assert any("开场白" in t.get_text() for t in fig.axes[0].texts)
    assert charts.figure_png(fig)[:4] == b"\x89PNG"
    qs = lib.question_banks[0].questions
    fun = charts.funnel_chart(qs, "en")
    assert fun.axes[0].get_title() == "Your question funnel, from broad to narrow"
    assert fun.axes[0].get_xlabel()


def test_forecast_and_progress(mini: Path) -> None:
    cad = load_library(mini).cadence
    fig = charts.forecast_chart(cad, "en", leads=50, contacts_per_lead=12)
    left, right = fig.axes
    assert left.get_xlabel() == "Leads contacted (count)"
    assert left.get_ylabel() == "Expected deals (count)"
    assert right.get_ylabel() == "Chance of at least one deal (%)"
    assert [line.get_label() for line in left.lines[:2]] == ["Conversion 1%", "Conversion 5%"]
    prog = charts.progress_chart({"01_visit_flow": 0.5, "02_question_funnel": 0.0}, "zh")
    assert prog.axes[0].get_xlabel() == "掌握度（%）"
