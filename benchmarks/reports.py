"""How fast coaching reports render, against the naive way and against their floor.

Run with ``.venv/bin/python benchmarks/reports.py`` (``--skip-big`` leaves out the
10-million-contact organisation, which takes several minutes to generate and load).
Everything is measured in this one run, on this machine:

1. batch: ``coachkit reports`` against two baselines with the same number of
   workers: the naive way (for each team, the ``papermill`` CLI, then the
   ``jupyter nbconvert`` CLI, in as many parallel shell loops) and what a skilled
   engineer would write (papermill's and nbconvert's Python APIs in as many
   worker processes, imports paid once per worker, a new kernel per report);
2. one report: a warm ``ReportRunner`` (papermill in a kept kernel, then
   nbconvert) against its floor, a warm process that only computes the same
   figures and writes them as HTML;
3. scale: an organisation of about 10 million contacts: ingest throughput in
   rows per second, then one team's report (warm runner and cold CLI) with its
   time and peak memory: the command and its kernel together, summed over the
   process tree while it runs.

Each figure is printed with the ratio it is judged by.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import multiprocessing as mp
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from IPython.display import HTML, Image

from helpers import report as reports
from helpers.config import REPORT_NOTEBOOK
from helpers.playbook import load_library
from helpers.report.ingest import ingest_folder
from helpers.report.runner import ReportRunner
from helpers.report.sample import SampleSpec, generate
from helpers.store import Store

BIN = Path(sys.executable).parent
PERIOD = ("2026-10-01", "2026-10-31")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up
    return statistics.median(timed(fn) for _ in range(repeats))


def timed_peak(cmd: list[str | Path]) -> tuple[float, float]:
    """Wall time and peak memory (MiB) of a command and every process it starts.

    The resident memory of the whole process tree (the command, its report
    kernel, their children) is summed every 20 ms and the largest sum kept:
    what the machine must hold at once, not the largest single process.
    """
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.DEVNULL)
    root, peak = psutil.Process(proc.pid), 0

    def rss(p: psutil.Process) -> int:
        try:
            return p.memory_info().rss
        except psutil.Error:  # gone between listing and reading
            return 0

    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, sum(map(rss, [root, *root.children(recursive=True)])))
        time.sleep(0.02)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return time.perf_counter() - start, peak / 2**20


def run(*cmd: str | Path) -> None:
    subprocess.run([str(c) for c in cmd], check=True, capture_output=True)


def make_org(folder: Path, spec: SampleSpec) -> str:
    generate(folder, spec, load_library())
    url = f"sqlite:///{folder / 'org.sqlite'}"
    ingest_folder(folder, Store(url))
    return url


# ------------------------------------------------------------------ 1. batch


def naive_team(url: str, team: str, out: Path) -> None:
    """What one would write without the kit, for one team: two CLIs."""
    nb = out / f"{team}.ipynb"
    run(
        BIN / "papermill", REPORT_NOTEBOOK, nb, "--no-progress-bar",
        "-r", "team", team, "-r", "period_start", PERIOD[0], "-r", "period_end", PERIOD[1],
        "-r", "store", url, "-r", "locale", "en",
    )  # fmt: skip
    run(
        BIN / "jupyter", "nbconvert", "--to", "html", "--no-input",
        "--TagRemovePreprocessor.remove_cell_tags=parameters",
        "--TagRemovePreprocessor.remove_cell_tags=injected-parameters",
        "--TagRemovePreprocessor.remove_cell_tags=report-remove", nb,
    )  # fmt: skip


def naive(url: str, teams: list[str], out: Path, workers: int) -> None:
    """The naive way in ``workers`` parallel shell loops."""
    out.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda team: naive_team(url, team, out), teams))


def _skilled_init() -> None:
    import nbconvert  # noqa: F401  (paid once per worker)
    import papermill  # noqa: F401


def _skilled_team(job: tuple[str, str, str]) -> None:
    import papermill
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    url, team, out = job
    nb = papermill.execute_notebook(
        str(REPORT_NOTEBOOK),
        None,
        parameters={"team": team, "period_start": PERIOD[0], "period_end": PERIOD[1],
                    "store": url, "locale": "en"},
        progress_bar=False,
        cwd=out,
    )  # fmt: skip
    exporter = HTMLExporter(template_name="lab", exclude_input=True)
    tags = ("parameters", "injected-parameters", "report-remove")
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=tags), enabled=True)
    html, _ = exporter.from_notebook_node(nb)
    Path(out, f"{team}.html").write_text(html, encoding="utf-8")


def skilled(url: str, teams: list[str], out: Path, workers: int) -> None:
    """papermill's and nbconvert's Python APIs in ``workers`` worker processes."""
    out.mkdir(parents=True, exist_ok=True)
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_skilled_init) as pool:
        pool.map(_skilled_team, [(url, team, str(out)) for team in teams])


def batch(work: Path, n_teams: int, workers: int) -> None:
    url = make_org(work / "org20", SampleSpec(teams=n_teams, reps_per_team=6, months=6, seed=5))
    teams = Store(url).teams()
    t_naive = timed(lambda: naive(url, teams, work / "naive", workers))
    t_skilled = timed(lambda: skilled(url, teams, work / "skilled", workers))
    cmd = [BIN / "coachkit", "reports", "--store", url, "--out", work / "kit"]
    cmd += ["--workers", str(workers), "--from", PERIOD[0], "--to", PERIOD[1]]
    t_kit, peak = timed_peak(cmd)
    print(f"1. batch of {len(teams)} team reports, {workers} workers each")
    print(f"   naive: papermill CLI + nbconvert CLI per team  {t_naive:8.1f} s")
    print(f"   skilled: papermill + nbconvert APIs in a pool  {t_skilled:8.1f} s")
    print(f"   coachkit reports (warm kernels)               {t_kit:8.1f} s")
    print(f"   its peak memory (command and kernels)         {peak:8.0f} MiB")
    print(f"   speed-up naive / coachkit                     {t_naive / t_kit:8.1f}x")
    print(f"   speed-up skilled / coachkit                   {t_skilled / t_kit:8.1f}x")


# ------------------------------------------------------------------ 2. floor


def floor_report(url: str, team: str, out: Path) -> None:
    """The same figures and sections, computed in this process and written as one page."""
    view = reports.load(team, *PERIOD, url, "en")
    parts = []
    for section in view.sections():
        if isinstance(section, HTML):
            parts.append(section.data)
        elif isinstance(section, Image):
            data = base64.b64encode(section.data).decode()
            parts.append(f'<img src="data:image/png;base64,{data}">')
    out.write_text("<!DOCTYPE html><html><body>" + "".join(parts) + "</body></html>", "utf-8")


def one_report(url: str, team: str, work: Path, repeats: int = 5) -> tuple[float, float]:
    t_floor = median(lambda: floor_report(url, team, work / "floor.html"), repeats)
    params = reports.validate(team, *PERIOD, url, "en")
    with ReportRunner() as runner:
        t_warm = median(lambda: runner.render(params, work / "warm.html"), repeats)
    return t_floor, t_warm


def floor(work: Path) -> None:
    url = f"sqlite:///{work / 'org20' / 'org.sqlite'}"
    team = Store(url).teams()[0]
    t_floor, t_warm = one_report(url, team, work)
    print(f"2. one report (team {team}, median of 5 after a warm-up)")
    print(f"   floor: compute the figures, write HTML        {t_floor:8.2f} s")
    print(f"   ReportRunner: papermill + nbconvert, warm      {t_warm:8.2f} s")
    print(
        f"   ratio runner / floor                          {t_warm / t_floor:8.2f}x  (goal <= 1.5x)"
    )


# ------------------------------------------------------------------ 3. scale


def contacts_per_rep(months: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        counts = generate(Path(tmp), SampleSpec(teams=4, reps_per_team=10, months=months, seed=1),
                          load_library())  # fmt: skip
    return counts["contacts"] / 40


def large_spec(target: int = 10_000_000) -> SampleSpec:
    """The large organisation: 500 teams of 10 reps, 12 months, about ``target`` contacts."""
    months, reps_per_team, teams = 12, 10, 500
    leads = 8.0 * target / (contacts_per_rep(months) * teams * reps_per_team)
    return SampleSpec(
        teams=teams, reps_per_team=reps_per_team, months=months, seed=9, leads_per_rep_month=leads
    )


def scale(work: Path, target: int, reuse: bool = False) -> None:
    folder = work / "big"
    url = f"sqlite:///{folder / 'org.sqlite'}"
    if reuse and (folder / "org.sqlite").exists():
        store = Store(url)
        print(f"3. scale: reusing {folder}, {store.count('contacts'):,} contacts")
    else:
        spec = large_spec(target)
        t_gen = timed(lambda: generate(folder, spec, load_library()))
        rows = {p.stem: sum(1 for _ in p.open()) - 1 for p in folder.glob("*.csv")}
        store = Store(url)
        t_ingest = timed(lambda: ingest_folder(folder, store))
        total = sum(rows.values())
        n_reps, n_contacts = spec.teams * spec.reps_per_team, rows["contacts"]
        print(f"3. scale: {n_reps} reps in {spec.teams} teams, {n_contacts:,} contacts")
        print(f"   generated in                                  {t_gen:8.1f} s")
        print(f"   ingest all {total:,} rows                    {t_ingest:8.1f} s")
        print(f"   ingest throughput                             {total / t_ingest:8.0f} rows/s")
    team = store.teams()[len(store.teams()) // 2]
    t_floor, t_warm = one_report(url, team, work, repeats=3)
    print(f"   one team ({team}), floor in a warm process     {t_floor:8.2f} s")
    print(f"   one team, warm ReportRunner                    {t_warm:8.2f} s  (goal < 5 s)")
    cmd = [BIN / "coachkit", "report", "--team", team, "--store", url, "--out", work / "x.html"]
    t_cold, peak = timed_peak([*cmd, "--from", PERIOD[0], "--to", PERIOD[1]])
    print(f"   one team, cold `coachkit report` (new kernel)  {t_cold:8.2f} s")
    print(f"   its peak memory (command and kernel)          {peak:8.0f} MiB  (goal < 1536 MiB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--teams", type=int, default=20, help="teams in the batch comparison")
    ap.add_argument("--workers", type=int, default=2, help="workers for every batch way")
    ap.add_argument("--contacts", type=int, default=10_000_000, help="contacts at scale")
    ap.add_argument("--skip-big", action="store_true", help="leave out the scale test (3)")
    ap.add_argument("--only-big", action="store_true", help="run only the scale test (3)")
    ap.add_argument("--reuse", action="store_true", help="reuse the big store in --keep's folder")
    ap.add_argument("--keep", type=Path, help="keep the work files in this folder")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="coachkit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{dt.datetime.now():%Y-%m-%d %H:%M}, work files in {work}")
    try:
        if not args.only_big:
            batch(work, args.teams, args.workers)
            floor(work)
        if not args.skip_big:
            scale(work, args.contacts, args.reuse)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
