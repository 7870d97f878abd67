"""Headless widget tests: set values and click from Python, check feedback and stored attempts."""

from __future__ import annotations

import datetime as dt
import html
import shutil
from pathlib import Path

import ipywidgets as widgets
import pytest

from helpers.learner.widgets import HomeView, Session
from helpers.learner.widgets.base import check_boxes, find_item
from helpers.learner.widgets.ffab import (
    AssembleView,
    DistractorView,
    OwnChainView,
    RankNeedsView,
    TieNeedsView,
)
from helpers.learner.widgets.flow import ChecklistView, NextStageView, StageOrderView, TermOrderView
from helpers.learner.widgets.followup import (
    AccountGradeView,
    DistanceView,
    SimulatorView,
    VisitPlanView,
)
from helpers.learner.widgets.funnel import ClassifyView, FunnelView, OwnQuestionView
from helpers.learner.widgets.key_accounts import (
    AccountPlanView,
    CallingHighView,
    MethodOrderView,
    OpportunityView,
    PlacementView,
    ReplyPairView,
    TierSortView,
)
from helpers.learner.widgets.quiz import QuizView
from helpers.learner.widgets.relationship import (
    AdvanceView,
    CalendarView,
    CareFileView,
    ClaimView,
    EventResponseView,
    RetentionView,
    StatementView,
)
from helpers.learner.widgets.scenario import ScenarioView
from helpers.playbook import load_library
from helpers.store import Store
from tests.conftest import PROJECT


@pytest.fixture
def session(mini: Path, tmp_path: Path) -> Session:
    lib = load_library(mini)
    return Session(lib, Store(f"sqlite:///{tmp_path / 'w.sqlite'}"), "li.na", "en")


def test_stage_order_round_trip(session: Session) -> None:
    view = StageOrderView(session, "canonical")
    assert [o[1] for o in view.slots[0].options] == ["handle_objections", "opening"]
    view.slots[0].value = "opening"
    view.slots[1].value = "handle_objections"
    view.check.click()
    assert "Score: 2 / 2" in view.feedback.value
    (attempt,) = session.store.attempts("li.na")
    assert attempt.exercise_id == "flow_order:canonical"
    assert attempt.answer == ["opening", "handle_objections"]
    assert attempt.content_version == session.lib.version_of("visit_flow", "canonical")
    assert attempt.module == "01_visit_flow"


def test_language_switch_relabels_and_keeps_answers(session: Session) -> None:
    view = StageOrderView(session, "canonical")
    view.slots[0].value = "handle_objections"
    view.check.click()
    session.set_locale("zh")
    assert view.check.description == "检查答案"
    assert view.slots[0].value == "handle_objections"
    assert "开场白" in view.slots[0].options[0][0] or "开场白" in view.slots[0].options[1][0]
    assert "得分：0 / 2" in view.feedback.value
    assert "“开场白”" in view.feedback.value


def test_wrong_answer_goes_to_the_review_queue(session: Session) -> None:
    view = ClassifyView(session, "grocery")
    view.check.click()  # nothing chosen: said so, and nothing stored
    assert "No answer yet" in view.feedback.value
    assert session.store.cards("li.na") == [] and session.store.attempts("li.na") == []
    view.rows["q1"][1].value = "closed"
    view.check.click()
    assert "Score: 0 / 1" in view.feedback.value
    cards = session.store.cards("li.na")
    assert [c.item_id for c in cards] == ["classify:grocery"]
    view.rows["q1"][1].value = "expanding"
    view.check.click()
    assert "Score: 1 / 1" in view.feedback.value
    assert len(session.store.attempts("li.na")) == 2


def test_checklist_and_quiz(session: Session) -> None:
    view = ChecklistView(session, "opening")
    view.boxes["c0"].value = True
    view.check.click()
    assert "Score: 1 / 1" in view.feedback.value
    quiz = QuizView(session, "qz1")
    quiz.choice.value = "b"
    quiz.check.click()
    assert "Not quite. The answer is “How is business?”" in quiz.feedback.value
    assert quiz.module == "02_question_funnel"


def test_term_order_uses_the_glossary(session: Session, mini: Path) -> None:
    shutil.copy(PROJECT / "playbooks" / "methods.yaml", mini / "methods.yaml")
    session.lib = load_library(mini)
    view = TermOrderView(session, "opening_")
    for slot, term in zip(
        view.slots,
        ["opening_agenda", "opening_value", "opening_time", "opening_accept"],
        strict=True,
    ):
        slot.value = term
    view.check.click()
    assert "Score: 4 / 4" in view.feedback.value


def test_funnel_widgets(session: Session) -> None:
    classify = ClassifyView(session, "grocery")
    classify.rows["q1"][1].value = "expanding"
    classify.check.click()
    assert "Score: 1 / 1" in classify.feedback.value
    funnel = FunnelView(session, "grocery", slots=2)
    funnel.place(["q1"])
    funnel.check.click()
    assert "No limiting question" in funnel.feedback.value
    own = OwnQuestionView(session)
    own.text.value = "你们每周哪一天收货？"
    own.check.click()
    assert "limiting" in own.feedback.value
    assert session.store.attempts("li.na")[-1].content_version.startswith("rules-")


def test_ffab_widgets(session: Session) -> None:
    tie = TieNeedsView(session, "water")
    tie.rows["margin_chain"][1].value = "margin"
    tie.check.click()
    assert "Score: 1 / 1" in tie.feedback.value
    spot = DistractorView(session, "water")
    spot.boxes["distractor:jargon_pitch"].value = True
    spot.check.click()
    assert "You spotted the distractor" in spot.feedback.value
    rank = RankNeedsView(session, "water")
    rank.ranks["margin"].value = 1
    rank.check.click()
    assert "Score: 1 / 1" in rank.feedback.value
    own = OwnChainView(session, "water")
    own.fields["feature"].value = "每箱 24 瓶"
    own.check.click()
    assert "is still empty" in own.feedback.value


