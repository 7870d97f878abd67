"""A new rep opens the app: says who they are, in their language, and finds their modules."""

from __future__ import annotations

import re

from helpers.app.pages import TRAINING_PAGES
from helpers.i18n import t
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, clipped, sign_in


def test_new_rep_signs_in_in_chinese_and_sees_every_module(app_server, new_context, shot) -> None:
    ctx = new_context()
    page = ctx.new_page()
    page.goto(f"{app_server.url}?token={app_server.token}")
    shot(page, "asked-who")
    assert page.url.endswith("/who")
    page.get_by_label(re.compile("learner id")).fill("新人.王")
    page.get_by_label("中文").check()
    page.get_by_role("button", name="Start").click()
    page.wait_for_selector("ul.modules")
    shot(page, "start-page-zh", full_page=True)
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.get_by_role("heading", level=1).inner_text() == t(
        "app.hello", "zh", person="新人.王"
    )
    links = page.locator("ul.modules a")
    assert links.count() == len(TRAINING_PAGES)
    assert links.first.inner_text() == t("module.01_visit_flow", "zh")
    assert page.get_by_text(t("app.nothing_due", "zh")).is_visible()


def test_the_start_page_can_be_used_with_the_keyboard_alone(app_server, new_context, shot) -> None:
    page = new_context().new_page()
    page.goto(f"{app_server.url}?token={app_server.token}")
    page.wait_for_selector("#person:focus")
    page.keyboard.type("R-key-1")
    page.keyboard.press("Tab")  # the language: one stop for the radio group
    page.keyboard.press("ArrowLeft")  # the other language, 中文
    page.keyboard.press("Tab")  # the Start button
    assert page.evaluate("document.activeElement.textContent.trim()") == "Start"
    page.keyboard.press("Enter")
    page.wait_for_selector("ul.modules")
    shot(page, "after-keyboard-sign-in")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") in ("A", "BUTTON")


def test_switching_language_on_the_start_page_keeps_the_person(app_server, new_context) -> None:
    page = sign_in(new_context(), app_server, "R-lang", "en")
    page.get_by_role("button", name="中文").click()
    page.wait_for_selector("html[lang=zh-CN]")
    assert t("app.hello", "zh", person="R-lang") in page.inner_text("h1")


def test_start_and_sign_in_pages_have_no_serious_accessibility_problem(
    app_server, new_context
) -> None:
    page = new_context().new_page()
    page.goto(f"{app_server.url}?token={app_server.token}")
    assert axe_violations(page) == []
    page = sign_in(new_context(), app_server, "R-axe", "zh")
    assert axe_violations(page) == []


def test_start_page_fits_a_phone(app_server, new_context, shot) -> None:
    page = sign_in(new_context(viewport=PHONE), app_server, "R-phone-with-a-long-name", "en")
    shot(page, "start-390", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert clipped(page) == []
    page.set_viewport_size(DESKTOP)
    assert clipped(page) == []
