"""Lint of accounts met in several exercises: one account, one monthly purchase."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.playbook import load_library
from helpers.playbook.account_checks import account_records, monthly_yuan
from tests.conftest import PROJECT

MORE = """\
kind: account_cases
id: more_accounts
name: {zh: 再练一次, en: One more round}
cases:
  - id: chain_again
    name: {zh: 连锁药房总部, en: The pharmacy chain head office}
    description:
      zh: 每月从我们这里进货约 12 万元，采购总监能拍板。
      en: It buys about 120,000 yuan a month from us, and the buying director decides.
    man: {money: true, authority: true, need: true}
    grade: A
    why: {zh: 量大。, en: Large.}
"""


@pytest.fixture
def two(mini: Path, edit: Callable) -> Path:
    edit(
        mini / "accounts.yaml",
        "description: {zh: 预算充足，",
        "description: {zh: 每月进货约 40 万元，预算充足，",
    )
    edit(
        mini / "accounts.yaml",
        'en: "Ample budget,',
        'en: "About 400,000 yuan a month, ample budget,',
    )
    (mini / "more.yaml").write_text(MORE, encoding="utf-8")
    return mini


@pytest.mark.parametrize(
    ("text", "locale", "amount"),
    [
        ("本地一家连锁药店，每月进货约 40 万元，30 天账期。", "zh", 400_000),
        ("每月从我们这里进货约 12 万元", "zh", 120_000),
        ("现在每月只进 3,000 元左右的货", "zh", 3_000),
        ("四个搅拌站每月约 8 万方混凝土，外加剂一年采购上千万元", "zh", None),
        ("It buys about 400,000 yuan a month from us", "en", 400_000),
        ("using about 5,000 yuan of consumables a month", "en", 5_000),
        ("buys 1.5 million yuan a month", "en", 1_500_000),
        ("about 1.5 million yuan of consumables a year", "en", None),
    ],
)
def test_monthly_amounts_are_read_as_each_language_writes_them(
    text: str, locale: str, amount: int | None
) -> None:
    assert monthly_yuan(text, locale) == amount


def test_a_same_named_account_with_another_monthly_purchase_is_reported(two: Path) -> None:
    lib = load_library(two)  # a lint error, but the content still works
    [issue] = lib.issues
    assert issue.code == "account-figure-differs"
    assert issue.file.name == "more.yaml" and issue.field == "cases[0].description"
    assert "accounts.yaml:" in issue.message
    assert "400,000" in issue.message and "120,000" in issue.message


def test_the_same_figure_or_another_name_is_clean(two: Path, edit: Callable) -> None:
    edit(two / "more.yaml", "12 万元", "40 万元")
    edit(two / "more.yaml", "about 120,000 yuan", "about 400,000 yuan")
    assert load_library(two).issues == []
    edit(two / "more.yaml", "40 万元", "12 万元")
    edit(two / "more.yaml", "about 400,000 yuan", "about 120,000 yuan")
    edit(two / "more.yaml", "{zh: 连锁药房总部, en: The pharmacy chain head office}",
         "{zh: 另一家连锁药房, en: Another pharmacy chain}")  # fmt: skip
    assert load_library(two).issues == []


def test_two_languages_stating_different_figures_are_reported(two: Path, edit: Callable) -> None:
    edit(two / "more.yaml", "12 万元", "40 万元")
    codes = sorted(i.code for i in load_library(two).issues)
    assert codes == ["account-figure-languages"]


def test_the_shipped_pharmacy_chain_buys_the_same_every_time_it_appears() -> None:
    lib = load_library(PROJECT / "playbooks")
    assert not [i for i in lib.issues if i.code.startswith("account-figure")]
    chain = [r for r in account_records(lib) if r.names[0] == "扩张中的区域连锁药店"]
    kinds = {r.ld.doc.kind for r in chain}
    assert kinds == {"account_cases", "account_plan", "tier_sort"}  # modules 05 and 06
    assert {(r.zh, r.en) for r in chain} == {(400_000, 400_000)}