def test_scenario_buttons_give_feedback_and_store_the_path(session: Session) -> None:
    view = ScenarioView(session, "price_water")
    assert "Mr Wang" in view.persona.value
    assert "Customer: You&#x27;re too expensive." in view.customer.value
    assert view.replay.layout.display == "none"  # nothing to play again yet
    poor = view.choice_buttons()["poor"]
    poor.click()
    history = html.unescape(view.history.value)
    assert f"You: {poor.description}" in history
    assert "Gave away price instead of using divide." in history
    assert "Outcome: The margin is gone." in view.feedback.value
    (attempt,) = session.store.attempts("li.na")
    assert attempt.answer == ["poor"] and attempt.score == 0
    assert view.replay.layout.display is None
    view.replay.click()
    assert view.feedback.value == "" and view.history.value.count("<li") == 0
    assert view.replay.layout.display == "none"
    for cid in ("good", "ask", "confirm", "respond", "verify"):
        view.choice_buttons()[cid].click()
    assert "Score: 15 / 15" in view.feedback.value


def test_followup_widgets(session: Session) -> None:
    grade = AccountGradeView(session, "corner_shop")
    grade.grade_buttons.value = "D"
    grade.check.click()
    assert "Right, this is a grade D account" in grade.feedback.value
    plan = VisitPlanView(session, n=2)
    for cid in plan.rows:
        plan.plan(cid, ["1-am"] if cid == "big_chain" else ["3-pm"])
    plan.check.click()
    assert "Score: 2 / 2" in plan.feedback.value
    assert "Corner shop" in plan.feedback.value
    dist = DistanceView(session, seed=3)
    dist.choice.value = "none"
    dist.check.click()
    assert "Score:" in dist.feedback.value
    sim = SimulatorView(session)
    sim.leads.value = 100
    assert "Expected deals: 5.0" in sim.summary.value
    assert sim.chart.value[:4] == b"\x89PNG"


def test_home_view_shows_progress_and_due(session: Session) -> None:
    view = NextStageView(session, "opening")
    view.show(view.grade("visit_report"), "visit_report")  # wrong: back for review today
    home = HomeView(session)
    assert "01 The visit flow: What comes after &quot;Opening statement&quot;" in home.due.value
    assert "flow_next:" not in home.due.value
    bar = home.bars["01_visit_flow"][1]
    assert bar.value == 0.0
    order = StageOrderView(session, "canonical")
    order.slots[0].value, order.slots[1].value = "opening", "handle_objections"
    order.check.click()
    home.refresh()
    assert home.bars["01_visit_flow"][1].value == pytest.approx(0.5)
    home.toggle.value = "zh"
    assert home.bars["01_visit_flow"][0].value == "01 客户拜访流程"


def test_start_remembers_learner_and_language(mini: Path, monkeypatch) -> None:
    from helpers.learner.widgets.home import remembered, start

    lib = load_library(mini)
    first = start(lib=lib)
    assert (first.learner_id, first.locale) == ("guest", "en")
    home = HomeView(first)
    home.learner.value = "wang.fang"
    home.toggle.value = "zh"
    assert remembered(first.store) == {"learner_id": "wang.fang", "locale": "zh"}
    again = start(lib=lib)
    assert (again.learner_id, again.locale) == ("wang.fang", "zh")
    # each person's language is their own: another learner keeps theirs
    HomeView(again).learner.value = "li.na"
    again.set_locale("en")
    assert start(lib=lib, learner_id="wang.fang").locale == "zh"
    assert (start(lib=lib).learner_id, start(lib=lib).locale) == ("li.na", "en")
    again.set_learner("wang.fang")
    assert again.locale == "zh"  # taking over the page, a learner gets their own language
    monkeypatch.setenv("COACHKIT_LEARNER", "server.user")
    assert start(lib=lib).learner_id == "server.user"


def test_choices_are_shown_in_a_fixed_order_that_hides_the_best(tmp_path: Path) -> None:
    lib = load_library(PROJECT / "playbooks")
    session = Session(lib, Store(f"sqlite:///{tmp_path / 'w.sqlite'}"), "li.na", "en")
    best_first = steps = 0
    for doc in lib.scenarios:
        view = ScenarioView(session, doc.id)
        shown = view.shown_choices()
        assert sorted(c.id for c in shown) == sorted(c.id for c in view.run.current.choices)
        assert [c.id for c in shown] == [
            c.id for c in ScenarioView(session, doc.id).shown_choices()
        ]
        assert list(view.choice_buttons()) == [c.id for c in shown]
        best = max(c.score for c in shown)
        steps += 1
        best_first += shown[0].score == best
    # writers often put the best choice first; on screen it must not sit there every time
    assert best_first < steps * 0.7


def test_quiz_options_are_shown_shuffled_but_stable(session: Session) -> None:
    a = QuizView(session, "qz1")
    b = QuizView(session, "qz1")
    assert [o.id for o in a.options] == [o.id for o in b.options]
    assert sorted(o.id for o in a.options) == ["a", "b"]


# ------------------------------------------------------- on the shipped content


@pytest.fixture(scope="module")
def shipped_lib():
    return load_library(PROJECT / "playbooks")


@pytest.fixture
def shipped(shipped_lib, tmp_path: Path) -> Session:
    return Session(shipped_lib, Store(f"sqlite:///{tmp_path / 's.sqlite'}"), "li.na", "en")


def test_assemble_empty_submit_stores_nothing(shipped: Session) -> None:
    product = shipped.lib.products[0]
    chain = product.chains[0]
    view = AssembleView(shipped, product.id, chain.id)
    assert view.answer() == {}
    result = view.submit()
    assert (result.exercise_id, result.score, result.max_score) == (
        f"ffab_assemble:{product.id}.{chain.id}",
        0,
        3,
    )
    assert "No answer yet" in view.feedback.value and "Score:" not in view.feedback.value
    assert shipped.store.attempts("li.na") == [] and shipped.store.cards("li.na") == []


def test_assemble_scores_the_picked_slots(shipped: Session) -> None:
    product = shipped.lib.products[0]
    chain, other = product.chains[:2]
    view = AssembleView(shipped, product.id, chain.id)
    view.slots["function"].value = chain.id
    view.slots["advantage"].value = other.id
    view.check.click()
    assert "Score: 1 / 3" in view.feedback.value
    assert "Function (F): right." in view.feedback.value
    assert f"This one is &quot;{chain.advantage.en}&quot;" in view.feedback.value
    (attempt,) = shipped.store.attempts("li.na")
    assert attempt.answer == {"function": chain.id, "advantage": other.id}
    assert attempt.feedback["missed"] == ["advantage", "benefit"]


