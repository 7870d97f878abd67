"""The report's charts: titled, labelled, and the funnel drawn as a funnel."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.transforms import Bbox

from helpers.report import charts


def test_the_funnel_chart_shows_each_stage_as_a_share_of_the_leads() -> None:
    funnel = {"leads_contacted": 40, "step_in_reached": 12, "rule_reached": 9, "won": 2}
    fig = charts.team_funnel_chart(funnel, "en", "2026-10-01 – 2026-10-31")
    ax = fig.axes[0]
    assert ax.get_title() == "Team funnel, 2026-10-01 – 2026-10-31"
    assert [t.get_text() for t in ax.texts] == ["40", "12 (30.0%)", "9 (22.5%)", "2 (5.0%)"]
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == [40, 12, 9, 2]
    low, high = ax.get_xlim()
    assert all(low <= bar.get_x() and bar.get_x() + bar.get_width() <= high for bar in ax.patches)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("Leads contacted") and labels[1].startswith("Of these")
    zh = charts.team_funnel_chart(funnel, "zh", "2026-10-01 – 2026-10-31")
    assert zh.axes[0].get_title() == "团队漏斗：2026-10-01 – 2026-10-31"


def test_a_stage_wider_than_the_one_before_is_refused() -> None:
    with pytest.raises(ValueError, match="not a funnel"):
        charts.team_funnel_chart({"a": 2, "b": 4, "c": 3, "d": 1}, "en", "October")


def _overlap(a: Bbox, b: Bbox) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("narrow", [False, True])
def test_the_leads_legend_names_only_groups_present_and_covers_no_bar(narrow: bool) -> None:
    names = [f"Rep {i} (R{i})" for i in range(6)]
    fig = charts.leads_chart([21, 35, 42, 12, 55, 36], names, [False] * 6, 20, "en", narrow)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    legends = fig.legends + [a.get_legend() for a in fig.axes if a.get_legend()]
    [legend] = legends
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["Experienced rep", "Quantity target"]
    ax = fig.axes[0]
    assert not _overlap(legend.get_window_extent(renderer), ax.get_window_extent(renderer))
    mixed = charts.leads_chart([3, 20], ["A (R1)", "B (R2)"], [True, False], 20, "en")
    assert [t.get_text() for t in mixed.legends[0].get_texts()] == [
        "Experienced rep",
        "New hire",
        "Quantity target",
    ]


def test_the_leads_chart_shows_the_tables_whole_numbers_with_units() -> None:
    fig = charts.leads_chart([21, 12], ["A (R1)", "B (R2)"], [False, False], 20, "en")
    ax = fig.axes[0]
    assert [bar.get_width() for bar in ax.patches] == [21, 12]
    assert [t.get_text() for t in ax.texts] == ["21", "12"]
    assert ax.get_xlabel() == "Leads contacted in the period (customers)"
    assert ax.get_title() == "Leads contacted in the period per rep (target: 20)"
    zh = charts.leads_chart([21, 12], ["A (R1)", "B (R2)"], [False, False], 20, "zh").axes[0]
    assert zh.get_xlabel() == "本期接触的客户数（个）"


def test_phone_charts_are_narrow_and_labels_break_between_words() -> None:
    funnel = {"leads_contacted": 40, "step_in_reached": 12, "rule_reached": 9, "won": 2}
    wide = charts.team_funnel_chart(funnel, "zh", "2026-10-01 – 2026-10-31")
    narrow = charts.team_funnel_chart(funnel, "zh", "2026-10-01 – 2026-10-31", narrow=True)
    assert narrow.get_figwidth() < wide.get_figwidth() / 1.8
    labels = [t.get_text() for t in narrow.axes[0].get_yticklabels()]
    assert all("≥1\n0" not in label for label in labels)
    assert charts.wrap_label("其中累计接触 ≥10 次或已成交", 18) == "其中累计接触 ≥10\n次或已成交"
    assert charts.wrap_label("Of these: 10+ contacts so far, or won", 18) == (
        "Of these: 10+\ncontacts so far,\nor won"
    )


def test_score_colours_run_from_red_to_green_and_stay_readable() -> None:
    low, _ = charts.score_colours(1.0)
    high, _ = charts.score_colours(5.0)
    assert low.startswith("#a") and high.startswith("#00")  # RdYlGn ends
    assert charts.score_colours(3.0)[1] == "#000000"  # dark text on pale yellow
    assert charts.score_colours(float("nan")) == ("#ffffff", "#555555")


def test_heat_cell_text_meets_wcag_contrast_on_every_colour() -> None:
    import numpy as np

    from helpers.plotting import contrast_ratio
    from helpers.report.charts import score_colours

    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    for mean in np.linspace(1, 5, 81):
        bg, fg = score_colours(float(mean))
        assert contrast_ratio(bg, fg) >= 4.5, (mean, bg, fg)
