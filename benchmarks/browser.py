"""How long people wait in the app, measured in Debian's Chromium.

Run with ``.venv/bin/python benchmarks/browser.py [runs]``. Starts a real
``coachkit app`` (kernels preheated, one per page) and, for comparison in the
same run, the same app with no preheated kernels (``--pool 0``: what plain
Voilà does). For each training module it times, in a fresh browser context,
from asking for the page to the first exercise's button being visible; for
the reports page, from asking for a team's report to its heading being
visible (rendered in the warm report kernel), and again for the same report
(kept). Each figure is printed with its ratios to the floor measured in the
same run, loading the app's own start page (a page the server makes with no
kernel: the least a page can cost here), and to the no-preheat app.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.app.pages import TRAINING_PAGES  # noqa: E402
from tests.app_server import start_app  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, sign_in  # noqa: E402


def _wait_refilled(server, before: int) -> None:
    """Wait until a new kernel has run the page just used and waits for the next visitor."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and server.ready_pages() <= before:
        time.sleep(0.1)


def module_times(browser, server, runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = sign_in(ctx, server, "bench.rep", "en")
    # the browser fetches Voila's scripts once per visit: load one page first, untimed
    before = server.ready_pages()
    page.goto(f"{server.url}voila/render/{TRAINING_PAGES[0]}")
    page.wait_for_selector(".jupyter-widgets button", state="visible", timeout=180_000)
    if server.pool:
        _wait_refilled(server, before)
    for notebook in TRAINING_PAGES:
        for _ in range(runs):
            before = server.ready_pages()
            t0 = time.perf_counter()
            page.goto(f"{server.url}voila/render/{notebook}")
            page.wait_for_selector(".jupyter-widgets button", state="visible", timeout=180_000)
            out.setdefault(notebook, []).append(time.perf_counter() - t0)
            page.goto("about:blank")
            if server.pool:
                _wait_refilled(server, before)
    ctx.close()
    return out


def floor_times(browser, server, runs: int) -> list[float]:
    ctx = browser.new_context()
    page = sign_in(ctx, server, "bench.floor", "en")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        page.goto(server.url)
        page.wait_for_selector("ul.modules a", state="visible")
        times.append(time.perf_counter() - t0)
    ctx.close()
    return times


def report_times(browser, server) -> tuple[float, float]:
    ctx = browser.new_context()
    page = sign_in(ctx, server, "bench.manager", "en")
    timings = []
    for _ in range(2):
        t0 = time.perf_counter()
        page.goto(f"{server.url}reports?team=T02&from=2026-10-01&to=2026-10-31&lang=en")
        page.frame_locator("iframe.report").locator("h1").first.wait_for(timeout=180_000)
        timings.append(time.perf_counter() - t0)
    ctx.close()
    return timings[0], timings[1]


def main(runs: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = start_app(Path(tmp) / "warm", pool=1)
        try:
            warm.wait_ready()
            floor = statistics.median(floor_times(browser, warm, 10))
            ours = module_times(browser, warm, runs)
            first_report, kept_report = report_times(browser, warm)
        finally:
            warm.stop()
        cold = start_app(Path(tmp) / "cold", pool=0)
        try:
            plain = module_times(browser, cold, 1)
        finally:
            cold.stop()
        browser.close()
    print(f"floor: the start page (no kernel), median of 10: {floor:.2f} s")
    head = ("page", "median s", "x floor", "no-preheat s", "x no-preheat", "every run s")
    print("{:34} {:>9} {:>8} {:>13} {:>13}  {}".format(*head))
    row = "{:34} {:9.2f} {:8.1f} {:13.2f} {:13.2f}  {}"
    for notebook, times in ours.items():
        med, base = statistics.median(times), plain[notebook][0]
        runs = " ".join(f"{x:.2f}" for x in times)
        print(row.format(notebook, med, med / floor, base, med / base, runs))
    for label, secs in (
        ("report T02, first (warm kernel)", first_report),
        ("report T02, again (kept)", kept_report),
    ):
        print(f"{label:34} {secs:9.2f} {secs / floor:8.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
