"""Every module page in a real browser: whole text at desktop and phone widths, in both
languages; two reps at once are each stored as themselves; a trainer scores a role-play."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from helpers.app.pages import TRAINING_PAGES
from helpers.i18n import t
from helpers.playbook import load_library
from helpers.store import Store
from helpers.trainer.roleplays import rubric_for
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    clipped,
    open_page,
    overlapping,
    sign_in,
    stored,
)


def _every_panel(page: Page):
    """Yield once per panel a person can bring into view: each tab of each tab bar, and the
    trade-terms panel opened."""
    yield "page"
    bars = page.locator("#rendered_cells .lm-TabBar-content")
    for b in range(bars.count()):
        tabs = bars.nth(b).locator(".lm-TabBar-tab")
        for i in range(tabs.count()):
            tab = tabs.nth(i)
            if not tab.is_visible():
                continue
            tab.click()
            page.wait_for_function(
                "el => el.classList.contains('lm-mod-current')", arg=tab.element_handle()
            )
            yield f"tab {b}.{i}"
    headers = page.locator("#rendered_cells .jupyter-widget-Collapse-header")
    for i in range(headers.count()):
        headers.nth(i).click()
        yield f"panel {i}"


def _problems(page: Page, where: str) -> list[str]:
    width = page.viewport_size["width"]
    out = [f"{where}: cut off: {c}" for c in clipped(page)]
    out += [f"{where}: overlaps: {o}" for o in overlapping(page)]
    doc = page.evaluate("document.documentElement.scrollWidth")
    if doc > width:
        out.append(f"{where}: the page is {doc} px wide in a {width} px window")
    return out


@pytest.mark.parametrize("notebook", TRAINING_PAGES)
def test_every_text_shows_whole_at_1280_and_390_in_both_languages(
    app_server, new_context, shot, notebook: str
) -> None:
    ctx = new_context(viewport=DESKTOP)
    page = sign_in(ctx, app_server, f"clip.{notebook.split('/')[1][:2]}", "en")
    open_page(page, app_server, notebook)
    problems: list[str] = []
    for locale in ("en", "zh"):
        if locale == "zh":
            page.locator(".widget-toggle-buttons button", has_text="中文").first.click()
            # every module has the trade-terms panel (not every one a check button)
            page.get_by_text(t("glossary.title", "zh")).first.wait_for()
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            for where in _every_panel(page):
                problems += _problems(page, f"{locale} {viewport['width']}px {where}")
            shot(page, f"{locale}-{viewport['width']}", full_page=True)
    assert problems == []


def _answer_next_step(page: Page, lib, locale: str) -> str:
    """Answer the first "What do you do next?" item rightly; return the feedback's text."""
    flow = lib.canonical_flow
    first, second = flow.ordered()[0], flow.ordered()[1]
    prompt = t("ui.next_after", locale, stage=first.name.get(locale))
    box = page.locator(".coachkit-exercise").filter(has_text=prompt).first
    box.get_by_label(second.name.get(locale), exact=True).check()
    box.get_by_role("button", name=t("ui.check", locale)).click()
    feedback = box.locator(".coachkit-feedback")
    feedback.wait_for()
    return feedback.inner_text()


def test_two_reps_at_once_are_each_stored_as_themselves(app_server, new_context, shot) -> None:
    lib = load_library()
    page_a = sign_in(new_context(), app_server, "rep.A.two", "en")
    page_b = sign_in(new_context(), app_server, "rep.B.two", "zh")
    url = f"{app_server.url}voila/render/training/01_visit_flow.ipynb"
    page_a.goto(url, wait_until="commit")
    page_b.goto(url, wait_until="commit")
    for page in (page_a, page_b):
        page.wait_for_selector(".jupyter-widgets button", state="visible", timeout=120_000)
    assert "rep.A.two" in page_a.locator(".coachkit-row").first.inner_text()
    assert "rep.B.two" in page_b.locator(".coachkit-row").first.inner_text()
    fb_b = _answer_next_step(page_b, lib, "zh")
    fb_a = _answer_next_step(page_a, lib, "en")
    shot(page_a, "rep-A-feedback")
    shot(page_b, "rep-B-feedback")
    assert "✔" in fb_a and "✔" in fb_b
    store = Store(app_server.store)
    flow = lib.canonical_flow
    exercise = f"flow_next:{flow.id}.{flow.ordered()[0].id}"
    a = [stored(store, "rep.A.two", exercise)]
    b = [stored(store, "rep.B.two", exercise)]
    assert store.attempts("rep.A.two") == a and store.attempts("rep.B.two") == b
    assert [x.locale for x in a] == ["en"] and [x.locale for x in b] == ["zh"]
    assert a[0].exercise_id == b[0].exercise_id and a[0].score == a[0].max_score


def test_a_trainer_scores_a_role_play(app_server, new_context, shot) -> None:
    lib = load_library()
    scenario = lib.scenarios[0]
    rubric = rubric_for(lib, scenario.id)  # the rubric the score sheet takes from the scenario
    page = sign_in(new_context(), app_server, "TR.browser", "en")
    open_page(page, app_server, "trainer/score_roleplay.ipynb")
    assert page.get_by_label(t("ui.rp.trainer", "en")).input_value() == "TR.browser"
    page.get_by_label(t("ui.rp.rep", "en")).fill("rep.scored")
    page.get_by_label(t("ui.rp.rep", "en")).press("Enter")
    page.get_by_label(scenario.title.en, exact=True).check()
    page.get_by_role("button", name=t("ui.rp.start", "en")).click()
    confirm = page.get_by_role("button", name=t("ui.rp.confirm_new", "en"))
    confirm.wait_for()  # a rep nobody has seen yet: the sheet asks before opening a session
    confirm.click()
    n = len(rubric.criteria)
    groups = page.locator(".widget-toggle-buttons").filter(
        has=page.get_by_role("button", name="5", exact=True)
    )
    page.wait_for_function(
        """n => [...document.querySelectorAll('.widget-toggle-buttons')]
             .filter(g => [...g.querySelectorAll('button')].map(b => b.textContent.trim())
                          .join() === '1,2,3,4,5').length === n""",
        arg=n,
    )
    shot(page, "sheet-open")
    assert groups.count() == n
    for i in range(n):
        groups.nth(i).get_by_role("button", name="4", exact=True).click()
    page.get_by_role("button", name=t("ui.rp.submit", "en")).click()
    saved = t("ui.rp.saved", "en", added=n, updated=0, unchanged=0)
    page.get_by_text(saved).wait_for()
    shot(page, "sheet-submitted", full_page=True)
    scores = Store(app_server.store).scores_frame()
    mine = scores[(scores["trainer_id"] == "TR.browser") & (scores["rep_id"] == "rep.scored")]
    assert len(mine) == n and set(mine["score"]) == {4}
