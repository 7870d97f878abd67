"""Who a page is for: the session cookie, read back in the page's kernel."""

from __future__ import annotations

import os
import sys

import pytest

from helpers.app import identity
from helpers.app.identity import COOKIE, Who


@pytest.mark.parametrize("person", ["R0001", "王小明", 'rep "A"; x=1', "a" * 64])
def test_cookie_round_trip_keeps_any_printable_id(person: str) -> None:
    who = Who(person, "zh")
    header = f"_xsrf=abc; {COOKIE}={who.cookie_value()}; other=1"
    assert identity.from_cookie_header(header) == who


def test_cookie_value_has_no_character_a_cookie_cannot_hold() -> None:
    value = Who('张三; "x"', "en").cookie_value()
    assert not set(value) & set(' ;",\\')


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "other=1",
        f"{COOKIE}=",
        f"{COOKIE}=%7Bnot-json",
        f"{COOKIE}=%7B%22person%22%3A%22%22%7D",
    ],
)
def test_missing_or_broken_cookie_is_nobody(header: str | None) -> None:
    assert identity.from_cookie_header(header) is None


def test_unknown_language_falls_back_to_english() -> None:
    value = '{"person": "R1", "locale": "fr"}'
    from urllib.parse import quote

    assert identity.parse(quote(value)) == Who("R1", "en")


def test_outside_the_app_pages_keep_their_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(identity.APP_ENV, raising=False)
    monkeypatch.setenv("HTTP_COOKIE", f"{COOKIE}={Who('R9', 'zh').cookie_value()}")
    assert identity.from_request() is None
    assert identity.for_page("TR1", "en") == ("TR1", "en")


def test_in_the_app_a_page_is_for_whoever_opened_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(identity.APP_ENV, "1")
    monkeypatch.setenv("VOILA_PREHEAT", "False")  # an ordinary kernel: the request is in its env
    monkeypatch.setenv("HTTP_COOKIE", f"{COOKIE}={Who('R9', 'zh').cookie_value()}")
    assert identity.for_page("TR1", "en") == ("R9", "zh")


def test_under_jupyterhub_the_page_is_the_hub_users_whatever_the_cookie_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(identity.APP_ENV, "1")
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv(identity.HUB_USER, "wang.fang")
    monkeypatch.setenv("HTTP_COOKIE", f"{COOKIE}={Who('someone.else', 'zh').cookie_value()}")
    assert identity.from_request() == Who("wang.fang", "zh")


def test_under_jupyterhub_without_a_cookie_the_page_is_in_the_language_kept_for_the_person(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from helpers.learner.personal import remember_locale, stored_locale
    from helpers.learner.widgets import arrive, start
    from helpers.playbook import load_library
    from tests.conftest import PROJECT

    monkeypatch.setenv(identity.APP_ENV, "1")
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv(identity.HUB_USER, "wang.fang")
    monkeypatch.delenv("HTTP_COOKIE", raising=False)
    assert identity.from_request() == Who("wang.fang", "en")
    assert identity.from_request(lambda person: "zh" if person == "wang.fang" else None) == Who(
        "wang.fang", "zh"
    )
    session = start(lib=load_library(PROJECT / "playbooks"))
    remember_locale(session.store, "wang.fang", "zh")
    arrive(session, "02_question_funnel")
    assert (session.learner_id, session.locale) == ("wang.fang", "zh")
    assert session.store.get_state("wang.fang", "module") == "02_question_funnel"
    assert stored_locale(session.store, "wang.fang") == "zh"


def test_the_hub_user_is_the_learner_in_jupyterlab_and_cannot_be_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from helpers.learner.widgets.home import HomeView, start

    monkeypatch.delenv(identity.APP_ENV, raising=False)
    monkeypatch.setenv(identity.HUB_USER, "li.lei")
    session = start("typed.id", "en")
    assert session.learner_id == "li.lei"
    home = HomeView(session)
    assert home.learner.disabled
    home.set_learner("someone.else")
    assert session.learner_id == "li.lei"


class RecordingStream:
    """A stream on a pipe that records each write made through it."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.writes: list[str] = []

    def fileno(self) -> int:
        return self.fd

    def write(self, text: str) -> int:
        self.writes.append(text)
        return os.write(self.fd, text.encode())

    def flush(self) -> None:
        pass


def test_a_preheated_page_says_it_is_ready_in_one_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    # kernels share the server's output: a line written in two pieces can merge with another's
    import voila.utils

    monkeypatch.setenv(identity.APP_ENV, "1")
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k-1")
    monkeypatch.setenv("HTTP_COOKIE", f"{COOKIE}={Who('R9', 'en').cookie_value()}")
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda: None)
    read, write = os.pipe()
    stream = RecordingStream(write)
    monkeypatch.setattr(sys, "__stderr__", stream)
    try:
        assert identity.from_request() == Who("R9", "en")
    finally:
        os.close(write)
    with os.fdopen(read) as pipe:
        line = pipe.read()
    assert "k-1" in line and line.endswith("\n") and line.count("\n") == 1
    assert all(piece.endswith("\n") for piece in stream.writes)