def test_rank_needs_widget_uses_each_rank_once_and_names_the_method(shipped: Session) -> None:
    pharma = next(p for p in shipped.lib.products if p.id.startswith("pharma"))
    order = [n.id for n in sorted(pharma.needs, key=lambda n: n.priority)]
    view = RankNeedsView(shipped, pharma.id)
    # every need is on screen in full, in an order that is not the customer's
    assert set(view.ranks) == set(order) and list(view.ranks) != order
    view.rank(order[:-1])
    view.ranks[order[0]].value = 2  # takes rank 2 from the need that held it
    assert view.ranks[order[1]].value == 0
    assert view.answer() == ["", order[0], *order[2:-1]]
    view.check.click()
    assert f"Score: {len(order) - 3} / {len(order)}" in view.feedback.value
    assert "has no rank yet" in view.feedback.value
    assert "(The FFAB pitch)" in view.feedback.value
    (attempt,) = shipped.store.attempts("li.na")
    assert attempt.score == len(order) - 3
    assert {i["method"] for i in attempt.feedback["items"]} == {"ffab"}


def every_exercise(shipped: Session) -> list:
    """One view of every kind of exercise, on the shipped content."""
    lib = shipped.lib
    product = lib.products[0]
    quizzes = list(lib.quiz_items.values())
    return [
        StageOrderView(shipped, lib.flows[0].id),
        TermOrderView(shipped, "opening_"),
        NextStageView(shipped, lib.canonical_flow.ordered()[0].id),
        ChecklistView(shipped, "prepare"),
        ClassifyView(shipped, lib.question_banks[0].id),
        FunnelView(shipped, lib.question_banks[0].id),
        OwnQuestionView(shipped),
        AssembleView(shipped, product.id, product.chains[0].id),
        TieNeedsView(shipped, product.id),
        DistractorView(shipped, product.id),
        RankNeedsView(shipped, product.id),
        OwnChainView(shipped, product.id),
        AccountGradeView(shipped, lib.account_cases[0].id),
        VisitPlanView(shipped),
        DistanceView(shipped, seed=0),
        QuizView(shipped, next(i.id for i in quizzes if i.type == "single")),
        QuizView(shipped, next(i.id for i in quizzes if i.type == "multiple")),
        *key_account_views(shipped),
        *relationship_views(shipped),
        *channel_views(shipped),
    ]


def channel_views(shipped: Session) -> list:
    """One view of every kind of module 08 exercise, on the shipped content."""
    from tests.learner.test_channel_widgets import views

    return views(shipped)


def key_account_views(shipped: Session) -> list:
    """One view of every kind of module 06 exercise, on the shipped content."""
    lib = shipped.lib
    return [
        ReplyPairView(shipped, lib.of_kind("reply_pairs")[0].pairs[0].id),
        MethodOrderView(shipped, "buyer_process"),
        PlacementView(shipped, lib.of_kind("placement")[0].cases[0].id),
        OpportunityView(shipped, lib.of_kind("opportunity_assessment")[0].sets[0].id),
        AccountPlanView(shipped, lib.of_kind("account_plan")[0].cases[0].id),
        CallingHighView(shipped, lib.of_kind("calling_high")[0].cases[0].id),
        TierSortView(shipped, lib.of_kind("tier_sort")[0].id),
    ]


def test_key_account_views_grade_store_and_relabel(shipped: Session) -> None:
    lib = shipped.lib
    pair = lib.of_kind("reply_pairs")[0].pairs[0]
    reply = ReplyPairView(shipped, pair.id)
    reply.reply.value = "adviser"
    reply.skill.value = pair.skill
    reply.check.click()
    assert "Score: 2 / 2" in reply.feedback.value
    case = lib.of_kind("placement")[0].cases[0]
    place = PlacementView(shipped, case.id)
    place.stage.value = case.stage
    place.move.value = next(m.id for m in case.moves if not m.fits)
    place.check.click()
    assert "Score: 1 / 2" in place.feedback.value
    tiers = TierSortView(shipped, lib.of_kind("tier_sort")[0].id)
    for a in tiers.doc.accounts:
        tiers.tiers[a.id].value = a.tier
    for t in tiers.tier_rules:
        tiers.visits[t.id].value = t.id
    tiers.check.click()
    assert tiers.last_result is not None and tiers.last_result.ratio == 1
    plan = AccountPlanView(shipped, lib.of_kind("account_plan")[0].cases[0].id)
    plan.fields["goals"].value = "grow the business\n10 new stores in six months"
    plan.check.click()
    assert "does not say how much" in plan.feedback.value
    stored = {a.exercise_id: a for a in shipped.store.attempts("li.na")}
    assert set(stored) == {
        f"reply_pair:{pair.id}",
        f"placement:{case.id}",
        f"tier_sort:{tiers.doc.id}",
        f"account_plan:{plan.case.id}",
    }
    assert {a.module for a in stored.values()} == {"06_key_accounts"}
    assert stored[f"account_plan:{plan.case.id}"].answer["goals"] == [
        "grow the business",
        "10 new stores in six months",
    ]
    shipped.set_locale("zh")
    assert "没有写明做到多少" in plan.feedback.value
    assert plan.fields["success"].description == "第一步：怎样帮客户成功"


def test_key_account_views_punctuate_as_each_language_writes(shipped: Session) -> None:
    lib = shipped.lib
    pair = lib.of_kind("reply_pairs")[0].pairs[0]
    reply = ReplyPairView(shipped, pair.id)
    tiers = TierSortView(shipped, lib.of_kind("tier_sort")[0].id)
    calling = CallingHighView(shipped, lib.of_kind("calling_high")[0].cases[0].id)
    person = calling.case.people[0]
    shipped.set_locale("zh")
    assert reply.customer.value.startswith("<b>客户说</b>：")
    assert reply.reply.options[0][0].startswith("回答 1：")
    first = tiers.doc.accounts[0]
    assert tiers.labels[first.id].value.startswith(f"<b>{first.name.zh}</b>：")
    assert f"{person.name.zh}（{person.role.zh}）" in [label for label, _ in calling.who.options]
    shipped.set_locale("en")
    assert reply.reply.options[0][0].startswith("Reply 1: ")
    assert f"{person.name.en} ({person.role.en})" in [label for label, _ in calling.who.options]


