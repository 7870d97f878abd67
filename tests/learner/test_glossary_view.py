"""The trade-terms widget: search box, language switch, the panel every module shows."""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as widgets
import pytest

from helpers.learner.widgets import Session, modules
from helpers.learner.widgets.glossary import GlossaryView
from helpers.playbook import load_library
from helpers.store import Store
from tests.conftest import PROJECT
from tests.playbook.test_glossary import GLOSSARY


@pytest.fixture
def session(mini: Path, tmp_path: Path) -> Session:
    (mini / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    lib = load_library(mini)
    return Session(lib, Store(f"sqlite:///{tmp_path / 'g.sqlite'}"), "li.na", "en")


def test_all_terms_show_until_the_learner_searches(session: Session) -> None:
    view = GlossaryView(session)
    assert view.shown == ["margin", "price_cut", "jargon", "listing_fee"]
    assert view.count.value == "Showing 4 of 4 terms"
    assert view.search.description == "Search"
    assert view.results.value.count('class="coachkit-term"') == 4


def test_the_search_box_narrows_the_terms(session: Session) -> None:
    view = GlossaryView(session)
    view.search.value = "listing"
    assert view.shown == ["listing_fee"]
    assert view.count.value == "Showing 1 of 4 terms"
    assert 'data-id="listing_fee"' in view.results.value
    assert 'data-id="margin"' not in view.results.value
    view.search.value = "进场费"  # the other language's term finds it too
    assert view.shown == ["listing_fee"]
    view.search.value = "price"
    assert view.shown == ["price_cut", "margin"]
    view.search.value = "zzz"
    assert view.shown == []
    assert "Nothing matches &quot;zzz&quot;" in view.results.value
    view.search.value = ""
    assert len(view.shown) == 4


def test_each_term_shows_both_languages_definition_related_and_uses(session: Session) -> None:
    view = GlossaryView(session)
    view.search.value = "profit"
    html = view.results.value
    assert '<b lang="en">profit</b> · <span lang="zh">利润</span>' in html
    assert "What is left after the buying price." in html
    assert "卖价减进价" not in html
    assert "See also: price cut" in html
    assert "Used in: <i>Scenarios</i>: Too expensive · <i>Products</i>: Qingquan water" in html
    view.search.value = "listing fee"
    assert "Used in: Not used in the content yet" in view.results.value


def test_switching_language_relabels_and_keeps_the_search(session: Session) -> None:
    view = GlossaryView(session)
    view.search.value = "profit"
    session.set_locale("zh")
    assert view.search.value == "profit"
    assert view.shown == ["margin"]
    assert view.search.description == "查找"
    assert view.count.value == "共 4 个术语，显示 1 个"
    html = view.results.value
    assert '<b lang="zh">利润</b> · <span lang="en">profit</span>' in html
    assert "卖价减进价赚到的钱。" in html
    assert "另见：让价" in html
    assert "出现在：<i>异议情景</i>：嫌贵 · <i>产品</i>：清泉饮用水" in html
    session.set_locale("en")
    assert "What is left after the buying price." in view.results.value


def test_a_library_without_a_glossary_says_so(mini: Path, tmp_path: Path) -> None:
    session = Session(load_library(mini), Store(f"sqlite:///{tmp_path / 'n.sqlite'}"), "x", "en")
    view = GlossaryView(session)
    assert view.shown == []
    assert view.results.value == "The content library has nothing for this section yet."


def test_the_trade_terms_panel_starts_closed_and_follows_the_language(session: Session) -> None:
    panel = modules.trade_terms(session)
    assert isinstance(panel, widgets.Accordion)
    assert panel.selected_index is None
    assert panel.titles == ("Trade terms",)
    session.set_locale("zh")
    assert panel.titles == ("行业术语",)
    (box,) = panel.children
    search = box.children[0]
    search.value = "让价"
    assert 'data-id="price_cut"' in box.children[2].value


def test_every_training_module_shows_the_trade_terms() -> None:
    for number in ("01", "02", "03", "04", "05"):
        (path,) = (PROJECT / "notebooks" / "training").glob(f"{number}_*.ipynb")
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = ["".join(c["source"]).strip() for c in cells if c["cell_type"] == "code"]
        assert "modules.trade_terms(session)" in code, path.name


def test_the_shipped_glossary_in_the_widget(tmp_path: Path) -> None:
    lib = load_library(PROJECT / "playbooks", strict=False)
    session = Session(lib, Store(f"sqlite:///{tmp_path / 's.sqlite'}"), "li.na", "zh")
    view = GlossaryView(session)
    view.search.value = "进场费"
    assert view.shown[0] == "listing_fee"
    assert '<b lang="zh">进场费</b> · <span lang="en">listing fee</span>' in view.results.value
    session.set_locale("en")
    view.search.value = "floor display"
    assert view.shown[0] == "floor_display"
    assert "Not used in the content yet" not in view.results.value
