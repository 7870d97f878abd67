"""A new rep does one exercise of each kind in the app, in English, and sees the right feedback.

Every answer is worked out here from the playbook library, the same content
the page is built from; controls are found by what they say on screen,
inside the exercise found by its title. After the feedback, the attempt is
in the store under the rep who gave it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from helpers.i18n import t
from helpers.learner.exercises import cases as cases_ex
from helpers.learner.exercises import ffab as ffab_ex
from helpers.learner.exercises import flow as flow_ex
from helpers.learner.exercises import followup as followup_ex
from helpers.learner.exercises import funnel as funnel_ex
from helpers.learner.exercises import opportunity as opportunity_ex
from helpers.learner.exercises import plans as plans_ex
from helpers.learner.exercises import receivables as receivables_ex
from helpers.learner.exercises import spending
from helpers.learner.exercises import tiers as tiers_ex
from helpers.learner.exercises.calendar import TIMES, check_calendar, day_label, quarter_events
from helpers.learner.exercises.care_events import grade_event_response
from helpers.learner.exercises.placement import grade_placement
from helpers.learner.exercises.plan_review import SHARE_RANGE, review_plans
from helpers.learner.exercises.product_line import CHAIN_RULES, grade_product_line, sound_plans
from helpers.learner.exercises.result import Result, method_name, msg
from helpers.learner.exercises.scenario import ScenarioRun, best_choice, max_path_score
from helpers.learner.widgets.base import Session
from helpers.learner.widgets.channel import SHARES
from helpers.learner.widgets.ffab import GIVEN
from helpers.learner.widgets.followup import SimulatorView, VisitPlanView
from helpers.learner.widgets.funnel import classify_sample
from helpers.learner.widgets.relationship import CALENDAR_ROWS
from helpers.playbook import load_library
from helpers.playbook.library import Library
from helpers.playbook.models import EVENT_TERMS, ON_SITE, CareLine, CustomerCase
from helpers.store import Store
from tests.browser.conftest import axe_violations, open_page, sign_in, stored

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
EN = "en"
WAIT = 30_000
"""How long (ms) to wait for the kernel to answer a click: pages share a busy machine."""
LOAD = 120_000
"""How long (ms) a module may take to load (its cells run as the page arrives)."""

FLOW = "training/01_visit_flow.ipynb"
FUNNEL = "training/02_question_funnel.ipynb"
FFAB = "training/03_ffab.ipynb"
OBJECTIONS = "training/04_objections.ipynb"
FOLLOW_UP = "training/05_follow_up.ipynb"
KEY_ACCOUNTS = "training/06_key_accounts.ipynb"
RELATIONSHIP = "training/07_relationship.ipynb"
CHANNEL = "training/08_channel.ipynb"
CASES = "training/09_field_cases.ipynb"


@pytest.fixture(scope="module")
def lib() -> Library:
    """The playbook library the app's pages are built from."""
    return load_library()


# ------------------------------------------------------------------ finding things
def heading_of(notebook: str, call: str) -> str:
    """The section heading the notebook puts above the cell that calls ``modules.<call>``."""
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    heading = None
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            found = re.search(r"^##\s+(.+)$", source, re.MULTILINE)
            heading = found.group(1).strip() if found else heading
        elif f"modules.{call}(" in source:
            assert heading is not None, f"no heading above modules.{call} in {notebook}"
            return heading
    raise AssertionError(f"{notebook} never calls modules.{call}")


def section(page: Page, notebook: str, call: str) -> Locator:
    """The widgets shown under a section heading of the page (the cell after the heading's)."""
    title = heading_of(notebook, call)
    cell = page.locator("div[cell-index]").filter(has=page.get_by_role("heading", name=title))
    return cell.locator("xpath=following-sibling::div[@cell-index][1]")


def exercise(scope: Locator, title: str) -> Locator:
    """The one exercise in ``scope`` whose title (or prompt) reads ``title``."""
    any_exercise = scope.locator(".coachkit-exercise").first
    expect(any_exercise, "the section shows no exercise at all").to_be_attached(timeout=WAIT)
    found = scope.locator(".coachkit-exercise").filter(
        has=scope.page.get_by_text(title, exact=True)
    )
    expect(found).to_have_count(1, timeout=WAIT)
    return found


def check(ex: Locator) -> Locator:
    """Press the exercise's check button and return where its feedback shows."""
    ex.get_by_role("button", name=t("ui.check", EN), exact=True).click()
    return ex.get_by_role("status")


def score_line(result: Result) -> str:
    return t("ui.score", EN, score=f"{result.score:g}", max=f"{result.max_score:g}")


def expect_feedback(status: Locator, result: Result) -> None:
    """The feedback shows the score of ``result``, its rule and every one of its lines."""
    expect(status).to_contain_text(score_line(result), timeout=WAIT)
    if result.rule is not None:
        expect(status).to_contain_text(result.rule.get(EN))
    for item in result.items:
        expect(status).to_contain_text(item.text.get(EN))


def expect_step(status: Locator, lib: Library, term: str) -> None:
    """The feedback names the method step (or stage) ``term`` it is about, in brackets."""
    expect(status).to_contain_text(f"({method_name(lib, term).get(EN)})")