def test_placement_stages_are_not_listed_in_their_order(shipped: Session) -> None:
    for doc in shipped.lib.of_kind("placement"):
        in_order = [t.id for t in shipped.lib.methods[doc.method].terms]
        for case in doc.cases:
            view = PlacementView(shipped, case.id)
            shown = [v for _, v in view.stage.options]
            assert sorted(shown) == sorted(in_order) and shown != in_order, case.id


def test_development_cases_ask_about_the_account(shipped: Session) -> None:
    dev = next(d for d in shipped.lib.of_kind("placement") if d.method == "ka_development")
    case = dev.cases[0]
    view = PlacementView(shipped, case.id)
    assert "this account&#x27;s development" in view.stage_prompt.value
    view.stage.value = case.stage
    view.move.value = next(m.id for m in case.moves if m.fits)
    view.check.click()
    assert "Right, this account is at the" in view.feedback.value
    assert "the customer is at" not in view.feedback.value


def test_the_factor_table_shows_weights_and_anchors_before_rating(shipped: Session) -> None:
    doc = shipped.lib.of_kind("opportunity_assessment")[0]
    view = OpportunityView(shipped, doc.sets[0].id)
    table = view.factor_table.value
    assert "<th>Weight</th>" in table and "<th>5 means</th>" in table
    for f in doc.factors:
        assert html.escape(f.high.en) in table and html.escape(f.low.en) in table
    # shown under the intro, before the first account is rated
    assert view.controls.index(view.factor_table) == 1
    assert isinstance(view.controls[2], widgets.VBox)


def test_calling_high_asks_what_to_bring(shipped: Session) -> None:
    case = shipped.lib.of_kind("calling_high")[0].cases[0]
    view = CallingHighView(shipped, case.id)
    assert "what to bring" in view.preparation_prompt.value
    for p in case.preparation:
        view.preparation_boxes[p.id].value = p.right
    assert view.answer()["preparation"] == [p.id for p in view.preparation if p.right]
    view.check.click()
    assert view.last_result is not None and view.last_result.max_score == 7
    line = next(f for f in view.last_result.items if f.item == "preparation")
    assert line.ok and line.points == 1


def test_opportunity_totals_follow_the_ratings(shipped: Session) -> None:
    opp_set = shipped.lib.of_kind("opportunity_assessment")[0].sets[0]
    view = OpportunityView(shipped, opp_set.id)
    first = opp_set.accounts[0]
    for fid in view.ratings[first.id]:
        view.ratings[first.id][fid].value = 5
    assert f"{shipped.text(first.name)} 5.00" in view.totals.value
    view.pick.value = first.id
    view.check.click()
    result = view.last_result
    assert result is not None and result.score == 0  # all fives are off the case; the pick too
    # with accounts left unrated there are no totals of the learner's own to weigh the pick against
    assert not any(f.item == "weights" for f in result.items)


def relationship_views(shipped: Session) -> list:
    """One view of every kind of module 07 exercise, on the shipped content."""
    lib = shipped.lib
    files = lib.of_kind("customer_files")[0].cases[0]
    spending = lib.of_kind("spending_rules")[0]
    return [
        CareFileView(shipped, files.id),
        CalendarView(shipped, files.id),
        EventResponseView(shipped, lib.of_kind("event_responses")[0].cases[0].id),
        RetentionView(shipped, lib.of_kind("care_programme")[0].retention[0].id),
        ClaimView(shipped, spending.claims[0].id),
        StatementView(shipped, spending.statements[0].id),
        AdvanceView(shipped, spending.advances[0].id),
    ]


def test_relationship_views_grade_store_and_relabel(shipped: Session) -> None:
    lib = shipped.lib
    cal = CalendarView(shipped, "cf_wang_pharmacy")
    cal.set_row(0, "c1_call_son", dt.date(2027, 1, 5), "am")
    cal.set_row(1, "c1_call_health", dt.date(2027, 2, 9), "pm")
    cal.set_row(2, "c1_greet_poster", dt.date(2027, 2, 5))
    cal.check.click()
    assert "Every care call falls on a Tuesday" in html.unescape(cal.feedback.value)
    assert "it is a forwarded template" in cal.feedback.value
    claim = ClaimView(shipped, "cl_anniversary_unpaid")
    claim.decision.value = "hold"
    claim.boxes["payment"].value = True
    claim.check.click()
    assert "Score: 2 / 2" in claim.feedback.value
    statement = StatementView(shipped, "st_october")
    statement.due.value = dt.date(2026, 10, 3)
    statement.on_time.value = "late"
    statement.check.click()
    assert "Score: 1 / 3" in statement.feedback.value
    advance = AdvanceView(shipped, "ad_over")
    advance.over.value = "over"
    advance.room.value = "1,000"
    advance.check.click()
    assert "Score: 2 / 2" in advance.feedback.value
    stored = {a.exercise_id: a for a in shipped.store.attempts("li.na")}
    assert set(stored) == {
        "care_calendar:cf_wang_pharmacy",
        "spend_claim:cl_anniversary_unpaid",
        "spend_statement:st_october",
        "spend_advance:ad_over",
    }
    assert {a.module for a in stored.values()} == {"07_relationship"}
    rows = stored["care_calendar:cf_wang_pharmacy"].answer
    assert rows[0] == {"line": "c1_call_son", "date": "2027-01-05", "time": "am"}
    assert stored["spend_statement:st_october"].answer["due"] == "2026-10-03"
    shipped.set_locale("zh")
    assert "关怀电话都打在周二" in cal.feedback.value
    assert statement.due.description == "提交截止日（第 3 个工作日）"
    assert lib.of_kind("customer_files")[0].cases[0].file.name.zh in cal.file.value


def test_the_calendar_shows_the_programme_s_rules_and_the_quarter_in_date_order(
    shipped: Session,
) -> None:
    cal = CalendarView(shipped, "cf_wang_pharmacy")
    rules = html.unescape(cal.rules.value)
    assert "The care programme this exercise uses (the kit's defaults" in rules
    assert "at least 1 a month for a grade A customer, and at most 2" in rules
    assert "Care calls: at least 3 a quarter" in rules
    assert "in at least 2 months of the quarter" in rules
    assert "A birth: congratulate within a week of hearing about the birth" in rules
    assert cal.controls[:3] == [cal.file, cal.rules, cal.events]
    events = html.unescape(cal.events.value)
    assert events.index("19 January") < events.index("26 January") < events.index("6 February")
    shipped.set_locale("zh")
    assert "本练习采用的客情规则（是本套教材的默认值" in html.unescape(cal.rules.value)


