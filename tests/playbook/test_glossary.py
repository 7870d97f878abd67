"""The trade-terms glossary: its model and checks, where terms are used, search, shipped file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.playbook import load_library
from helpers.playbook.glossary import mentions, search, used_in
from helpers.playbook.models import GlossaryEntry
from tests.conftest import PROJECT

GLOSSARY = """\
kind: glossary
id: terms
name: {zh: 行业术语表, en: Trade terms}
entries:
  - id: margin
    term: {zh: 利润, en: profit}
    definition: {zh: 卖价减进价赚到的钱。, en: What is left after the buying price.}
    see_also: [price_cut]
  - id: price_cut
    term: {zh: 让价, en: price cut}
    definition: {zh: 把价格降下来。, en: Taking money off the price.}
  - id: jargon
    term: {zh: 反渗透, en: reverse osmosis}
    definition: {zh: 一种净水工艺。, en: A way of purifying water.}
    variants: {en: [reverse-osmosis]}
  - id: listing_fee
    term: {zh: 进场费, en: listing fee}
    definition: {zh: 超市收的上架费。, en: What a supermarket charges to stock a product.}
    see_also: [margin]
"""


@pytest.fixture
def glossary(mini: Path) -> Path:
    """The mini library with a small glossary added; returns the glossary file."""
    path = mini / "glossary.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def entry(zh: str, en: str, **more: object) -> GlossaryEntry:
    return GlossaryEntry.model_validate(
        {"id": "e", "term": {"zh": zh, "en": en}, "definition": {"zh": "释义", "en": "Gloss"}}
        | more
    )


# ---------------------------------------------------------------- model and checks


def test_a_glossary_loads_as_its_own_kind(glossary: Path) -> None:
    lib = load_library(glossary.parent)
    assert [e.id for e in lib.glossary] == ["margin", "price_cut", "jargon", "listing_fee"]
    assert lib.stats()["glossary_entries"] == 4
    assert lib.glossary[0].term.get("en") == "profit"


def test_missing_translation_is_an_error(glossary: Path, edit: Callable) -> None:
    edit(glossary, "en: Taking money off the price.", "en: ''")
    edit(glossary, "term: {zh: 反渗透, en: reverse osmosis}", "term: {zh: 反渗透, en: 反渗透}")
    issues = load_library(glossary.parent, strict=False).issues
    assert [(i.file.name, i.field, i.code) for i in issues] == [
        ("glossary.yaml", "entries[1].definition", "missing-translation"),
        ("glossary.yaml", "entries[2].term.en", "missing-translation"),
    ]
    assert "English (en) text is missing" in issues[0].message


def test_unknown_see_also_is_an_error(glossary: Path, edit: Callable) -> None:
    edit(glossary, "see_also: [price_cut]", "see_also: [price_cutt]")
    (issue,) = load_library(glossary.parent, strict=False).issues
    assert (issue.field, issue.code) == ("entries[0].see_also[0]", "dangling-ref")
    assert "unknown glossary entry 'price_cutt' (did you mean 'price_cut'?)" in issue.message
    assert issue.line == 8


def test_see_also_cannot_name_the_entry_itself(glossary: Path, edit: Callable) -> None:
    edit(glossary, "see_also: [price_cut]", "see_also: [margin]")
    (issue,) = load_library(glossary.parent, strict=False).issues
    assert issue.code == "schema"
    assert "refers to itself" in issue.message


def test_ids_and_terms_are_unique(glossary: Path, edit: Callable) -> None:
    edit(glossary, "  - id: jargon\n", "  - id: margin\n")
    edit(glossary, "term: {zh: 进场费,", "term: {zh: 让价,")
    issues = load_library(glossary.parent, strict=False).issues
    assert [(i.field, i.code) for i in issues] == [
        ("entries[2].id", "duplicate-id"),
        ("entries[3].term.zh", "duplicate-term"),
    ]
    assert "first defined at glossary.yaml:5" in issues[0].message


def test_variants_are_written_in_their_own_language(glossary: Path, edit: Callable) -> None:
    edit(glossary, "variants: {en: [reverse-osmosis]}", "variants: {zh: [RO], en: [反渗透膜]}")
    issues = load_library(glossary.parent, strict=False).issues
    assert sorted((i.field, i.code) for i in issues) == [
        ("entries[2].variants.en[0]", "missing-translation"),
        ("entries[2].variants.zh[0]", "missing-translation"),
    ]


# ---------------------------------------------------------------------- used in


def test_used_in_finds_each_term_in_either_language(glossary: Path) -> None:
    found = used_in(load_library(glossary.parent))
    where = {k: [(u.kind, u.doc_id, u.locales) for u in v] for k, v in found.items()}
    assert where == {
        # the scenario's confirm (利润 / profit) and the product's need (每箱利润高 / Good
        # profit per case); scenarios are listed first
        "margin": [
            ("objection_scenario", "price_water", ("zh", "en")),
            ("product", "water", ("zh", "en")),
        ],
        # only the Chinese feedback of the scenario says 让价
        "price_cut": [("objection_scenario", "price_water", ("zh",))],
        # the English distractor writes reverse-osmosis with a hyphen: found through a variant
        "jargon": [("product", "water", ("zh", "en"))],
        "listing_fee": [],
    }
    titles = [u.title.get("en") for u in found["margin"] if u.title is not None]
    assert titles == ["Too expensive", "Qingquan water"]


def test_used_in_searches_the_kinds_asked_for_in_that_order(glossary: Path) -> None:
    lib = load_library(glossary.parent)
    some = used_in(lib, entries=lib.glossary[:1], kinds=["product", "objection_scenario"])
    assert list(some) == ["margin"]
    assert [u.doc_id for u in some["margin"]] == ["water", "price_water"]
    assert used_in(lib, kinds=["rubric"])["margin"] == []


def test_english_forms_match_whole_words_with_a_plural() -> None:
    rebate = entry("返点", "rebate", variants={"en": ["on stop"]})
    assert mentions(rebate, "", "Rebates are paid later.") == ("en",)
    assert mentions(rebate, "", "a prebate, rebated goods") == ()
    assert mentions(rebate, "", "The account is ON STOP.") == ("en",)
    assert mentions(rebate, "返点八个", "") == ("zh",)
    assert mentions(entry("端架", "end-cap"), "", "an end cap") == ()


# ------------------------------------------------------------------------ search


def test_search_matches_either_language_term_first(glossary: Path) -> None:
    entries = load_library(glossary.parent).glossary
    ids = lambda q: [e.id for e in search(entries, q)]  # noqa: E731
    assert ids("") == ["margin", "price_cut", "jargon", "listing_fee"]
    assert ids("进场费") == ["listing_fee"]
    assert ids("  LISTING  ") == ["listing_fee"]
    # "price" names price_cut and sits in the other definitions: the term comes first
    assert ids("price") == ["price_cut", "margin"]
    assert ids("reverse osmosis") == ["jargon"]
    assert ids("water purifying") == ["jargon"]
    assert ids("nothing like this") == []


# ------------------------------------------------------------------- trainer view


def test_glossary_table_is_labelled_in_each_language(glossary: Path) -> None:
    from helpers.playbook import views

    lib = load_library(glossary.parent)
    en = views.glossary_table(lib, "en")
    zh = views.glossary_table(lib, "zh")
    assert list(en.columns) == ["Chinese term", "English term", "Definition", "See also", "Used in"]
    assert zh.columns[0] == "中文术语"
    assert en.iloc[0].tolist() == [
        "利润",
        "profit",
        "What is left after the buying price.",
        "price cut",
        "price_water, water",
    ]
    assert zh.iloc[0]["另见"] == "让价"
    assert en.iloc[3]["Used in"] == ""


# ---------------------------------------------------------------- the shipped file

CORE_TERMS = {"进场费": "listing fee", "窜货": "diverted goods", "堆头": "floor display"}
"""The terms the glossary was asked for by name, with the English a trainer uses."""

NAMED_TERMS = (
    *("临期", "动销", "铺货", "跟车", "拍板", "兜底", "窝工", "打灰", "冷缝", "闭水试验", "集采"),
    *("控价", "账期", "回款", "压货", "返点", "客情", "挂起", "终端", "陈列", "首单", "现款"),
    *("主体封顶", "特约经销商", "主打产品", "获利产品", "清欠"),
)


@pytest.fixture(scope="module")
def shipped():
    # other files may be mid-edit; this file's own problems are checked below
    return load_library(PROJECT / "playbooks", strict=False)


def test_shipped_glossary_has_no_problems_of_its_own(shipped) -> None:
    mine = [i.format() for i in shipped.issues if i.file.name == "glossary.yaml"]
    assert mine == []
    assert 30 <= len(shipped.glossary) <= 70


def test_shipped_glossary_covers_the_core_trade_terms(shipped) -> None:
    terms = {e.term.zh: e.term.en for e in shipped.glossary}
    for zh, en in CORE_TERMS.items():
        assert terms.get(zh) == en, zh
    missing = [t for t in NAMED_TERMS if t not in terms]
    assert not missing, f"terms the glossary must explain: {missing}"


def test_every_shipped_term_is_used_in_the_content(shipped) -> None:
    found = used_in(shipped)
    dead = [e.term.zh for e in shipped.glossary if not found[e.id]]
    assert not dead, f"glossary entries no content file uses: {dead}"


def test_price_control_says_what_a_rep_may_not_do(shipped) -> None:
    entry = next(e for e in shipped.glossary if e.term.zh == "控价")
    assert "may not tell" in entry.definition.en
    assert "resale price maintenance" in entry.definition.en
    assert "不能规定" in entry.definition.zh


def test_glossary_checks_speak_the_operators_language(
    glossary: Path, edit: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHKIT_LOCALE", "zh")
    edit(glossary, "see_also: [price_cut]", "see_also: [price_cutt]")
    edit(glossary, "term: {zh: 进场费,", "term: {zh: 让价,")
    edit(glossary, "variants: {en: [reverse-osmosis]}", "variants: {en: [反渗透]}")
    issues = load_library(glossary.parent, strict=False).issues
    assert [(i.field, i.code, i.line, i.message) for i in issues] == [
        (
            "entries[0].see_also[0]",
            "dangling-ref",
            8,
            "找不到术语表词条 'price_cutt'（是不是 'price_cut'？）",
        ),
        (
            "entries[2].variants.en[0]",
            "missing-translation",
            15,
            "列在 en 下的变体必须用英文（en）书写",
        ),
        (
            "entries[3].term.zh",
            "duplicate-term",
            17,
            "术语 '让价' 重复，首次定义在 glossary.yaml:10",
        ),
    ]
