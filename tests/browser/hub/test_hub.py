"""The kit under a real JupyterHub: two learners and a trainer, each in their own server.

Each person logs in to the hub in their own browser, lands in their own app,
and works there as themselves: every attempt and score is stored under the
person who logged in, each start page shows that person's progress only, and
nobody gets into someone else's server.
"""

from __future__ import annotations

import re
import time

import psutil
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy.engine import make_url

from helpers.app.pages import TRAINING_PAGES
from helpers.i18n import t
from helpers.learner.exercises import flow as flow_ex
from helpers.learner.progress import module_progress
from helpers.playbook import load_library
from helpers.store import Store
from helpers.trainer.roleplays import rubric_for
from tests.browser.conftest import stored
from tests.browser.hub.conftest import ADMIN, LEARNER_A, LEARNER_B, MANAGER, PASSWORD, TRAINER, Hub
from tests.browser.test_exercises import FLOW, check, exercise, expect_feedback, section

EN = "en"
WAIT = 30_000
"""How long (ms) to wait for a kernel to answer a click on a busy machine."""
START = 120_000
"""How long (ms) a person's server may take to start (the hub spawns it at login)."""


def log_in(ctx: BrowserContext, hub: Hub, person: str, landing: str = "") -> Page:
    """Log in to the hub as ``person``; wait until their server's ``landing`` page is there
    (by default the app's start page)."""
    page = ctx.new_page()
    page.set_default_timeout(WAIT)
    page.set_default_navigation_timeout(START)
    page.goto(f"{hub.url}hub/login")
    page.locator("#username_input").fill(person)
    page.locator("#password_input").fill(PASSWORD)
    page.locator("#login_submit").click()
    page.wait_for_url(re.compile(re.escape(hub.user_url(person) + landing)), timeout=START)
    if not landing:
        page.wait_for_selector("h1", timeout=START)
    return page


def open_module(page: Page, hub: Hub, person: str, notebook: str) -> None:
    page.goto(f"{hub.user_url(person)}voila/render/{notebook}")
    page.wait_for_selector(".jupyter-widgets button", state="visible", timeout=START)


def answer_next_step(page: Page, current: int) -> str:
    """Answer "what comes next" after stage ``current`` of the visit flow; the exercise id."""
    lib = load_library()
    flow = lib.canonical_flow
    assert flow is not None
    stages = flow.ordered()
    here, following = stages[current], stages[current + 1]
    ex = exercise(
        section(page, FLOW, "next_stage"), t("ui.next_after", EN, stage=here.name.get(EN))
    )
    ex.get_by_label(following.name.get(EN), exact=True).check()
    result = flow_ex.next_stage(flow, here.id, following.id)
    assert result.score == result.max_score == 1
    expect_feedback(check(ex), result)
    return result.exercise_id


def score_roleplay(page: Page, hub: Hub, rep: str) -> int:
    """Score a role-play of ``rep`` on the trainer's page, every criterion 4; how many."""
    lib = load_library()
    scenario = lib.scenarios[0]
    rubric = rubric_for(lib, scenario.id)  # the rubric the score sheet takes from the scenario
    open_module(page, hub, TRAINER, "trainer/score_roleplay.ipynb")
    trainer = page.get_by_label(t("ui.rp.trainer", EN))
    assert trainer.input_value() == TRAINER
    expect(trainer).to_be_disabled()
    page.get_by_label(t("ui.rp.rep", EN)).fill(rep)
    page.get_by_label(t("ui.rp.rep", EN)).press("Enter")
    page.get_by_label(scenario.title.en, exact=True).check()
    page.get_by_role("button", name=t("ui.rp.start", EN)).click()
    n = len(rubric.criteria)
    page.wait_for_function(
        """n => [...document.querySelectorAll('.widget-toggle-buttons')]
             .filter(g => [...g.querySelectorAll('button')].map(b => b.textContent.trim())
                          .join() === '1,2,3,4,5').length === n""",
        arg=n,
    )
    groups = page.locator(".widget-toggle-buttons").filter(
        has=page.get_by_role("button", name="5", exact=True)
    )
    for i in range(n):
        groups.nth(i).get_by_role("button", name="4", exact=True).click()
    page.get_by_role("button", name=t("ui.rp.submit", EN)).click()
    page.get_by_text(t("ui.rp.saved", EN, added=n, updated=0, unchanged=0)).wait_for()
    return n


def module_line(page: Page, module_name: str) -> str:
    """The progress line under a module on the start page."""
    item = page.locator("ul.modules > li").filter(
        has=page.get_by_role("link", name=module_name, exact=True)
    )
    return item.locator(".progress-row span").inner_text()


