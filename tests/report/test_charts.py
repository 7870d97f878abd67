"""The report's charts: titled, labelled, and the funnel drawn as a funnel."""

from __future__ import annotations

import pytest

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
