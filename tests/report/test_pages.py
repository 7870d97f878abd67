"""The folder of a batch: the index page and the relative links between pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bs4 import BeautifulSoup

from helpers.report.pages import batch_links, nav_html, write_index
from helpers.report.params import ReportParams

OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def batch(locale: str) -> list[ReportParams]:
    return [ReportParams(team, *OCT, "sqlite:///x", locale) for team in ("T02", "T01")]  # type: ignore[arg-type]


def test_the_index_names_each_team_its_reps_and_period(tmp_path: Path) -> None:
    facts = {"T01": {"reps": 6, "new_hires": 0}, "T02": {"reps": 5, "new_hires": 1}}
    path = write_index(
        tmp_path, batch("en"), {"T01": tmp_path / "T01.html"}, {"T02": "T02: cell 4: boom"}, facts
    )
    page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    viewport = page.find("meta", attrs={"name": "viewport"})
    assert viewport["content"] == "width=device-width, initial-scale=1"
    assert page.html["lang"] == "en"
    rows = [[td.get_text(" ") for td in tr.find_all("td")] for tr in page.select("tbody tr")]
    assert rows == [
        ["Team T01", "Reps: 6 (new hires: 0)", "2026-10-01 – 2026-10-31", "Open team T01's report"],
        [
            "Team T02",
            "Reps: 5 (new hires: 1)",
            "2026-10-01 – 2026-10-31",
            "Not rendered: T02: cell 4: boom",
        ],
    ]
    assert page.select_one("tbody a")["href"] == "T01.html"
    other = page.select_one("nav a")
    assert other["href"] == "zh/index.html" and other.text == "中文版" and other["lang"] == "zh"


def test_the_chinese_index_links_back_to_the_english_one(tmp_path: Path) -> None:
    folder = tmp_path / "zh"
    path = write_index(folder, batch("zh"), {"T01": folder / "T01.html"}, {}, {})
    page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    assert page.html["lang"] == "zh"
    assert page.select_one("nav a")["href"] == "../index.html"
    assert page.select_one("nav a").text == "English version"
    assert "团队 T01" in page.text and "打开团队 T01 的报告" in page.text


def test_report_links_are_relative_and_follow_the_layout(tmp_path: Path) -> None:
    en = batch_links(tmp_path / "reports", "en")
    assert (en.index, en.other("T01.html")) == ("index.html", "zh/T01.html")
    zh = batch_links(tmp_path / "reports" / "zh", "zh")
    assert (zh.index, zh.other("T01.html")) == ("index.html", "../T01.html")
    # a Chinese batch outside the layout has no English folder to point at
    assert batch_links(tmp_path / "elsewhere", "zh").other("T01.html") is None
    nav = BeautifulSoup(nav_html(zh, "T01.html", "zh"), "html.parser")
    assert [(a["href"], a.text) for a in nav.find_all("a")] == [
        ("index.html", "← 全部团队"),
        ("../T01.html", "English version"),
    ]