def test_two_learners_and_a_trainer_each_work_as_themselves(hub: Hub, new_context, shot) -> None:
    began = time.monotonic()
    store = Store(hub.admin_store)
    lib = load_library()

    a = log_in(new_context(), hub, LEARNER_A)
    b = log_in(new_context(), hub, LEARNER_B)
    trainer = log_in(new_context(), hub, TRAINER)
    shot(a, "learner-a-start")

    # the servers never hold the administrator's store URL: each connects as its owner's
    # own database login
    admin = make_url(hub.admin_store)
    with store.engine.connect() as conn:
        logins = dict(conn.exec_driver_sql("select person_id, login from db_logins").all())
    for person in (LEARNER_A, LEARNER_B, TRAINER):
        env = psutil.Process(hub.server_pid(person)).environ()
        assert env["JUPYTERHUB_USER"] == person
        assert "COACHKIT_ADMIN_STORE" not in env
        assert "JUPYTERHUB_API_TOKEN" in env and "token=" not in a.url
        own = make_url(env["COACHKIT_STORE"])
        assert own.username == logins[person] != admin.username
        assert own.password != admin.password and own.database == admin.database

    # a learner's start page: modules, no trainer pages, no reports
    expect(a.locator("ul.modules > li")).to_have_count(len(TRAINING_PAGES))
    expect(a.locator("#trainer-h")).to_have_count(0)
    expect(a.locator("#manager-h")).to_have_count(0)
    # the trainer's: the trainer pages too
    expect(trainer.locator("#trainer-h")).to_have_count(1)
    expect(trainer.locator("#manager-h")).to_have_count(0)

    # each learner does a different exercise of the first module
    open_module(a, hub, LEARNER_A, FLOW)
    done_a = answer_next_step(a, 0)
    shot(a, "learner-a-exercise")
    open_module(b, hub, LEARNER_B, FLOW)
    done_b = answer_next_step(b, 1)
    assert done_a != done_b
    assert stored(store, LEARNER_A, done_a).learner_id == LEARNER_A
    assert stored(store, LEARNER_B, done_b).learner_id == LEARNER_B
    assert [x.exercise_id for x in store.attempts(LEARNER_A)] == [done_a]
    assert [x.exercise_id for x in store.attempts(LEARNER_B)] == [done_b]

    # the trainer scores a role-play of learner A: stored under the trainer
    n = score_roleplay(trainer, hub, LEARNER_A)
    shot(trainer, "trainer-scored")
    scores = store.scores_frame()
    assert len(scores) == n
    assert set(scores["trainer_id"]) == {TRAINER} and set(scores["rep_id"]) == {LEARNER_A}
    assert store.attempts(TRAINER) == []

    # each start page shows its own person's progress: one exercise mastered, not two
    module = "01_visit_flow"
    name = t(f"module.{module}", EN)
    for page, person in ((a, LEARNER_A), (b, LEARNER_B)):
        page.goto(hub.user_url(person))
        row = next(r for r in module_progress(lib, store, person) if r.module == module)
        assert row.mastered == 1
        want = t(
            "app.mastery_line", EN, pct=round(row.mastery * 100), mastered=1, total=row.exercises
        )
        assert module_line(page, name) == want
        expect(page.get_by_role("heading", level=1)).to_contain_text(person)
    shot(b, "learner-b-start")

    # the second learner cannot open the first one's server
    response = b.goto(hub.user_url(LEARNER_A))
    assert response is not None and response.status == 403
    expect(b.locator("body")).not_to_contain_text(t("app.your_modules", EN))
    for lang in ("zh", "en"):  # the hub's page says why, in both languages, and where to go
        expect(b.locator(f'p[lang="{lang}"]')).to_contain_text(t("app.not_your_server", lang))
    shot(b, "learner-b-refused")
    b.get_by_role("link", name=t("app.your_start_page", EN)).click()
    b.wait_for_url(re.compile(re.escape(hub.user_url(LEARNER_B))), timeout=START)
    response = b.goto(f"{hub.user_url(LEARNER_A)}voila/render/{FLOW}")
    assert response is not None and response.status == 403

    # a learner may not open a trainer page: the app's plain page says so
    response = a.goto(f"{hub.user_url(LEARNER_A)}voila/render/trainer/score_roleplay.ipynb")
    assert response is not None and response.status == 403
    expect(a.get_by_role("alert")).to_have_text(t("app.forbidden", EN))
    response = a.goto(f"{hub.user_url(LEARNER_A)}reports")
    assert response is not None and response.status == 403

    # the manager of T01: the reports page, for their own team only, rendered from the
    # store under their own login
    m = log_in(new_context(), hub, MANAGER)
    expect(m.locator("#manager-h")).to_have_count(1)
    expect(m.locator("ul.modules > li")).to_have_count(0)
    m.get_by_role("link", name=t("app.reports_title", EN)).click()
    team = m.get_by_label(t("app.team", EN))
    assert team.locator("option").all_inner_texts() == ["T01"]
    m.get_by_role("button", name=t("app.show_report", EN)).click()
    report = m.frame_locator("iframe.report")
    report.locator("h1").first.wait_for(timeout=START)
    assert "T01" in report.locator("body").inner_text()
    shot(m, "manager-report")
    src = m.locator("iframe.report").get_attribute("src")
    assert src is not None and "team=T01" in src
    other = src.replace("team=T01", "team=T02")
    response = m.goto(f"{hub.url.rstrip('/')}{other}")
    assert response is not None and response.status == 403

    # an administrator lands in JupyterLab, not the app
    admin = log_in(new_context(), hub, ADMIN, landing="lab")
    assert "jupyterhub.singleuser" in psutil.Process(hub.server_pid(ADMIN)).cmdline()
    assert admin.url.startswith(f"{hub.user_url(ADMIN)}lab")

    print(f"hub test body took {time.monotonic() - began:.1f} s")
