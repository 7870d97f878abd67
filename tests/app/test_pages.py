"""The app's own pages over HTTP, on a real ``coachkit app`` (no browser needed)."""

from __future__ import annotations

import re

import pytest
import requests

from helpers.app.identity import COOKIE
from helpers.i18n import t
from helpers.store import Store


def _client(app_server, person: str | None = None, locale: str = "en") -> requests.Session:
    s = requests.Session()
    r = s.get(f"{app_server.url}who?token={app_server.token}", timeout=30)
    assert r.status_code == 200
    if person is not None:
        r = _say_who(s, app_server, person, locale)
        assert r.status_code == 200, r.text
    return s


def _xsrf(s: requests.Session, html: str) -> str:
    m = re.search(r'name="_xsrf" value="([^"]+)"', html)
    assert m, "the form carries no _xsrf field"
    return m.group(1)


def _say_who(s: requests.Session, app_server, person: str, locale: str, next_: str = "/"):
    form = s.get(f"{app_server.url}who", timeout=30).text
    data = {"_xsrf": _xsrf(s, form), "person": person, "locale": locale, "next": next_}
    return s.post(f"{app_server.url}who", data=data, timeout=30)


def test_without_the_token_nothing_is_served(app_server) -> None:
    for path in ("", "who", "reports", "voila/render/training/01_visit_flow.ipynb"):
        r = requests.get(f"{app_server.url}{path}", allow_redirects=False, timeout=30)
        assert r.status_code in (302, 403), path
        if r.status_code == 302:
            assert "/login" in r.headers["Location"]


def test_start_page_asks_who_you_are_first(app_server) -> None:
    s = _client(app_server)
    r = s.get(app_server.url, allow_redirects=False, timeout=30)
    assert r.status_code == 302 and r.headers["Location"].endswith("/who")


def test_saying_who_you_are_opens_your_start_page_in_your_language(app_server) -> None:
    s = _client(app_server)
    r = _say_who(s, app_server, "学员甲", "zh")
    assert r.status_code == 200
    assert t("app.hello", "zh", person="学员甲") in r.text
    for module in ("01_visit_flow", "04_objections"):
        assert t(f"module.{module}", "zh") in r.text
        assert f"voila/render/training/{module}.ipynb" in r.text
    assert '<meta name="viewport"' in r.text
    cookie = next(c for c in s.cookies if c.name == COOKIE)
    assert cookie.expires is None, "the person is kept for the browser session only"
    assert Store(app_server.store).get_state("学员甲", "locale") == "zh"


def test_a_bad_id_is_refused_with_a_message_and_no_cookie(app_server) -> None:
    s = _client(app_server)
    r = _say_who(s, app_server, "a\tb", "en")
    assert r.status_code == 400
    assert t("ui.learner_invalid", "en", max=64) in r.text
    assert COOKIE not in s.cookies


def test_a_page_opened_before_saying_who_sends_you_to_the_start_page_and_back(app_server) -> None:
    s = _client(app_server)
    page = "/voila/render/training/03_ffab.ipynb"
    r = s.get(app_server.url.rstrip("/") + page, allow_redirects=False, timeout=30)
    assert r.status_code == 302 and "/who?next=" in r.headers["Location"]
    r = _say_who(s, app_server, "R0042", "en", next_=page)
    assert r.url.endswith(page)


@pytest.mark.parametrize(
    "path", ["voila/render/reports/team_coaching.ipynb", "voila/render/../pyproject.toml", "nope"]
)
def test_only_the_kits_pages_are_served(app_server, path: str) -> None:
    s = _client(app_server, "R0001")
    r = s.get(f"{app_server.url}{path}", allow_redirects=False, timeout=30)
    assert r.status_code == 404
    assert "Traceback" not in r.text


def test_no_file_listing(app_server) -> None:
    s = _client(app_server, "R0001")
    r = s.get(f"{app_server.url}voila/tree", allow_redirects=False, timeout=30)
    assert r.status_code in (301, 302) and r.headers["Location"] == "/"


def test_next_never_leaves_the_app(app_server) -> None:
    s = _client(app_server)
    r = _say_who(s, app_server, "R0001", "en", next_="https://example.com/")
    assert r.url.startswith(app_server.url)


def test_reports_page_lists_the_teams_and_shows_a_report(app_server) -> None:
    s = _client(app_server, "M01")
    r = s.get(f"{app_server.url}reports", timeout=30)
    for team in ("T01", "T02", "T03", "T04"):
        assert f'value="{team}"' in r.text
    r = s.get(f"{app_server.url}reports?team=T02&from=2026-10-01&to=2026-10-31", timeout=60)
    m = re.search(r'<iframe class="report" src="([^"]+)"', r.text)
    assert m
    src = m.group(1).replace("&amp;", "&")
    report = s.get(app_server.url.rstrip("/") + src, timeout=120)
    assert report.status_code == 200 and "T02" in report.text
    download = s.get(app_server.url.rstrip("/") + src + "&download=1", timeout=120)
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.content == report.content
    assert "sqlite" not in report.text


def test_a_bad_report_parameter_is_a_plain_message(app_server) -> None:
    s = _client(app_server, "M01")
    r = s.get(f"{app_server.url}reports?team=T99&from=2026-10-01&to=2026-10-31", timeout=30)
    assert 'role="alert"' in r.text and "T99" in r.text
    assert "<iframe" not in r.text
    r = s.get(f"{app_server.url}reports?team=T01&from=2026-10-31&to=2026-10-01", timeout=30)
    assert 'role="alert"' in r.text


def test_no_page_refers_to_anything_outside_this_machine(app_server) -> None:
    s = _client(app_server, "R0001")
    for path in ("", "who", "reports", "coachkit/static/app.css"):
        text = s.get(f"{app_server.url}{path}", timeout=30).text
        assert not re.search(r"""(src|href)=["']https?://""", text), path
        assert "url(http" not in text, path


def test_under_jupyterhub_nobody_is_asked_who_they_are_or_can_be_someone_else(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.app_server import start_app

    monkeypatch.setenv("JUPYTERHUB_USER", "hub.rep")
    server = start_app(tmp_path, pool=0)
    try:
        s = requests.Session()
        s.get(f"{server.url}who?token={server.token}", timeout=30)
        r = s.get(server.url, timeout=30)
        assert r.url == server.url and t("app.hello", "en", person="hub.rep") in r.text
        r = _say_who(s, server, "someone.else", "zh")
        assert t("app.hello", "zh", person="hub.rep") in r.text
        assert t("app.continue_in", "zh") not in r.text
        page = s.get(
            f"{server.url}voila/render/training/01_visit_flow.ipynb", allow_redirects=False
        )
        assert page.status_code == 200
        store = Store(server.store)
        assert store.get_state("hub.rep", "module") == "01_visit_flow"
        assert store.state_items("someone.else") == {}
        # another browser (or device) of the same person: their language and where to carry on
        other = requests.Session()
        r = other.get(f"{server.url}?token={server.token}", timeout=30)
        assert t("app.hello", "zh", person="hub.rep") in r.text
        assert t("app.continue_in", "zh") in r.text
        assert re.search(r'class="resume">[^<]*<a href="[^"]*training/01_visit_flow.ipynb"', r.text)
        assert any(c.name == COOKIE for c in other.cookies), "module pages follow that language"
    finally:
        server.stop()