def expect_attempts(store: Store, person: str, module: str, wanted: dict[str, Result]) -> None:
    """The store holds exactly the attempts of ``wanted`` for ``person``, with their scores."""
    for exercise_id in wanted:
        stored(store, person, exercise_id)
    attempts = store.attempts(person)
    got = {a.exercise_id: a for a in attempts}
    assert set(got) == set(wanted) and len(attempts) == len(wanted)
    for exercise_id, result in wanted.items():
        a = got[exercise_id]
        assert (a.score, a.max_score) == (result.score, result.max_score), exercise_id
        assert (a.learner_id, a.module, a.locale) == (person, module, EN)


def rep_page(new_context, app_server, person: str, notebook: str) -> Page:
    """A new rep signed in in English on a desktop, on one module of the app."""
    page = sign_in(new_context(), app_server, person, EN)
    page.set_default_timeout(WAIT)
    page.set_default_navigation_timeout(LOAD)
    open_page(page, app_server, notebook)
    return page


# ------------------------------------------------------------------ 01 the visit flow
def test_visit_flow_ordering_next_step_and_checklist(
    app_server, new_context, shot, lib: Library
) -> None:
    person = "R-ex-01"
    store = Store(app_server.store)
    page = rep_page(new_context, app_server, person, FLOW)
    done: dict[str, Result] = {}

    # ordering: every place set right, first flow (the open tab)
    flow = lib.flows[0]
    ex = exercise(section(page, FLOW, "stage_order"), flow.name.get(EN))
    stages = flow.ordered()
    for pos, stage in enumerate(stages, start=1):
        ex.get_by_label(t("ui.step", EN, n=pos), exact=True).select_option(stage.name.get(EN))
    result = flow_ex.stage_order(flow, [s.id for s in stages])
    assert result.score == result.max_score == len(stages)
    status = check(ex)
    expect_feedback(status, result)
    status.scroll_into_view_if_needed()
    shot(page, "ordering")
    done[result.exercise_id] = result

    # next step, answered right: what follows the first stage of the canonical flow
    canonical = lib.canonical_flow
    assert canonical is not None
    first, second, third = canonical.ordered()[:3]
    nexts = section(page, FLOW, "next_stage")
    ex = exercise(nexts, t("ui.next_after", EN, stage=first.name.get(EN)))
    ex.get_by_label(second.name.get(EN), exact=True).check()
    result = flow_ex.next_stage(canonical, first.id, second.id)
    assert result.score == 1
    status = check(ex)
    expect_feedback(status, result)
    expect(status).to_contain_text(msg("fb.next_right", name=second.name, goal=second.goal).get(EN))
    status.scroll_into_view_if_needed()
    shot(page, "next-step-right")
    done[result.exercise_id] = result

    # next step, answered wrong: the feedback names the stage that comes next
    wrong = canonical.ordered()[-1]
    assert wrong.id not in (second.id, third.id)
    ex = exercise(nexts, t("ui.next_after", EN, stage=second.name.get(EN)))
    ex.get_by_label(wrong.name.get(EN), exact=True).check()
    result = flow_ex.next_stage(canonical, second.id, wrong.id)
    assert result.score == 0
    status = check(ex)
    expect_feedback(status, result)
    expect(status).to_contain_text(
        msg("fb.next_wrong", current=second.name, name=third.name, goal=third.goal).get(EN)
    )
    expect(status).to_contain_text(third.name.get(EN))
    status.scroll_into_view_if_needed()
    shot(page, "next-step-wrong")
    done[result.exercise_id] = result

    # the pre-visit checklist: exactly the checklist's items ticked
    prepare = next(s for f in lib.flows for s in f.stages if s.id == "prepare")
    ex = exercise(
        section(page, FLOW, "previsit_checklist"),
        t("ui.pick_checklist", EN, stage=prepare.name.get(EN)),
    )
    options = flow_ex.checklist_options(prepare)
    right = [oid for oid, _ in options if oid.startswith("c")]
    for oid, text in options:
        box = ex.get_by_label(text.get(EN), exact=True)
        box.set_checked(oid in right)
    result = flow_ex.checklist_pick(prepare, right, [oid for oid, _ in options])
    assert result.score == result.max_score == len(prepare.checklist)
    status = check(ex)
    expect_feedback(status, result)
    status.scroll_into_view_if_needed()
    shot(page, "checklist")
    done[result.exercise_id] = result

    expect_attempts(store, person, "01_visit_flow", done)


