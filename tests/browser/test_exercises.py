"""A new rep does one exercise of each kind in the app, in English, and sees the right feedback.

Every answer is worked out here from the playbook library, the same content
the page is built from; controls are found by what they say on screen,
inside the exercise found by its title. After the feedback, the attempt is
in the store under the rep who gave it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from helpers.i18n import t
from helpers.learner.exercises import ffab as ffab_ex
from helpers.learner.exercises import flow as flow_ex
from helpers.learner.exercises import followup as followup_ex
from helpers.learner.exercises import funnel as funnel_ex
from helpers.learner.exercises import opportunity as opportunity_ex
from helpers.learner.exercises import plans as plans_ex
from helpers.learner.exercises import tiers as tiers_ex
from helpers.learner.exercises.placement import grade_placement
from helpers.learner.exercises.result import Result, method_name, msg
from helpers.learner.exercises.scenario import ScenarioRun, best_choice, max_path_score
from helpers.learner.widgets.base import Session
from helpers.learner.widgets.ffab import GIVEN
from helpers.learner.widgets.followup import SimulatorView, VisitPlanView
from helpers.learner.widgets.funnel import classify_sample
from helpers.playbook import load_library
from helpers.playbook.library import Library
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

    def expect_step(status: Locator, term: str) -> None:
        """The feedback names the method step (or stage) it is about, in brackets."""
        expect(status).to_contain_text(f"({method_name(lib, term).get(EN)})")

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
    expect_step(status, case.stage)
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
    expect_step(status, "opportunity_assessment")
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
    expect_step(status, "plan_goals")
    expect_step(status, "plan_height")
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
    expect_step(status, f"tier_{sort.accounts[0].tier}")
    status.scroll_into_view_if_needed()
    shot(page, "tiers-sorted")
    done[result.exercise_id] = result

    expect_attempts(store, person, "06_key_accounts", done)


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
