"""Tables of the library shown in the content-library notebook."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers.playbook import load_library, views


def test_stats_table_is_labelled_in_each_language(mini: Path) -> None:
    lib = load_library(mini)
    en = views.stats_table(lib, "en")
    zh = views.stats_table(lib, "zh")
    assert list(en.columns) == ["What", "Count"]
    assert list(zh.columns) == ["内容", "数量"]
    assert dict(zip(en["What"], en["Count"], strict=True))["Canonical flow stages"] == 2


def test_flow_table_shows_stages_in_order_with_time_budgets(mini: Path) -> None:
    table = views.flow_table(load_library(mini), "zh")
    assert list(table["阶段"]) == ["开场白", "处理异议"]
    assert table["时间要求"][0] == "约定时间: ≤ 5 分钟"


def test_issues_table_and_summary(mini: Path, edit: Callable) -> None:
    lib = load_library(mini)
    assert views.issues_table(lib, "en").empty
    assert "no problems" in views.summary_line(lib, "en")
    edit(mini / "product.yaml", "need: margin", "need: speed")
    lib = load_library(mini, strict=False)
    table = views.issues_table(lib, "en")
    assert list(table.iloc[0][["File", "Line", "Field"]]) == ["product.yaml", 17, "chains[0].need"]
    assert views.summary_line(lib, "zh").startswith("发现 1 个问题")


def test_versions_table_lists_every_document(mini: Path) -> None:
    table = views.versions_table(load_library(mini), "en")
    assert len(table) == 9
    assert table["Content version"].str.len().eq(12).all()