# ------------------------------------------------------------------ 02 question funnels
def test_question_funnel_classify_and_build(app_server, new_context, shot, lib: Library) -> None:
    person = "R-ex-02"
    store = Store(app_server.store)
    page = rep_page(new_context, app_server, person, FUNNEL)
    done: dict[str, Result] = {}
    bank = lib.question_banks[0]

    # classification: each question of the first customer given its kind
    ex = exercise(section(page, FUNNEL, "classify_questions"), bank.name.get(EN))
    asked = classify_sample(bank.questions)
    for q in asked:
        row = ex.locator(".coachkit-row").filter(has=page.get_by_text(q.text.get(EN), exact=True))
        kind = funnel_ex.type_name(lib, q.type).get(EN)
        row.get_by_role("button", name=kind, exact=True).click()
    result = funnel_ex.classify(lib, bank, {q.id: q.type for q in asked}, [q.id for q in asked])
    assert result.score == result.max_score == len(asked)
    status = check(ex)
    expect_feedback(status, result)
    status.scroll_into_view_if_needed()
    shot(page, "classified")
    done[result.exercise_id] = result

    # funnel: five questions given places 1 to 5, then the rep's own funnel is drawn
    ex = exercise(section(page, FUNNEL, "build_funnels"), bank.name.get(EN))
    chart = ex.locator("img.coachkit-wide")
    expect(chart).to_be_hidden()
    picked = funnel_ex.model_funnel(bank, n=5)
    for place, q in enumerate(picked, start=1):
        ex.get_by_label(q.text.get(EN), exact=True).select_option(t("ui.place", EN, n=place))
    result = funnel_ex.build_funnel(lib, bank, [q.id for q in picked])
    status = check(ex)
    expect_feedback(status, result)
    expect(chart).to_be_visible(timeout=WAIT)
    assert chart.evaluate("img => img.naturalWidth") > 0
    chart.scroll_into_view_if_needed()
    shot(page, "funnel-drawn")
    done[result.exercise_id] = result

    expect_attempts(store, person, "02_question_funnel", done)


# ------------------------------------------------------------------ 03 FFAB
def test_ffab_assemble_a_chain_and_rank_needs(app_server, new_context, shot, lib: Library) -> None:
    person = "R-ex-03"
    store = Store(app_server.store)
    page = rep_page(new_context, app_server, person, FFAB)
    done: dict[str, Result] = {}
    product = lib.products[0]

    # the first chain of the first product: its function, advantage and benefit picked
    chain = product.chains[0]
    ex = exercise(
        section(page, FFAB, "assemble_chains"),
        t("ui.assemble", EN, feature=chain.feature.get(EN)),
    )
    asked = [s for s in ffab_ex.SLOTS if s not in GIVEN]
    for slot in asked:
        ex.get_by_label(getattr(chain, slot).get(EN), exact=True).check()
    answer = dict.fromkeys(asked, chain.id)
    result = ffab_ex.assemble(lib, product, chain.id, answer, given=GIVEN)
    assert result.score == result.max_score == len(asked)
    status = check(ex)
    expect_feedback(status, result)
    status.scroll_into_view_if_needed()
    shot(page, "chain-assembled")
    done[result.exercise_id] = result

    # the needs of the first product ranked as the customer would
    ex = exercise(section(page, FFAB, "rank_needs"), product.name.get(EN))
    order = sorted(product.needs, key=lambda n: n.priority)
    for rank, need in enumerate(order, start=1):
        ex.get_by_label(need.text.get(EN), exact=True).select_option(t("ui.rank", EN, n=rank))
    result = ffab_ex.rank_needs(product, [n.id for n in order], lib)
    assert result.score == result.max_score == len(order)
    status = check(ex)
    expect_feedback(status, result)
    status.scroll_into_view_if_needed()
    shot(page, "needs-ranked")
    done[result.exercise_id] = result

    expect_attempts(store, person, "03_ffab", done)


# ------------------------------------------------------------------ 04 objections
def test_objection_dialogue_played_to_its_end(app_server, new_context, shot, lib: Library) -> None:
    person = "R-ex-04"
    store = Store(app_server.store)
    page = rep_page(new_context, app_server, person, OBJECTIONS)
    doc = lib.scenarios[0]
    dialogue = exercise(section(page, OBJECTIONS, "scenarios"), doc.title.get(EN))

    run = ScenarioRun(lib, doc)
    verdicts = []
    while not run.finished:
        best = best_choice(run.current)
        verdict = run.choose(best.id).text.get(EN)
        dialogue.get_by_role("button", name=best.text.get(EN), exact=True).click()
        expect(dialogue.get_by_text(verdict)).to_have_count(1, timeout=WAIT)
        verdicts.append(verdict)
    result = run.result()
    assert result.score == result.max_score == max_path_score(doc)

    status = dialogue.get_by_role("status")
    expect(status).to_contain_text(score_line(result), timeout=WAIT)
    ending = run.current.ending
    assert ending is not None
    expect(status).to_contain_text(msg("fb.scenario_end", text=ending.text).get(EN))
    for verdict in verdicts:  # each verdict in the history only, not again in the final block
        expect(dialogue.get_by_text(verdict)).to_have_count(1)
        expect(status).not_to_contain_text(verdict)
    expect(dialogue.get_by_role("button", name=t("ui.replay", EN), exact=True)).to_be_visible()
    status.scroll_into_view_if_needed()
    shot(page, "dialogue-ended")

    expect_attempts(store, person, "04_objections", {result.exercise_id: result})
    assert stored(store, person, result.exercise_id).answer == [cid for _, cid in run.path]


