"""Report page furniture: long lists show every row, counts say what they count, figures
carry a text alternative and a phone-sized drawing, tables scroll with a cue."""

from __future__ import annotations

import pandas as pd
from bs4 import BeautifulSoup
from matplotlib.figure import Figure

from helpers.report import layout


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_a_long_list_shows_every_row_the_rest_behind_a_toggle() -> None:
    frame = pd.DataFrame({"Account": [f"Customer {i} (A{i:03d})" for i in range(43)]})
    page = soup(layout.long_table(frame, "en", "Parked too early"))
    rows = [td.text for td in page.select("tbody td")]
    assert rows == list(frame["Account"])  # every row, in order, none twice
    details = page.find("details")
    assert details.summary.text == "Show all 43"
    assert len(details.select("tbody tr")) == 43 - layout.LIST_SHOWN
    assert "more." not in page.text
    zh = soup(layout.long_table(frame, "zh", "挂起太早"))
    assert zh.find("details").summary.text == "显示全部 43 个"
    short = soup(layout.long_table(frame.head(5), "en", "x"))
    assert short.find("details") is None and len(short.select("tbody tr")) == 5


def test_counts_are_marked_with_what_they_count() -> None:
    html = layout.counted("report.sum.team", "en", {"reps": 6, "new_hires": 0})
    marks = {s["data-count"]: s.text for s in soup(html).select("span.ck-n")}
    assert marks == {"reps": "6", "new_hires": "0"}
    assert soup(html).text == "Reps in the team: 6, of whom new hires: 0."


def test_a_figure_has_its_alt_text_and_a_phone_drawing() -> None:
    widths = []

    def draw(narrow: bool) -> Figure:
        fig = Figure(figsize=(4 if narrow else 8, 3))
        fig.add_subplot().plot([1, 2])
        widths.append(narrow)
        return fig

    page = soup(layout.figure(draw, 'Chart: "leads" <per rep>'))
    img = page.find("img")
    assert img["alt"] == 'Chart: "leads" <per rep>'
    assert img["src"].startswith("data:image/png;base64,")
    source = page.find("source")
    assert source["media"] == f"(max-width: {layout.NARROW}px)"
    assert source["srcset"].startswith("data:image/png;base64,")
    assert widths == [False, True]
    table = soup(layout.figure(draw, "Heat map", narrow_html="<table></table>"))
    assert table.select_one(".ck-wide img") and table.select_one(".ck-narrow table")


def test_bars_for_a_phone_are_drawn_in_html_to_scale_with_figures_and_a_key() -> None:
    html = layout.bars_html(
        "Receivables <by class>",
        ["Li (R1)", "Wang (R2)", "Zhao (R3)"],
        {"a": [300, 100, 0], "c": [100, 0, 0]},
        {"a": "#1565c0", "c": "#c62828"},
        "Unpaid (yuan)",
        {"a": "Class A", "c": "Class C"},
        ["400", "100", "0"],
    )
    page = soup(html)
    assert page.select_one(".ck-bars-title").text == "Receivables <by class>"
    bars = page.select(".ck-bar")
    assert [b.find("span").text for b in bars] == ["Li (R1)", "Wang (R2)", "Zhao (R3)"]
    widths = [[s["style"] for s in b.select(".ck-bar-track span")] for b in bars]
    # the largest total fills the track; a part of nothing is not drawn at all
    assert widths == [
        ["width:75.00%;background:#1565c0", "width:25.00%;background:#c62828"],
        ["width:25.00%;background:#1565c0"],
        [],
    ]
    assert [b.find_all("span", recursive=False)[-1].text for b in bars] == ["400", "100", "0"]
    assert page.select_one(".ck-bars-axis").text == "Unpaid (yuan)"
    assert [li.text for li in page.select(".ck-bars-key li")] == ["Class A", "Class C"]
    # one part needs no key; a fixed top scales shares against 100
    share = soup(layout.bars_html("Visited", ["A"], {"s": [40.0]}, {"s": "#000"}, "%", top=100))
    assert share.select_one(".ck-bars-key") is None
    assert share.select_one(".ck-bar-track span")["style"].startswith("width:40.00%")
    assert share.select(".ck-bar > span")[-1].text == "40"


def test_tables_scroll_in_their_own_box_with_a_cue_on_narrow_screens() -> None:
    page = soup(layout.table(pd.DataFrame({"Rep": ["Li (R1)"], "Leads": [3]}), "en", "Reps"))
    cue = page.select_one("p.ck-cue")
    box = page.select_one("div.ck-scroll")
    assert cue.text == "Scroll sideways for more →" and cue.find_next_sibling() is box
    assert box["aria-label"] == "Reps" and box["tabindex"] == "0"
    css = layout.STYLE
    narrow = css[css.index("@media (max-width: 640px)") :]
    assert ".ck-cue { display: block; }" in narrow  # shown on phones only
    assert "position: sticky" in css and "overflow-x: auto" in css