def test_amounts_typed_in_wan_or_qian_are_read_as_yuan(shipped: Session) -> None:
    view = RetentionView(shipped, "rt_pharmacy")
    assert [c.description for c in view.controls[1:]] == ["At 25 times (yuan)"]
    for typed in ("6万", "60 千", "６万元", "60,000", "60 000 元"):
        view.cost.value = typed
        view.check.click()
        assert "Score: 1 / 1" in view.feedback.value, typed


def test_an_advance_with_nothing_left_under_the_cap_says_so(shipped: Session) -> None:
    view = AdvanceView(shipped, "ad_full")
    assert view.room.description == "The most this request may be (yuan)"
    view.over.value = "over"
    view.room.value = "0"
    view.check.click()
    assert "Score: 2 / 2" in view.feedback.value
    assert "nothing more can be drawn until the old advances are settled" in view.feedback.value
    view.room.value = "300"
    view.check.click()
    assert "Nothing more can be drawn until the old advances are settled" in view.feedback.value
    assert "at most 0 yuan" not in view.feedback.value


def test_empty_submits_store_nothing_everywhere(shipped: Session) -> None:
    seen = []
    shipped.on_attempt(seen.append)
    views = every_exercise(shipped)
    for view in views:
        view.check.click()
        assert "No answer yet, so nothing was scored or saved" in view.feedback.value, type(
            view
        ).__name__
        assert "Score:" not in view.feedback.value
    assert shipped.store.attempts("li.na") == [] and shipped.store.cards("li.na") == []
    assert seen == []
    shipped.set_locale("zh")
    assert all("还没有作答" in v.feedback.value for v in views)


def test_blank_or_partial_answers_that_hold_nothing_store_nothing(shipped: Session) -> None:
    own = OwnQuestionView(shipped)
    own.text.value = "   "
    own.check.click()
    product = shipped.lib.products[0]
    chain = OwnChainView(shipped, product.id)
    chain.need.value = product.needs[0].id  # a need alone is no chain
    chain.check.click()
    order = StageOrderView(shipped, shipped.lib.flows[0].id)
    order.slots[2].value = order.slots[2].options[0][1]
    order.slots[2].value = None
    order.check.click()
    assert shipped.store.attempts("li.na") == []
    assert all("No answer yet" in v.feedback.value for v in (own, chain, order))
    # one thing answered is an answer: stored, and the message goes
    order.slots[2].value = shipped.lib.flows[0].ordered()[2].id
    order.check.click()
    (attempt,) = shipped.store.attempts("li.na")
    assert attempt.answer == ["", "", shipped.lib.flows[0].ordered()[2].id]
    assert "Score: 1 / " in order.feedback.value and "No answer yet" not in order.feedback.value


def test_classify_widget_says_which_were_left_unanswered(shipped: Session) -> None:
    view = ClassifyView(shipped, shipped.lib.question_banks[0].id, n=2)
    first, _ = view.questions
    view.rows[first.id][1].value = first.type
    view.check.click()
    assert "Score: 1 / 2" in view.feedback.value
    assert "you did not say which kind it is." in view.feedback.value
    shipped.set_locale("zh")
    assert "你没有给它选类型。" in view.feedback.value


def test_classify_feedback_follows_the_screen_in_natural_words(shipped: Session) -> None:
    view = ClassifyView(shipped, shipped.lib.question_banks[0].id)
    wrong = {"expanding": "limiting", "limiting": "closed", "closed": "expanding"}
    for q in view.questions:
        view.rows[q.id][1].value = wrong[q.type]
    view.check.click()
    shown = [html.escape(shipped.text(q.text), quote=True) for q in view.questions]
    at = [view.feedback.value.index(text) for text in shown]
    assert at == sorted(at)  # the lines come in the order the questions are on screen
    text = html.unescape(view.feedback.value)
    assert "is an expanding question, not a limiting one." in text
    assert "Expanding question" not in text
    shipped.set_locale("zh")
    assert "是扩大询问，不是限定询问。" in view.feedback.value


def test_checklist_and_quiz_name_the_stage_and_topic(shipped: Session) -> None:
    check = ChecklistView(shipped, "prepare")
    check.boxes["c0"].value = True
    check.check.click()
    stage = shipped.lib.stages["prepare"].name
    assert check.feedback.value.count(f"({stage.en})") == len(check.options) - sum(
        1 for o, _ in check.options if o.startswith("m")
    )
    item = next(i for i in shipped.lib.quiz_items.values() if i.topics[0] == "ffab")
    quiz = QuizView(shipped, item.id)
    right = next(o.id for o in item.options if o.correct)
    if item.type == "single":
        quiz.choice.value = right
    else:
        quiz.boxes[right].value = True
    quiz.check.click()
    assert "(The FFAB pitch)" in quiz.feedback.value
    shipped.set_locale("zh")
    assert "（FFAB 产品介绍法）" in quiz.feedback.value


def test_visit_plan_widget_names_accounts_when_wrong(shipped: Session) -> None:
    view = VisitPlanView(shipped, n=2)
    for cid in view.rows:
        view.plan(cid, ["4-pm"])
    view.check.click()
    assert "Score: 0 / 2" in view.feedback.value
    for case in view.cases:
        assert f"{html.escape(case.name.en)}: " in view.feedback.value
        assert f"{case.id}:" not in view.feedback.value
    (attempt,) = shipped.store.attempts("li.na")
    assert all(v == ["4-pm"] for v in attempt.answer.values())


def test_account_grade_widget_and_its_attempt(shipped: Session) -> None:
    case = shipped.lib.account_cases[0]
    view = AccountGradeView(shipped, case.id)
    view.grade_buttons.value = case.grade
    view.check.click()
    assert f"Right, this is a grade {case.grade} account" in view.feedback.value
    (attempt,) = shipped.store.attempts("li.na")
    assert (attempt.exercise_id, attempt.answer, attempt.score) == (
        f"account_grade:{case.id}",
        case.grade,
        1,
    )


