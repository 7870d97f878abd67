"""Browser tests: Debian's Chromium, driven by Playwright for Python, on a real ``coachkit app``.

Every test runs with a network guard: a request for anything outside this
machine is refused and fails the test (the kit must work offline). Pages
are waited on by what they show, never by fixed sleeps. Screenshots of each
step go to ``tests/artifacts/browser/<test>/`` (or ``COACHKIT_ARTIFACTS``).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from helpers.store import Attempt, Store

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROJECT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("COACHKIT_ARTIFACTS", PROJECT / "tests" / "artifacts" / "browser"))
JS = Path(__file__).parent / "js"
AXE = PROJECT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (installed by ``scripts/test-deps.sh``; never downloaded)."""
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: run scripts/test-deps.sh (as root it installs Debian's chromium)"
    )
    with sync_playwright() as p:
        # Playwright gives every launch a new, empty profile of its own
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Shots:
    """Numbered screenshots of one test's steps."""

    folder: Path
    n: int = 0
    taken: list[Path] = field(default_factory=list)

    def __call__(self, page: Page, name: str, full_page: bool = False) -> Path:
        self.n += 1
        path = self.folder / f"{self.n:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        self.taken.append(path)
        return path


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Shots:
    """Take a named screenshot of a page for the test's artifacts."""
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return Shots(folder)


@dataclass
class Guard:
    """Requests that tried to leave the machine, and errors the pages raised."""

    outside: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@pytest.fixture
def guard() -> Iterator[Guard]:
    """Fails the test if any page asked for something outside this machine or threw."""
    g = Guard()
    yield g
    assert not g.outside, f"requests that left the machine: {g.outside}"
    assert not g.page_errors, f"errors thrown by the pages: {g.page_errors}"


@pytest.fixture
def new_context(browser: Browser, guard: Guard) -> Iterator[Callable[..., BrowserContext]]:
    """Open a fresh browser context (a person's own browser session), guarded offline."""
    made: list[BrowserContext] = []

    def make(viewport: dict[str, int] = DESKTOP, **kwargs: object) -> BrowserContext:
        ctx = browser.new_context(viewport=viewport, **kwargs)

        def route(r):
            url = urlparse(r.request.url)
            if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOCAL_HOSTS:
                guard.outside.append(r.request.url)
                return r.abort()
            return r.continue_()

        ctx.route("**/*", route)
        ctx.on(
            "page", lambda page: page.on("pageerror", lambda e: guard.page_errors.append(str(e)))
        )
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


def sign_in(ctx: BrowserContext, app, person: str, locale: str = "en") -> Page:
    """Open the app with its token and say who you are, as a person would."""
    page = ctx.new_page()
    page.goto(f"{app.url}?token={app.token}")
    page.get_by_label(re.compile("learner id|学员编号")).fill(person)
    page.get_by_label("中文" if locale == "zh" else "English").check()
    page.get_by_role("button", name=re.compile("^(Start|开始)$")).click()
    page.wait_for_selector("ul.modules")
    return page


def open_page(page: Page, app, notebook: str) -> None:
    """Open one of the app's notebook pages and wait until its widgets are there."""
    page.goto(f"{app.url}voila/render/{notebook}")
    page.wait_for_selector(".jupyter-widgets button", state="visible", timeout=120_000)


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """axe-core's violations of the given impacts on the page as it is now."""
    assert AXE.exists(), f"{AXE} is missing: run scripts/test-deps.sh (installs axe-core from npm)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def clipped(page: Page) -> list[dict]:
    """Elements whose text is cut off (scroll size beyond client size where overflow clips)."""
    return page.evaluate((JS / "clipped.js").read_text())


def overlapping(page: Page) -> list:
    """Options in a list that lie on top of the one before them."""
    return page.evaluate((JS / "overlap.js").read_text())


def stored(store: Store, person: str, exercise_id: str, timeout: float = 30) -> Attempt:
    """The newest attempt at ``exercise_id`` by ``person``, once the page has stored it.

    The page shows the feedback, then writes the attempt: this polls the store
    until the write is there.
    """
    deadline = time.monotonic() + timeout
    while not (found := store.attempts(person, exercise_id=exercise_id)):
        assert time.monotonic() < deadline, f"no attempt at {exercise_id} by {person} stored"
        time.sleep(0.1)
    return found[-1]
