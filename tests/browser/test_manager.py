"""A manager picks a team and a period, reads the report in the page and downloads it."""

from __future__ import annotations

import re
from pathlib import Path

from helpers.i18n import t
from tests.browser.conftest import PHONE, axe_violations, sign_in


def _show_report(page, team: str) -> None:
    page.get_by_role("link", name=t("app.reports_title", "en")).click()
    page.get_by_label(t("app.team", "en")).select_option(team)
    page.get_by_role("button", name=t("app.show_report", "en")).click()
    frame = page.frame_locator("iframe.report")
    frame.locator("h1").first.wait_for(timeout=120_000)


def test_manager_renders_a_report_and_downloads_it(
    app_server, new_context, shot, tmp_path: Path
) -> None:
    ctx = new_context(accept_downloads=True)
    page = sign_in(ctx, app_server, "M-01", "en")
    _show_report(page, "T03")
    shot(page, "report-in-page", full_page=False)
    frame = page.frame_locator("iframe.report")
    assert "T03" in frame.locator("body").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name=t("app.download_report", "en")).click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name.startswith("coaching-T03-") and saved.suffix == ".html"
    html = saved.read_text(encoding="utf-8")
    assert "T03" in html and re.search(r'<meta[^>]*name="viewport"', html)
    assert "sqlite" not in html


def test_report_has_no_serious_accessibility_problem_and_fits_a_phone(
    app_server, new_context, shot
) -> None:
    page = sign_in(new_context(viewport=PHONE), app_server, "M-02", "en")
    _show_report(page, "T01")
    src = page.locator("iframe.report").get_attribute("src")
    report = page.context.new_page()
    report.goto(app_server.url.rstrip("/") + src)
    shot(report, "report-390", full_page=True)
    assert axe_violations(report) == []
    assert report.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