def test_distance_views_have_stable_ids_that_count(shipped: Session) -> None:
    from helpers.learner.progress import module_progress

    views = [DistanceView(shipped, seed=i) for i in range(3)]
    for view in views:
        view.choice.value = "brother"
        view.check.click()
    stored = [a.exercise_id for a in shipped.store.attempts("li.na")]
    assert stored == ["distance:profile_1", "distance:profile_2", "distance:profile_3"]
    again = DistanceView(shipped, seed=1)
    assert again.known == views[1].known
    m5 = next(
        r for r in module_progress(shipped.lib, shipped.store, "li.na") if r.module[:2] == "05"
    )
    assert m5.attempted == 3


def test_funnel_view_draws_the_learner_s_own_funnel(shipped: Session) -> None:
    bank = shipped.lib.question_banks[0]
    view = FunnelView(shipped, bank.id, slots=3)
    assert view.chart.layout.display == "none" and view.chart in view.widget.children
    picked = [q.id for q in bank.questions[:2]]
    view.place(picked)
    view.check.click()
    assert view.drawn == picked
    assert view.chart.value[:4] == b"\x89PNG" and view.chart.layout.display is None
    english = view.chart.value
    shipped.set_locale("zh")
    assert view.chart.value != english  # redrawn in Chinese


def test_scenario_attempt_keeps_the_missed_steps(shipped: Session) -> None:
    doc = shipped.lib.scenarios[0]
    view = ScenarioView(shipped, doc.id)
    while not view.run.finished:
        worst = min(view.run.current.choices, key=lambda c: c.score)
        view.choice_buttons()[worst.id].click()
    (attempt,) = shipped.store.attempts("li.na")
    assert attempt.feedback["missed"] == view.run.skipped() != []
    assert attempt.answer == [c for _, c in view.run.path]


def play_worst(view: ScenarioView) -> None:
    while not view.run.finished:
        worst = min(view.run.current.choices, key=lambda c: c.score)
        view.choice_buttons()[worst.id].click()


def test_skipped_steps_summary(shipped: Session) -> None:
    from helpers.learner.exercises.scenario import step_name
    from helpers.learner.widgets.scenario import SkippedStepsView

    summary = SkippedStepsView(shipped)
    assert "Nothing to sum up yet" in summary.body.value
    first, second = shipped.lib.scenarios[:2]
    a = ScenarioView(shipped, first.id)
    play_worst(a)  # the summary follows each finished dialogue
    skipped_a = a.run.skipped()
    b = ScenarioView(shipped, second.id)
    play_worst(b)
    skipped_b = b.run.skipped()
    counts: dict[str, int] = {}
    for term in [*skipped_a, *skipped_b]:
        counts[term] = counts.get(term, 0) + 1
    assert dict(summary.summary) == counts
    top, n = summary.summary[0]
    assert n == max(counts.values())
    name = step_name(shipped.lib, top)
    assert f"<li>{name.en}: times missed: {n}</li>" in summary.body.value
    assert "Scenarios finished: 2." in summary.body.value
    assert summary.title.value == "<b>Steps you missed when they were called for</b>"
    shipped.set_locale("zh")
    assert f"<li>{name.zh}：漏掉 {n} 次</li>" in summary.body.value
    shipped.set_learner("someone.else")
    assert "还没有可总结的内容" in summary.body.value


def test_skipped_steps_when_nothing_was_skipped(shipped: Session) -> None:
    from helpers.learner.exercises.scenario import best_choice
    from helpers.learner.widgets.scenario import SkippedStepsView

    summary = SkippedStepsView(shipped)
    view = ScenarioView(shipped, shipped.lib.scenarios[0].id)
    while not view.run.finished:
        view.choice_buttons()[best_choice(view.run.current).id].click()
    assert "Scenarios finished: 1. You missed no step when it was called for." in summary.body.value