# ------------------------------------------------------------------ 05 follow-up
def test_follow_up_grading_planning_and_the_simulator(
    app_server, new_context, shot, lib: Library
) -> None:
    person = "R-ex-05"
    store = Store(app_server.store)
    page = rep_page(new_context, app_server, person, FOLLOW_UP)
    done: dict[str, Result] = {}

    # one account case given its grade
    case = lib.account_cases[0]
    ex = exercise(section(page, FOLLOW_UP, "grade_accounts"), case.name.get(EN))
    ex.get_by_role("button", name=case.grade, exact=True).click()
    result = followup_ex.grade_account(case, case.grade)
    assert result.score == 1
    status = check(ex)
    expect_feedback(status, result)
    status.scroll_into_view_if_needed()
    shot(page, "account-graded")
    done[result.exercise_id] = result

    # the visit plan: one slot ticked for the first account, a slot its grade asks for
    probe = Session(lib, store, "probe")
    view = VisitPlanView(probe)
    cadence = lib.cadence
    assert cadence is not None
    grades = {c.id: c.grade for c in view.cases}
    names = {c.id: c.name for c in view.cases}
    account = view.cases[0]

    def plan_with(week: int, part: str) -> Result:
        plan = {c.id: [(week, part)] if c.id == account.id else [] for c in view.cases}
        return followup_ex.check_visit_plan(cadence, grades, plan, names)

    slots = [(int(s.split("-")[0]), s.split("-")[1]) for s in view.SLOTS]
    week, part = next(s for s in slots if plan_with(*s).score == 1)
    result = plan_with(week, part)
    plan = section(page, FOLLOW_UP, "visit_plan")
    label = f"{account.name.get(EN)} ({account.grade})"
    row = plan.locator(".coachkit-row").filter(has=page.get_by_text(label, exact=True))
    slot_label = t("ui.slot", EN, week=week, part=t(f"ui.{part}", EN))
    row.get_by_label(slot_label, exact=True).check()
    status = check(plan.locator(".coachkit-exercise"))
    expect_feedback(status, result)
    expect(status).to_contain_text(
        msg("fb.plan_ok", account=account.name, grade=account.grade).get(EN)
    )
    status.scroll_into_view_if_needed()
    shot(page, "visit-planned")
    done[result.exercise_id] = result

    # the simulator: the leads slider moved with the keyboard, the forecast follows
    sim = section(page, FOLLOW_UP, "simulator")
    leads = (
        sim.locator(".coachkit-slider")
        .filter(has=page.get_by_text(t("ui.leads", EN), exact=True))
        .get_by_role("slider")
    )
    expect(leads).to_have_count(1)
    model = SimulatorView(probe)
    before = model.summary.value
    expect(sim.get_by_text(before, exact=True)).to_be_visible()
    start = leads.get_attribute("aria-valuenow")
    leads.focus()
    page.keyboard.press("ArrowRight")
    expect(leads).not_to_have_attribute("aria-valuenow", start or "", timeout=WAIT)
    model.leads.value = round(float(leads.get_attribute("aria-valuenow") or "nan"))
    assert model.leads.value > float(start or "nan")
    after = model.summary.value
    assert after != before
    expect(sim.get_by_text(after, exact=True)).to_be_visible(timeout=WAIT)
    sim.scroll_into_view_if_needed()
    shot(page, "simulator-moved")

    expect_attempts(store, person, "05_follow_up", done)


