"""Module 08 widgets, headless: set the controls, click check, read the feedback and the store."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

from helpers.learner.exercises.receivables import ACTIONS, receivable_class, supply_action
from helpers.learner.widgets import modules
from helpers.learner.widgets.base import Session
from helpers.learner.widgets.channel import (
    ChannelOrderView,
    InvitationView,
    PlanReviewView,
    ProductLineView,
    ReceivablesView,
    ScriptView,
)
from helpers.playbook import load_library
from helpers.store import Store
from tests.conftest import PROJECT


def views(session: Session) -> list:
    """One view of every kind of module 08 exercise, on the shipped content."""
    lib = session.lib
    return [
        ChannelOrderView(session, "profit_chain"),
        ProductLineView(session, lib.of_kind("product_line")[0].cases[0].id),
        ReceivablesView(session, lib.of_kind("receivables")[0].ledgers[0].id),
        PlanReviewView(session, lib.of_kind("plan_review")[0].cases[0].id),
        ScriptView(session, lib.of_kind("script_practice")[0].situations[0].id),
        InvitationView(session, lib.of_kind("invitations")[0].cases[0].id),
    ]


@pytest.fixture(scope="module")
def lib():
    return load_library(PROJECT / "playbooks")


@pytest.fixture
def session(lib, tmp_path: Path) -> Session:
    return Session(lib, Store(f"sqlite:///{tmp_path / 's.sqlite'}"), "li.na", "en")


def test_full_marks_on_every_view_are_stored_under_module_eight(session: Session) -> None:
    order, line, ledger, review, script, invite = views(session)
    for slot, term in zip(order.slots, order.method.terms, strict=True):
        slot.value = term.id
    for p in line.case.products:
        line.roles[p.id].value = p.role
    for pid in ("fruit_yoghurt", "malt_milk"):
        line.withdraw[pid].value = True
    for e in ledger.ledger.entries:
        cls = receivable_class(e, ledger.ledger.as_of)
        ledger.classes[e.id].value = cls
        ledger.actions[e.id].value = ACTIONS[cls]
        ledger.supply[e.id].value = supply_action(e.reminders)
    c = review.case
    review.clash.value = c.clashes()[0]
    review.lead.value = c.lead
    review.share.value = 8
    review.paid_when.value = "paid_in_full"
    review.reason.value = next(p.id for p in c.reasons if p.right)
    review.destination.value = next(p.id for p in c.destinations if p.right)
    script.draft.value = "先写个草稿，再慢慢改。" * 3
    script.revision.value = script.situation.model_script.en
    for m in invite.case.moments:
        invite.moments[m.id].value = next(ch.id for ch in m.choices if ch.fits)
    for view in (order, line, ledger, review, script, invite):
        view.check.click()
        assert view.last_result is not None and view.last_result.ratio == 1, type(view).__name__
    stored = session.store.attempts("li.na")
    assert len(stored) == 6 and {a.module for a in stored} == {"08_channel"}
    ids = {a.exercise_id for a in stored}
    assert "method_order:profit_chain" in ids and f"product_line:{line.case.id}" in ids


def test_feedback_names_the_rule_and_follows_the_language(session: Session) -> None:
    invite = InvitationView(session, session.lib.of_kind("invitations")[0].cases[0].id)
    invite.moments["on_the_call"].value = "explain_all"
    invite.check.click()
    assert (
        "Selling on the phone" in invite.feedback.value and "Score: 0 / 2" in invite.feedback.value
    )
    session.set_locale("zh")
    assert "在电话里推销" in invite.feedback.value
    assert invite.check.description == "检查答案"


def test_the_script_view_records_the_ticks_and_scores_only_the_text(session: Session) -> None:
    script = ScriptView(session, session.lib.of_kind("script_practice")[0].situations[0].id)
    script.draft.value = script.situation.model_script.en
    script.done["ss_record"].value = True
    result = script.submit()
    assert result.score == 4  # no revision
    stored = session.store.attempts("li.na")[0]
    assert stored.answer["done"] == ["ss_record"]
    assert "cannot check" in script.feedback.value


def test_the_ledger_shows_dates_and_reminders(session: Session) -> None:
    ledger = ReceivablesView(session, session.lib.of_kind("receivables")[0].ledgers[0].id)
    assert "The receivables analysis on 30 November 2026:" in ledger.intro.value
    label = ledger.labels["rcv_logistics"].value
    assert "1 December 2024. Formal reminders sent: 5." in label
    assert [v for _, v in ledger.classes["rcv_logistics"].options] == ["rc_a", "rc_b", "rc_c"]
    assert "topped out 1 September 2024, contract payment date 1 December 2024" in label
    bridge = ledger.labels["rcv_bridge"].value
    assert "topped out" not in bridge and "owed, contract payment date 31 October 2025" in bridge
    session.set_locale("zh")
    assert "2026 年 11 月 30 日的应收账款分析" in ledger.intro.value
    label = ledger.labels["rcv_logistics"].value
    assert "物流园仓库</b>：欠款" in label
    assert "主体封顶 2024 年 9 月 1 日，合同付款日 2024 年 12 月 1 日" in label


def test_labels_are_punctuated_as_each_language_writes_them(session: Session) -> None:
    lib = session.lib
    line = ProductLineView(session, lib.of_kind("product_line")[0].cases[0].id)
    review = PlanReviewView(session, lib.of_kind("plan_review")[0].cases[0].id)
    assert "Plain milk 250 ml</b>: RRP 2.5 yuan" in line.labels["plain_milk"].value
    assert "Xiao Wang</b>: Monday" in review.plans.value
    session.set_locale("zh")
    assert "原味奶 250 毫升</b>：建议零售价 2.5 元" in line.labels["plain_milk"].value
    assert "小王</b>：周一" in review.plans.value
    for shown in (line.labels["plain_milk"].value, review.plans.value):
        assert "</b>: " not in shown


def test_every_section_builds(session: Session) -> None:
    for section in (
        modules.product_line,
        modules.receivables,
        modules.plan_review,
        modules.standard_scripts,
        modules.invitations,
    ):
        assert section(session) is not None
    assert modules.quiz(session, "08_channel").children


def html_of(widget) -> str:
    """Every HTML value inside ``widget``, joined."""
    out = []
    stack = [widget]
    while stack:
        w_ = stack.pop(0)
        if hasattr(w_, "value") and isinstance(w_.value, str):
            out.append(w_.value)
        stack.extend(getattr(w_, "children", ()))
    return "\n".join(out)


@pytest.mark.parametrize(
    ("section", "methods"),
    [
        ("product_line", ["layered_product_line", "profit_chain"]),
        ("receivables", ["receivable_classes"]),
        ("plan_review", ["weekly_plan_review"]),
        ("standard_scripts", ["standard_scripts"]),
        ("invitations", ["sincere_invitation"]),
    ],
)
def test_every_section_states_its_method_before_the_exercises(
    session: Session, section: str, methods: list[str]
) -> None:
    widget = getattr(modules, section)(session)
    for mid in methods:
        summary = html.escape(session.lib.methods[mid].summary.en)
        assert summary in html_of(widget), mid
    session.set_locale("zh")
    for mid in methods:
        assert html.escape(session.lib.methods[mid].summary.zh) in html_of(widget), mid


def test_the_rules_come_after_the_ordering_they_would_answer(session: Session) -> None:
    for section, method in (
        (modules.product_line, "profit_chain"),
        (modules.standard_scripts, "standard_scripts"),
    ):
        children = section(session).children
        summary = html.escape(session.lib.methods[method].summary.en)
        assert summary not in html_of(children[0])  # the ordering exercise
        assert summary in html_of(children[1])


def test_the_script_limits_shown_are_the_contents(session: Session) -> None:
    text = html.unescape(html_of(modules.standard_scripts(session)))
    rules = session.lib.of_kind("script_practice")[0].limits
    assert (
        f"at least {rules.min_seconds} s and at most {rules.max_seconds} s to say, "
        f"and no sentence over {rules.max_sentence_seconds} s"
    ) in text
    assert f"{rules.english_words_per_second:g} English words a second" in text
    assert "set in the module's content" in text


def test_a_trainer_who_edits_the_limits_sees_them_in_the_section_and_the_grading(
    tmp_path: Path,
) -> None:
    root = tmp_path / "playbooks"
    shutil.copytree(PROJECT / "playbooks", root)
    scripts = root / "channel" / "scripts.yaml"
    text = scripts.read_text(encoding="utf-8")
    assert "  max_seconds: 90 " in text
    scripts.write_text(text.replace("  max_seconds: 90 ", "  max_seconds: 20 "), encoding="utf-8")
    lib = load_library(root)
    session = Session(lib, Store(f"sqlite:///{tmp_path / 's.sqlite'}"), "li.na", "en")
    shown = html.unescape(html_of(modules.standard_scripts(session)))
    assert "at least 5 s and at most 20 s to say" in shown
    script = ScriptView(session, lib.of_kind("script_practice")[0].situations[0].id)
    script.draft.value = script.situation.model_script.en  # about 23 s to say
    result = script.submit()
    assert not next(f for f in result.items if f.item == "length").ok