def test_skipped_steps_reads_older_records(shipped: Session) -> None:
    from datetime import UTC, datetime

    from helpers.learner.exercises.scenario import play
    from helpers.learner.widgets.scenario import skipped_counts
    from helpers.store import Attempt

    doc = shipped.lib.scenarios[0]
    worst = []
    step = doc.step(doc.start)
    while step.ending is None:
        choice = min(step.choices, key=lambda c: c.score)
        worst.append(choice.id)
        step = doc.step(choice.next)
    result = play(shipped.lib, doc, worst)
    shipped.store.record_attempt(
        Attempt(
            id="old", learner_id="li.na", module="04_objections",
            exercise_id=f"scenario:{doc.id}", content_version="v", answer=worst,
            score=result.score, max_score=result.max_score,
            feedback=result.feedback_json()["items"],  # the older form: lines only
            locale="en", created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    )  # fmt: skip
    n, summary = skipped_counts(shipped)
    assert n == 1 and sum(c for _, c in summary) == len(result.missed) > 0


def test_half_played_scenario_survives_a_restart(shipped: Session) -> None:
    from helpers.learner.widgets.scenario import load_draft

    doc = next(d for d in shipped.lib.scenarios if len(d.steps) > 3)
    view = ScenarioView(shipped, doc.id)
    first = view.run.current
    choice = next(c for c in first.choices if not doc.step(c.next).ending)
    view.choice_buttons()[choice.id].click()
    assert load_draft(shipped.store, "li.na", doc.id) == [choice.id]
    assert shipped.store.attempts("li.na") == []
    again = ScenarioView(shipped, doc.id)  # e.g. after the kernel restarted
    assert again.run.path == view.run.path and again.resumed
    assert "Picking up where you left off." in again.note.value
    assert again.history.value == view.history.value
    play_worst(again)
    assert load_draft(shipped.store, "li.na", doc.id) is None and again.note.value == ""
    assert len(shipped.store.attempts("li.na")) == 1
    fresh = ScenarioView(shipped, doc.id)
    assert fresh.run.path == [] and not fresh.resumed


def test_draft_is_per_learner_and_dropped_when_it_no_longer_fits(shipped: Session) -> None:
    from helpers.learner.widgets.scenario import load_draft, save_draft

    doc = shipped.lib.scenarios[0]
    store = shipped.store
    save_draft(store, "li.na", doc.id, ["no_such_choice"])
    view = ScenarioView(shipped, doc.id)
    assert view.run.path == [] and load_draft(store, "li.na", doc.id) is None
    first = view.run.current.choices[0].id
    save_draft(store, "wang.fang", doc.id, [first])
    shipped.set_learner("wang.fang")
    assert [c for _, c in view.run.path] == [first]
    view.replay.click()
    assert load_draft(store, "wang.fang", doc.id) is None


# ---------------------------------------------------- language and learner sync


def test_language_toggles_follow_each_other(shipped: Session) -> None:
    from helpers.learner.widgets import modules

    header = modules.header(shipped)
    header_toggle = header.children[-1]
    home = HomeView(shipped)
    home.toggle.value = "zh"
    assert shipped.locale == "zh" and header_toggle.value == "zh"
    header_toggle.value = "en"
    assert home.toggle.value == "en"
    assert home.learner.description == "Learner id"
    shipped.set_locale("zh")
    assert (header_toggle.value, home.toggle.value) == ("zh", "zh")


def test_header_follows_the_learner(shipped: Session) -> None:
    from helpers.learner.widgets import modules

    header = modules.header(shipped)
    home = HomeView(shipped)
    home.learner.value = "wang.fang"
    assert shipped.learner_id == "wang.fang"
    assert "<b>wang.fang</b>" in header.children[1].value
    shipped.set_learner("zhao.lei")
    assert home.learner.value == "zhao.lei"
    assert "<b>zhao.lei</b>" in header.children[1].value
    assert header.children[1].value.startswith("Learner id: <b>zhao.lei</b>")
    shipped.set_locale("zh")
    assert header.children[1].value.startswith("学员编号：<b>zhao.lei</b>")


@pytest.mark.parametrize("bad", ["x" * 65, "li\nna", "li\tna"])
def test_learner_id_is_checked(shipped: Session, bad: str) -> None:
    home = HomeView(shipped)
    home.learner.value = bad
    assert shipped.learner_id == "li.na"
    assert "A learner id is 1 to 64 printable characters" in home.learner_error.value
    shipped.set_locale("zh")
    assert "学员编号要由 1 到 64 个可打印字符组成" in home.learner_error.value
    home.learner.value = "x" * 64
    assert shipped.learner_id == "x" * 64 and home.learner_error.value == ""
    with pytest.raises(ValueError, match="printable"):
        shipped.set_learner(bad)


def test_a_store_failure_is_shown_to_the_learner(shipped: Session, monkeypatch) -> None:
    def broken(_attempt) -> bool:
        raise OSError("disk full")

    monkeypatch.setattr(shipped.store, "record_attempt", broken)
    seen = []
    shipped.on_attempt(seen.append)
    view = NextStageView(shipped, "opening")
    view.choice.value = "discover_needs"
    view.check.click()
    assert "Right, next comes" in view.feedback.value
    assert "could not be saved" in view.feedback.value
    assert seen == []
    shipped.set_locale("zh")
    assert "没能保存" in view.feedback.value
    monkeypatch.undo()
    view.check.click()
    assert "could not be saved" not in view.feedback.value and "没能保存" not in view.feedback.value
    assert len(seen) == 1


def test_progress_figure_is_an_image_that_keeps_up(shipped: Session) -> None:
    from helpers.learner.widgets import modules

    image = modules.progress_figure(shipped)
    assert isinstance(image, widgets.Image) and image.value[:4] == b"\x89PNG"
    empty = image.value
    order = StageOrderView(shipped, shipped.lib.flows[0].id)
    for slot, stage in zip(order.slots, shipped.lib.flows[0].ordered(), strict=True):
        slot.value = stage.id
    order.check.click()
    assert image.value != empty  # redrawn after the attempt
    done = image.value
    shipped.set_learner("someone.new")
    assert image.value == empty
    shipped.set_locale("zh")
    assert image.value not in (empty, done)


def test_simulator_slider_redraws_and_relabels(shipped: Session) -> None:
    sim = SimulatorView(shipped)
    figure = sim.figure
    before = sim.chart.value
    sim.contacts.value = 6
    assert sim.figure is figure and sim.chart.value != before
    sim.leads.value = 100
    assert "Expected deals: 2.5" in sim.summary.value
    shipped.set_locale("zh")
    assert sim.leads.description == "接触的线索数" and sim.figure is not figure
    assert "预计成交 2.5 单" in sim.summary.value


# ------------------------------------------------- what a learner sees and reads


def test_flows_stay_hidden_until_the_learner_asks(shipped: Session) -> None:
    from helpers.learner.widgets import modules

    tabs = modules.flow_diagrams(shipped)
    assert isinstance(tabs, widgets.Tab) and len(tabs.children) == len(shipped.lib.flows)
    for page in tabs.children:
        button, charts = page.children
        assert isinstance(button, widgets.ToggleButton)
        assert charts.layout.display == "none"
        assert button.description == "Show the flow (the answer to the exercises below)"
        images = [c for c in charts.children if isinstance(c, widgets.Image)]
        assert len(images) == 2 and all(i.value[:4] == b"\x89PNG" for i in images)
    first, charts = tabs.children[0].children
    first.value = True
    assert charts.layout.display is None and first.description == "Hide the flow"
    shipped.set_locale("zh")
    assert first.description == "隐藏流程图"
    first.value = False
    assert charts.layout.display == "none" and first.description == "显示流程图（下面练习的答案）"


def test_model_funnel_gives_no_classify_answer_away(shipped: Session) -> None:
    from helpers.learner.widgets import modules

    tabs = modules.funnel_picture(shipped)
    assert len(tabs.children) == len(shipped.lib.question_banks)
    for bank in shipped.lib.question_banks:
        shown = {q.text.en for q in ClassifyView(shipped, bank.id).questions}
        from helpers.learner.exercises.funnel import model_funnel
        from helpers.learner.widgets.funnel import classify_sample

        model = model_funnel(bank, leave_out=[q.id for q in classify_sample(bank.questions)])
        assert not shown & {q.text.en for q in model}


def test_scenario_feedback_shows_once_with_what_the_rep_said(shipped: Session) -> None:
    doc = shipped.lib.scenarios[0]
    view = ScenarioView(shipped, doc.id)
    said = []
    while not view.run.finished:
        choice = min(view.run.current.choices, key=lambda c: c.score)
        said.append(shipped.text(choice.text))
        view.choice_buttons()[choice.id].click()
    history = html.unescape(view.history.value)
    final = html.unescape(view.feedback.value)
    for line in said:
        assert history.count(f"You: {line}") == 1
    for item in view.last_result.items:
        text = item.text.en
        assert (history + final).count(text) == 1, text  # each line once, in one place
    assert "Outcome:" in final and "Score:" in final and "Scoring:" in final
    assert "this moment called for" in history.lower()
    shipped.set_locale("zh")
    assert "你：" in view.history.value and "结局：" in view.feedback.value


def test_own_question_names_the_customer(shipped: Session) -> None:
    view = OwnQuestionView(shipped)
    banks = shipped.lib.question_banks
    assert [v for _, v in view.customer.options] == [b.id for b in banks]
    assert view.customer.value == banks[0].id
    assert html.escape(banks[0].scenario.customer.en, quote=True)[:60] in view.about.value
    view.customer.value = banks[1].id
    assert html.escape(banks[1].scenario.customer.en, quote=True)[:60] in view.about.value
    view.text.value = "How do you choose a new supplier?"
    view.check.click()
    (attempt,) = shipped.store.attempts("li.na")
    assert attempt.answer == {"customer": banks[1].id, "question": view.text.value}
    assert "an expanding question" in view.feedback.value
    shipped.set_locale("zh")
    assert view.customer.options[1][0] == banks[1].name.zh
    assert view.customer.description == "选一位客户" and view.text.description.startswith("写一个")


def test_rank_and_assemble_say_what_to_do_in_both_languages(shipped: Session) -> None:
    product = shipped.lib.products[0]
    rank = RankNeedsView(shipped, product.id)
    chain = product.chains[0]
    assemble = AssembleView(shipped, product.id, chain.id)
    assert "rank the customer's needs: 1 for what matters most" in html.unescape(rank.prompt.value)
    assert "Pick the function, advantage and benefit" in assemble.prompt.value
    assert [c.description for c in assemble.slots.values()] == [
        "Function (F)",
        "Advantage (A)",
        "Benefit (B)",
    ]
    shipped.set_locale("zh")
    assert "1 是客户最看重的" in rank.prompt.value
    assert "选出属于这条卖点链" in assemble.prompt.value or "为它选出" in assemble.prompt.value
    assert rank.ranks[product.needs[0].id].options[1][0] == "第 1 位"


def test_tie_needs_letters_and_relabelling(shipped: Session) -> None:
    product = shipped.lib.products[0]
    view = TieNeedsView(shipped, product.id)
    _, letters = view.rows[product.chains[0].id]
    assert [o[0] for o in letters.options] == ["A", "B", "C", "D", "E"][: len(product.needs)]
    need = product.chains[0].need
    letters.value = need
    view.check.click()
    assert "Score: 1 / " in view.feedback.value
    assert all(f"<b>{view.letters[n.id]}</b>. " in view.prompt.value for n in view.needs)
    shipped.set_locale("zh")
    assert letters.value == need and letters.description == "需求"
    assert letters.tooltips[0] == f"{view.letters[view.needs[0].id]}：{view.needs[0].text.zh}"


def test_partly_scored_feedback_says_how_and_adds_up(shipped: Session) -> None:
    check = ChecklistView(shipped, "prepare")
    good = [o for o, _ in check.options if o.startswith("c")][:2]
    bad = [o for o, _ in check.options if o.startswith("m")][:1]
    for oid in [*good, *bad]:
        check.boxes[oid].value = True
    check.check.click()
    text = html.unescape(check.feedback.value)
    assert "Score: 1 / " in text
    assert "Scoring: one point for each item that belongs, ticked; one point off" in text
    assert text.count("(points: +1)") == 2 and text.count("(points: −1)") == 1
    own = OwnChainView(shipped, shipped.lib.products[0].id)
    for slot, area in own.fields.items():
        area.value = f"a line for {slot}"
    own.check.click()
    text = html.unescape(own.feedback.value)
    assert "Score: 4 / 6" in text and text.count("(points: +1)") == 4
    assert text.count("<li") == 6  # a line for each of the six points
    shipped.set_locale("zh")
    assert "（+1 分）" in own.feedback.value and "计分：" in own.feedback.value


def test_visit_plan_boxes_relabel(shipped: Session) -> None:
    view = VisitPlanView(shipped, n=1)
    (cid,) = view.rows
    view.plan(cid, ["2-pm"])
    assert view.answer() == {cid: ["2-pm"]}
    boxes = view.rows[cid][1]
    assert boxes["2-pm"].description == "Week 2 afternoon"
    shipped.set_locale("zh")
    assert boxes["2-pm"].description == "第 2 周下午" and boxes["2-pm"].value


def test_every_module_header_brings_the_kits_style(shipped: Session) -> None:
    from helpers.learner.widgets import modules
    from helpers.ui import kit_css

    header = modules.header(shipped)
    assert header.children[0].value == f"<style>{kit_css()}</style>"
    assert "<style>" in modules.welcome(shipped).children[0].value


def test_in_the_app_the_header_links_back_to_the_start_page(
    shipped: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers.app.identity import APP_ENV
    from helpers.learner.widgets import modules

    monkeypatch.setenv(APP_ENV, "1")
    monkeypatch.setenv("VOILA_BASE_URL", "/kit/")
    header = modules.header(shipped)
    assert '<a href="/kit/">' in header.children[1].value
    monkeypatch.delenv(APP_ENV)
    assert "<a " not in modules.header(shipped).children[1].value


def test_find_item_returns_the_document_and_item_or_raises(shipped: Session) -> None:
    doc = shipped.lib.of_kind("spending_rules")[0]
    last = doc.advances[-1]
    assert find_item(shipped, "spending_rules", last.id, "advances") == (doc, last)
    with pytest.raises(KeyError):
        find_item(shipped, "spending_rules", last.id, "claims")


def test_check_boxes_start_unticked_in_the_order_given() -> None:
    boxes = check_boxes(["b", "a"])
    assert list(boxes) == ["b", "a"]
    assert not any(box.value for box in boxes.values())