# ------------------------------------------------------------------ 06 key accounts
def test_key_accounts_placement_opportunity_plan_and_tiers(
    app_server, new_context, shot, lib: Library
) -> None:
    person = "R-ex-06"
    store = Store(app_server.store)
    page = rep_page(new_context, app_server, person, KEY_ACCOUNTS)
    done: dict[str, Result] = {}

    # the buyer's process: a customer considering a purchase, placed and given the move that fits
    placement = next(d for d in lib.of_kind("placement") if d.method == "buyer_process")
    case = next(c for c in placement.cases if c.stage == "bp_considering")
    ex = exercise(section(page, KEY_ACCOUNTS, "buyer_process"), case.name.get(EN))
    ex.get_by_label(lib.terms[case.stage][1].name.get(EN), exact=True).check()
    fit = next(m for m in case.moves if m.fits)
    ex.get_by_label(fit.text.get(EN), exact=True).check()
    result = grade_placement(case, case.stage, fit.id, lib)
    assert result.score == result.max_score == 2
    status = check(ex)
    expect_feedback(status, result)
    expect_step(status, lib, case.stage)
    status.scroll_into_view_if_needed()
    shot(page, "buyer-stage-placed")
    done[result.exercise_id] = result

    # opportunity assessment: the first set rated as the descriptions support, the best one picked
    doc = lib.of_kind("opportunity_assessment")[0]
    opp_set = doc.sets[0]
    ex = exercise(section(page, KEY_ACCOUNTS, "opportunity_assessment"), opp_set.name.get(EN))
    names = {t.id: t.name for t in lib.methods[doc.method].terms}
    for account in opp_set.accounts:
        row = ex.locator(".coachkit-row").filter(
            has=page.get_by_text(account.name.get(EN), exact=True)
        )
        for factor in doc.factors:
            name, weight = names[factor.id].get(EN), f"{factor.weight:g}"
            label = t("ui.ka_factor", EN, name=name, weight=weight)
            rating = row.get_by_role("combobox", name=label, exact=True)
            rating.select_option(label=str(account.ratings[factor.id]))
    ratings = {a.id: dict(a.ratings) for a in opp_set.accounts}
    best = opportunity_ex.ranking(doc, ratings)[0]
    pick = next(a for a in opp_set.accounts if a.id == best)
    ex.get_by_label(pick.name.get(EN), exact=True).check()
    result = opportunity_ex.assess_opportunities(doc, opp_set, ratings, best, lib)
    assert result.score == result.max_score == len(opp_set.accounts) + 1
    status = check(ex)
    expect_feedback(status, result)
    expect_step(status, lib, "opportunity_assessment")
    status.scroll_into_view_if_needed()
    shot(page, "opportunities-assessed")
    done[result.exercise_id] = result

    # the account plan: the model answer, with one goal left without a number
    plan = lib.of_kind("account_plan")[0].cases[0]
    model = plan.model_answer
    vague = "Become the supplier they trust most"
    answer = {
        "success": model.success.get(EN),
        "goals": [model.goals[0].get(EN), vague],
        "breadth": model.breadth.get(EN),
        "height": model.height.get(EN),
        "depth": model.depth.get(EN),
    }
    ex = exercise(section(page, KEY_ACCOUNTS, "account_plan"), plan.name.get(EN))
    for part, value in answer.items():
        text = "\n".join(value) if isinstance(value, list) else value
        ex.get_by_label(t(f"ui.ka_plan_{part}", EN), exact=True).fill(text)
    result = plans_ex.check_account_plan(plan, answer, lib)
    assert (result.score, result.max_score) == (4, 5) and result.missed == ["plan_goals"]
    status = check(ex)
    expect_feedback(status, result)
    expect(status).to_contain_text(vague)
    expect_step(status, lib, "plan_goals")
    expect_step(status, lib, "plan_height")
    status.scroll_into_view_if_needed()
    shot(page, "account-plan-checked")
    done[result.exercise_id] = result

    # the tiers: every account in its tier, and each tier given its own visits
    sort = lib.of_kind("tier_sort")[0]
    cadence = lib.cadence
    assert cadence is not None
    rules = cadence.key_account_tiers
    tier_names = {r.id: r.name.get(EN) for r in rules}
    ex = exercise(section(page, KEY_ACCOUNTS, "key_account_tiers"), sort.name.get(EN))
    for account in sort.accounts:
        row = ex.locator(".coachkit-row").filter(
            has=page.get_by_text(account.name.get(EN), exact=True)
        )
        row.get_by_role("button", name=tier_names[account.tier], exact=True).click()
    for rule in rules:
        visits = ex.get_by_role("combobox", name=tier_names[rule.id], exact=True)
        visits.select_option(label=tiers_ex.tier_visits(rule).get(EN))
    result = tiers_ex.sort_tiers(
        sort,
        rules,
        {a.id: a.tier for a in sort.accounts},
        {r.id: r.id for r in rules},
        lib,
    )
    assert result.score == result.max_score == len(sort.accounts) + len(rules) + 1
    status = check(ex)
    expect_feedback(status, result)
    expect_step(status, lib, f"tier_{sort.accounts[0].tier}")
    status.scroll_into_view_if_needed()
    shot(page, "tiers-sorted")
    done[result.exercise_id] = result

    expect_attempts(store, person, "06_key_accounts", done)


# ------------------------------------------------------------------ 07 relationship
def care_calendar(
    lib: Library, case: CustomerCase, skip: str, extra: CareLine
) -> list[dict[str, Any]]:
    """A quarter's calendar for ``case`` by the programme's rules but two mistakes.

    Every event of the quarter but ``skip`` answered by its first unflawed line
    the event's rule allows, on the first day of the rule's window; an unflawed
    visit on the 10th of each month with no other action on site; the care
    calls a month apart, on days and at times that vary; the training; and
    ``extra`` on the 20th of the quarter's second month. Rows hold the line,
    the date and the time of day (or None).
    """
    programme = lib.of_kind("care_programme")[0]
    start = case.quarter
    rows: list[dict[str, Any]] = []
    for event in quarter_events(case, programme):
        rule = programme.rule_for(event.kind)
        if rule is None or event.id == skip:
            continue
        line = next(
            ln
            for ln in case.lines
            if ln.event == event.id and ln.flaw is None and ln.action in rule.actions
        )
        day = event.day + dt.timedelta(days=rule.window.start)
        rows.append({"line": line, "date": day, "time": None})
    months = [(start.replace(day=1) + dt.timedelta(days=31 * k)).replace(day=1) for k in range(3)]
    on_site = {r["date"].month for r in rows if r["line"].action in ON_SITE}
    visit = next(ln for ln in case.lines if ln.action == "visit" and ln.flaw is None)
    rows += [
        {"line": visit, "date": m.replace(day=10), "time": None}
        for m in months
        if m.month not in on_site
    ]
    calls = [ln for ln in case.lines if ln.action == "care_call" and ln.flaw is None]
    for n in range(programme.care_calls_per_quarter_min):
        day = start + dt.timedelta(days=3 + 30 * n)
        rows.append({"line": calls[n % len(calls)], "date": day, "time": TIMES[n % len(TIMES)]})
    training = next(ln for ln in case.lines if ln.action == "training")
    rows.append({"line": training, "date": start + dt.timedelta(days=40), "time": None})
    rows.append({"line": extra, "date": months[1].replace(day=20), "time": None})
    return rows


