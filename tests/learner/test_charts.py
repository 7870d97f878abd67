"""Charts render with titles, labelled axes and Chinese text."""

from __future__ import annotations

from pathlib import Path

from matplotlib import font_manager

from helpers.learner import charts
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
    assert fun.axes[0].get_title() == "A model question funnel, from broad to narrow"
    assert fun.axes[0].get_xlabel()
    own = charts.funnel_chart(qs, "zh", own=True)
    assert own.axes[0].get_title() == "你的问题漏斗：由宽到窄"


def test_forecast_and_progress(mini: Path) -> None:
    cad = load_library(mini).cadence
    fig = charts.ForecastFigure(cad, "en").update(50, 12).figure
    left, middle, _ = fig.axes
    assert left.get_xlabel() == "Leads contacted (count)"
    assert left.get_ylabel() == "Expected deals (count)"
    assert middle.get_ylabel() == "Chance of at least one deal (%)"
    assert [line.get_label() for line in left.lines[:2]] == ["Conversion 1%", "Conversion 5%"]
    assert all(ax.get_title() for ax in fig.axes)
    prog = charts.progress_chart({"01_visit_flow": 0.5, "02_question_funnel": 0.0}, "zh")
    assert prog.axes[0].get_xlabel() == "掌握度（%）"


def test_forecast_shows_the_twelve_contact_rule(mini: Path) -> None:
    cad = load_library(mini).cadence
    fig = charts.ForecastFigure(cad, "en").update(50, 6).figure
    rule = fig.axes[2]
    assert rule.get_xlabel() == "Effective contacts per lead (count)"
    assert rule.get_ylabel() == "Chance one lead becomes a deal (%)"
    assert "12" in rule.get_title() and "contacts" in rule.get_title()
    marks = [line for line in rule.lines if line.get_label().startswith("12 contacts")]
    assert [list(m.get_xdata()) for m in marks] == [[12, 12]]
    low, high = rule.lines[:2]
    # a lead's chance grows with contacts up to twelve, then stays at the benchmark
    assert high.get_ydata()[-1] == 5.0 and low.get_ydata()[-1] == 1.0
    at = list(high.get_xdata()).index(6.0)
    assert high.get_ydata()[at] == 2.5
    zh = charts.ForecastFigure(cad, "zh").update(50, 6).figure
    assert zh.axes[2].get_xlabel() == "每条线索的有效接触次数（次）"


def test_forecast_figure_moves_its_curves_without_a_new_figure(mini: Path) -> None:
    cad = load_library(mini).cadence
    chart = charts.ForecastFigure(cad, "en", max_leads=300)
    first = chart.update(100, 12).png()
    fig = chart.figure
    deals_high = chart.lines["deals_high"]
    assert deals_high.get_ydata()[100] == 5.0
    second = chart.update(100, 6).png()
    assert chart.figure is fig and deals_high.get_ydata()[100] == 2.5
    assert "at 6" in chart.title.get_text()
    assert first[:4] == second[:4] == b"\x89PNG" and first != second
    # the same numbers give the same picture
    assert chart.update(100, 12).png() == first


def test_funnel_text_is_never_on_a_bar_and_the_legend_lists_what_is_drawn() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from tests.conftest import PROJECT

    lib = load_library(PROJECT / "playbooks")
    bank = lib.question_banks[0]
    qs = [q for q in sorted(bank.questions, key=lambda q: q.level) if q.type != "closed"][::4]
    for narrow in (False, True):
        fig = charts.funnel_chart(qs, "en", own=True, narrow=narrow)
        FigureCanvasAgg(fig).draw()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        bars = [p.get_window_extent(renderer) for p in ax.patches]
        texts = [t.get_window_extent(renderer) for t in ax.texts]
        assert len(bars) == len(texts) == len(qs)
        for box in texts:
            assert not any(box.overlaps(bar) for bar in bars), narrow
            assert fig.bbox.contains(box.x0, box.y0) and fig.bbox.contains(box.x1, box.y1)
        (legend,) = fig.legends
        labels = [t.get_text() for t in legend.get_texts()]
        assert labels == ["Expanding", "Limiting"]
        # the legend sits below the bars, not over them
        assert legend.get_window_extent(renderer).y1 <= min(b.y0 for b in bars)