def test_relationship_calendar_spending_claim_and_event_response(
    app_server, new_context, shot, lib: Library
) -> None:
    person = "R-ex-07"
    store = Store(app_server.store)
    page = rep_page(new_context, app_server, person, RELATIONSHIP)
    done: dict[str, Result] = {}

    # the calendar of the first customer: one event left unanswered, one gift far too big
    case = next(c for d in lib.of_kind("customer_files") for c in d.cases)
    programme = lib.of_kind("care_programme")[0]
    assert lib.cadence is not None
    grade = next(g for g in lib.cadence.grades if g.id == case.file.grade)
    events = [e for e in quarter_events(case, programme) if programme.rule_for(e.kind)]
    skipped = events[0]
    big = next(ln for ln in case.lines if ln.action == "visit" and ln.flaw == "gift_too_big")
    rows = care_calendar(lib, case, skipped.id, big)
    assert len(rows) <= CALENDAR_ROWS
    ex = exercise(section(page, RELATIONSHIP, "maintenance_calendar"), case.name.get(EN))
    for n, row in enumerate(rows, start=1):
        line = row["line"]
        label = t("ui.rm_row", EN, n=n)
        action_name = t(f"ui.rm_action.{line.action}", EN)
        option = f"[{action_name}] {line.text.get(EN)}"
        ex.get_by_label(label, exact=True).select_option(label=option)
        box = ex.locator(".coachkit-row").filter(has=page.get_by_label(label, exact=True))
        box.get_by_label(t("ui.rm_date", EN), exact=True).fill(row["date"].isoformat())
        if row["time"] is not None:
            box.get_by_label(t("ui.rm_time", EN), exact=True).select_option(
                label=t(f"ui.{row['time']}", EN)
            )
    answer = [
        {"line": r["line"].id, "date": r["date"].isoformat(), "time": r["time"]} for r in rows
    ]
    result = check_calendar(case, programme, grade, answer, lib)
    assert {f.item for f in result.items if not f.ok} == {skipped.id, "visits"}
    assert result.score == result.max_score - 2
    status = check(ex)
    expect_feedback(status, result)
    rule = programme.rule_for(skipped.kind)
    assert rule is not None
    missing = msg(
        "fb.rm_event_missing", event=skipped.name, day=day_label(skipped.day), rule=rule.rule
    )
    expect(status).to_contain_text(missing.get(EN))
    too_big = msg("fb.rm_flaw", flaw=msg(f"rm.flaw.{big.flaw}"), line=big.text, why=big.why)
    expect(status).to_contain_text(too_big.get(EN))
    expect_step(status, lib, EVENT_TERMS[skipped.kind])
    expect_step(status, lib, "monthly_visits")
    status.scroll_into_view_if_needed()
    shot(page, "calendar-checked")
    done[result.exercise_id] = result

    # a claim for relationship spending that must wait, with what it still lacks ticked
    claims = lib.of_kind("spending_rules")[0]
    claim = next(c for c in claims.claims if not (c.sold_through and c.paid))
    lacking = [
        c
        for c, met in zip(spending.CONDITIONS, (claim.sold_through, claim.paid), strict=True)
        if not met
    ]
    ex = exercise(section(page, RELATIONSHIP, "spending_claims"), claim.name.get(EN))
    ex.get_by_role("button", name=t("ui.rm_hold", EN), exact=True).click()
    for condition in lacking:
        ex.get_by_label(t(f"ui.rm_condition.{condition}", EN), exact=True).check()
    result = spending.grade_claim(claim, "hold", lacking, lib)
    assert result.score == result.max_score == 2
    status = check(ex)
    expect_feedback(status, result)
    expect_step(status, lib, "paid_after_sales")
    status.scroll_into_view_if_needed()
    shot(page, "claim-held")
    done[result.exercise_id] = result

    # a customer's news: the action and timing that fit, the right lines and one wrong one
    event = next(c for d in lib.of_kind("event_responses") for c in d.cases)
    ex = exercise(section(page, RELATIONSHIP, "event_responses"), event.name.get(EN))
    action = next(m for m in event.actions if m.fits)
    timing = next(m for m in event.timings if m.fits)
    said = [p for p in event.lines if p.right] + [next(p for p in event.lines if not p.right)]
    for pick in (action, timing, *said):
        ex.get_by_label(pick.text.get(EN), exact=True).check()
    result = grade_event_response(event, action.id, timing.id, [p.id for p in said], lib)
    assert result.score < result.max_score == 3
    status = check(ex)
    expect_feedback(status, result)
    expect(status).to_contain_text(said[-1].text.get(EN))
    expect_step(status, lib, event.term)
    status.scroll_into_view_if_needed()
    shot(page, "event-answered")
    done[result.exercise_id] = result

    expect_attempts(store, person, "07_relationship", done)


# ------------------------------------------------------------------ 08 channel
def test_channel_product_line_receivables_and_plan_review(
    app_server, new_context, shot, lib: Library
) -> None:
    person = "R-ex-08"
    store = Store(app_server.store)
    page = rep_page(new_context, app_server, person, CHANNEL)
    done: dict[str, Result] = {}

    def row_of(ex: Locator, name: str) -> Locator:
        return ex.locator(".coachkit-row").filter(has=page.get_by_text(name, exact=True))

    # the product line: every product in its layer, the products withdrawn that keep the chain
    doc = lib.of_kind("product_line")[0]
    case = doc.cases[0]
    layers = {term.id: term.name.get(EN) for term in lib.methods[doc.method].terms}
    withdrawn = sound_plans(case)[0]
    ex = exercise(section(page, CHANNEL, "product_line"), case.name.get(EN))
    for product in case.products:
        row = row_of(ex, product.name.get(EN))
        row.get_by_role("button", name=layers[product.role], exact=True).click()
        if product.id in withdrawn:
            row.get_by_label(t("ui.ch_withdraw", EN), exact=True).check()
    roles = {p.id: p.role for p in case.products}
    result = grade_product_line(case, roles, withdrawn, lib)
    assert result.score == result.max_score == len(case.products) + len(CHAIN_RULES)
    status = check(ex)
    expect_feedback(status, result)
    for rule in CHAIN_RULES:
        expect_step(status, lib, rule.term)
    status.scroll_into_view_if_needed()
    shot(page, "product-line")
    done[result.exercise_id] = result

    # the first ledger: every balance given its class, the class's action and the supply
    ledger = lib.of_kind("receivables")[0].ledgers[0]
    ex = exercise(section(page, CHANNEL, "receivables"), ledger.name.get(EN))
    answers = {}
    for entry in ledger.entries:
        cls = receivables_ex.receivable_class(entry, ledger.as_of)
        answer = {
            "class": cls,
            "action": receivables_ex.ACTIONS[cls],
            "supply": receivables_ex.supply_action(entry.reminders),
        }
        row = row_of(ex, entry.customer.get(EN))
        for part, label, key in (
            ("class", "ui.ch_class", None),
            ("action", "ui.ch_action", "rc.action"),
            ("supply", "ui.ch_supply", "rc.supply"),
        ):
            value = answer[part]
            shown = method_name(lib, value).get(EN) if key is None else t(f"{key}.{value}", EN)
            row.get_by_label(t(label, EN), exact=True).select_option(label=shown)
        answers[entry.id] = answer
    result = receivables_ex.sort_receivables(ledger, answers, lib)
    assert result.score == result.max_score == 3 * len(ledger.entries)
    status = check(ex)
    expect_feedback(status, result)
    for cls in {a["class"] for a in answers.values()}:
        expect_step(status, lib, cls)
    status.scroll_into_view_if_needed()
    shot(page, "receivables-sorted")
    done[result.exercise_id] = result

    # the weekly plan review: the clash, the lead (the other assists), a share above the range
    review = lib.of_kind("plan_review")[0].cases[0]
    ex = exercise(section(page, CHANNEL, "plan_review"), review.name.get(EN))
    low, high = SHARE_RANGE
    share = next(n for n in SHARES if n > high)
    answer = {
        "clash": review.clashes()[0],
        "lead": review.lead,
        "share": share,
        "paid_when": "paid_in_full",
        "reason": next(p.id for p in review.reasons if p.right),
        "destination": next(p.id for p in review.destinations if p.right),
    }
    names = {c.id: c.name for c in review.customers} | {r.id: r.name for r in review.reps}
    names |= {p.id: p.text for p in [*review.reasons, *review.destinations]}
    for part in ("clash", "lead", "reason", "destination"):
        ex.get_by_label(names[answer[part]].get(EN), exact=True).check()
    ex.get_by_label(t("ui.ch_share", EN), exact=True).select_option(label=f"{share}%")
    ex.get_by_label(t("ui.ch_paid.paid_in_full", EN), exact=True).check()
    result = review_plans(review, answer, lib)
    assert [f.item for f in result.items if not f.ok] == ["share"]
    status = check(ex)
    expect_feedback(status, result)
    reps = {r.id: r.name for r in review.reps}
    assistant = next(name for rid, name in reps.items() if rid != review.lead)
    lead = msg("fb.wr_lead_right", lead=reps[review.lead], assistant=assistant, why=review.why_lead)
    expect(status).to_contain_text(lead.get(EN))
    wrong = msg("fb.wr_share_wrong", low=f"{low:g}", high=f"{high:g}", got=f"{share:g}%")
    expect(status).to_contain_text(wrong.get(EN))
    expect_step(status, lib, "wr_lead_assistant")
    expect_step(status, lib, "wr_share")
    status.scroll_into_view_if_needed()
    shot(page, "plan-review")
    done[result.exercise_id] = result

    expect_attempts(store, person, "08_channel", done)


# ------------------------------------------------------------------ 09 field cases
def test_field_case_played_to_its_end_with_one_principle_broken(
    app_server, new_context, shot, lib: Library
) -> None:
    person = "R-ex-09"
    store = Store(app_server.store)
    page = rep_page(new_context, app_server, person, CASES)
    doc = lib.field_cases[0]
    dialogue = exercise(section(page, CASES, "field_cases"), doc.title.get(EN))

    # the best decision at every turn but one after the first, where a principle is broken
    run = cases_ex.CaseRun(lib, doc)
    broke: tuple[str, list[str]] | None = None
    verdicts = []
    while not run.finished:
        turn = run.current
        best = best_choice(turn)
        breaking = [c for c in turn.choices if c.breaks and c.score < best.score]
        choice = best
        if broke is None and run.path and breaking:
            choice = min(breaking, key=lambda c: c.score)
            broke = (turn.id, choice.breaks)
        verdict = run.choose(choice.id).text.get(EN)
        assert choice.consequence.get(EN) in verdict
        dialogue.get_by_role("button", name=choice.text.get(EN), exact=True).click()
        expect(dialogue.get_by_text(verdict)).to_have_count(1, timeout=WAIT)
        expect(dialogue).to_contain_text(t("ui.you_decide", EN, line=choice.text.get(EN)))
        verdicts.append(verdict)
    assert broke is not None, f"no turn after the first of {doc.id} offers a principle to break"
    result = run.result()
    choices = [cid for _, cid in run.path]
    summary = cases_ex.summarise(doc, choices)
    assert summary.turning_point == broke[0]
    assert set(broke[1]) <= set(summary.broken)
    assert (result.score, result.max_score) == (summary.score, summary.max_score)
    assert result.score < result.max_score

    # the closing block: the score, the ending, what the path reveals and each principle broken
    status = dialogue.get_by_role("status")
    expect(status).to_contain_text(score_line(result), timeout=WAIT)
    ending = run.current.ending
    assert ending is not None
    expect(status).to_contain_text(msg("fb.case_end", text=ending.text).get(EN))
    closing = cases_ex.reveal(lib, doc, summary)
    assert {f"broken.{p}" for p in summary.broken} <= {f.item for f in closing}
    for line in closing:
        expect(status).to_contain_text(line.text.get(EN))
    for verdict in verdicts:  # each turn in the history only, not again in the closing block
        expect(dialogue.get_by_text(verdict)).to_have_count(1)
        expect(status).not_to_contain_text(verdict)
    expect(dialogue.get_by_role("button", name=t("ui.replay", EN), exact=True)).to_be_visible()
    status.scroll_into_view_if_needed()
    shot(page, "case-ended")

    # the principles broken most often, counted over this rep's one finished case
    board = section(page, CASES, "broken_principles")
    for pid in summary.broken:
        name = cases_ex.principle_name(lib, pid).get(EN)
        expect(board).to_contain_text(t("ui.broken_row", EN, name=name, n=1), timeout=WAIT)
    expect(board).to_contain_text(t("ui.broken_from", EN, n=1))
    board.scroll_into_view_if_needed()
    shot(page, "principles-broken")

    expect_attempts(store, person, "09_field_cases", {result.exercise_id: result})
    assert stored(store, person, result.exercise_id).answer == choices


# ------------------------------------------------------------------ nothing answered
def test_check_with_nothing_answered_stores_nothing(
    app_server, new_context, shot, lib: Library
) -> None:
    person = "R-ex-empty"
    store = Store(app_server.store)
    page = rep_page(new_context, app_server, person, FUNNEL)
    bank = lib.question_banks[0]
    no_answer = t("ui.no_answer", EN)
    for call in ("classify_questions", "build_funnels"):
        status = check(exercise(section(page, FUNNEL, call), bank.name.get(EN)))
        expect(status).to_contain_text(no_answer, timeout=WAIT)
    status.scroll_into_view_if_needed()
    shot(page, "no-answer")
    # the page answers clicks in order: the second message came after the first check was done
    assert store.attempts(person) == []


# ------------------------------------------------------------------ keyboard only
def test_an_exercise_can_be_completed_with_the_keyboard_alone(
    app_server, new_context, shot, lib: Library
) -> None:
    person = "R-ex-keys"
    store = Store(app_server.store)
    page = rep_page(new_context, app_server, person, FLOW)
    canonical = lib.canonical_flow
    assert canonical is not None
    first, second = canonical.ordered()[:2]
    ex = exercise(
        section(page, FLOW, "next_stage"), t("ui.next_after", EN, stage=first.name.get(EN))
    )
    radios = ex.get_by_role("radio")
    radios.first.focus()  # the one start: everything after is keys

    def focused(locator: Locator) -> bool:
        return locator.evaluate("el => el === document.activeElement")

    target = ex.get_by_label(second.name.get(EN), exact=True)
    for _ in range(radios.count()):  # arrows move through the options, choosing as they go
        if focused(target):
            break
        page.keyboard.press("ArrowDown")
    assert focused(target), "the arrow keys do not reach the right option"
    page.keyboard.press("Space")
    expect(target).to_be_checked()
    button = ex.get_by_role("button", name=t("ui.check", EN), exact=True)
    for _ in range(radios.count()):
        if focused(button):
            break
        page.keyboard.press("Tab")
    assert focused(button), "Tab does not reach the check button"
    page.keyboard.press("Enter")
    result = flow_ex.next_stage(canonical, first.id, second.id)
    expect_feedback(ex.get_by_role("status"), result)
    ex.get_by_role("status").scroll_into_view_if_needed()
    shot(page, "keyboard-checked")
    expect_attempts(store, person, "01_visit_flow", {result.exercise_id: result})


# ------------------------------------------------------------------ accessibility
def test_a_module_has_no_serious_accessibility_problem(app_server, new_context, shot) -> None:
    page = sign_in(new_context(), app_server, "R-ex-axe", EN)
    page.set_default_timeout(WAIT)
    page.set_default_navigation_timeout(LOAD)
    for notebook, call in ((FLOW, "stage_order"), (OBJECTIONS, "scenarios")):
        open_page(page, app_server, notebook)
        expect(section(page, notebook, call).locator(".coachkit-exercise").first).to_be_visible()
        shot(page, Path(notebook).stem)
        assert axe_violations(page) == [], notebook
