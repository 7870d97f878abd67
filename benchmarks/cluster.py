"""Team reports on a Dask cluster, against the in-process batch and against one worker.

Run with ``.venv/bin/python benchmarks/cluster.py`` (``--teams`` sets the batch size).
Everything is measured in this one run, on this machine, for the same teams of one
generated organisation (SQLite store, period 2026-10):

1. in-process: ``render_reports`` with 2 warm kernels (``coachkit reports --workers 2``);
2. a Dask ``LocalCluster`` of 1 worker, then of 2 workers (one thread each), each batch
   twice: first on a fresh cluster (the workers start their report kernels), then again
   (the kernels are warm: what every later batch on a long-lived cluster costs).

Printed with the ratios they are judged by: 1 worker against 2 (how the second worker
pays), the Dask path against the in-process path with the same 2 kernels (what the
scheduler and shipping the pages back cost), and what one report costs a worker: seconds
per report on a warm kernel (wall time, and CPU time, which other work on the machine
does not inflate), and the peak memory of a worker with its kernel, from which
a 500-team batch is reckoned.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil
from distributed import Client, LocalCluster

from helpers import report as reports
from helpers.playbook import load_library
from helpers.report.cluster import render_reports_on_cluster
from helpers.report.ingest import ingest_folder
from helpers.report.params import ReportParams
from helpers.report.runner import render_reports
from helpers.report.sample import SampleSpec, generate
from helpers.store import Store

PERIOD = ("2026-10-01", "2026-10-31")
BIG_BATCH = 500


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


class PeakMemory:
    """The largest resident memory (MiB) of each of some processes with their children
    (a worker and its report kernel), sampled every 20 ms while in the ``with`` block."""

    def __init__(self, pids: list[int]) -> None:
        self.procs = [psutil.Process(pid) for pid in pids]
        self.peaks = [0] * len(pids)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _tree(self, proc: psutil.Process) -> int:
        total = 0
        for p in [proc, *proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # gone between listing and reading
                total += p.memory_info().rss
        return total

    def _sample(self) -> None:
        while not self._stop.is_set():
            for i, proc in enumerate(self.procs):
                with contextlib.suppress(psutil.Error):
                    self.peaks[i] = max(self.peaks[i], self._tree(proc))
            time.sleep(0.02)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def cpu_seconds(self) -> float:
        """CPU time (user and system) used so far by the processes and their children."""
        total = 0.0
        for proc in self.procs:
            for p in [proc, *proc.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    times = p.cpu_times()
                    total += times.user + times.system
        return total

    def mib(self) -> float:
        """The largest peak of one process tree."""
        return max(self.peaks) / 2**20


def make_params(work: Path, n_teams: int) -> list[ReportParams]:
    folder = work / "org"
    generate(folder, SampleSpec(teams=n_teams, reps_per_team=6, months=6, seed=5), load_library())
    url = f"sqlite:///{folder / 'org.sqlite'}"
    store = Store(url)
    ingest_folder(folder, store)
    return reports.batch_params(store.teams(), *PERIOD, url, "en", store.teams)


def on_cluster(
    params: list[ReportParams], work: Path, n_workers: int
) -> tuple[float, float, float, float]:
    """Cold batch, warm batch (seconds), peak memory of one worker (MiB), and the CPU
    seconds the workers and their kernels spent on the warm batch."""
    with (
        LocalCluster(
            n_workers=n_workers, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        address = cluster.scheduler_address
        cold = timed(
            lambda: render_reports_on_cluster(params, work / "cold", address, progress=False)
        )
        pids = list(client.run(os.getpid).values())
        with PeakMemory(pids) as peak:
            cpu = peak.cpu_seconds()
            warm = timed(
                lambda: render_reports_on_cluster(params, work / "warm", address, progress=False)
            )
            cpu = peak.cpu_seconds() - cpu
    return cold, warm, peak.mib(), cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--teams", type=int, default=8, help="teams in the batch")
    ap.add_argument("--keep", type=Path, help="keep the work files in this folder")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="coachkit-bench-cluster-"))
    work.mkdir(parents=True, exist_ok=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs (load {load}), in {work}")
    try:
        params = make_params(work, args.teams)
        n = len(params)
        t_local = timed(lambda: render_reports(params, work / "local", workers=2, progress=False))
        cold1, warm1, mem1, cpu1 = on_cluster(params, work / "one", 1)
        cold2, warm2, mem2, _ = on_cluster(params, work / "two", 2)
        per_report = warm1 / n
        print(f"batch of {n} team reports")
        print(f"   in-process render_reports, 2 kernels          {t_local:8.1f} s")
        print(f"   LocalCluster 1 worker, first batch            {cold1:8.1f} s")
        print(f"   LocalCluster 1 worker, kernels warm           {warm1:8.1f} s")
        print(f"   LocalCluster 2 workers, first batch           {cold2:8.1f} s")
        print(f"   LocalCluster 2 workers, kernels warm          {warm2:8.1f} s")
        print(f"   speed-up 1 worker / 2 workers (warm)          {warm1 / warm2:8.2f}x")
        print(f"   speed-up 1 worker / 2 workers (first batch)   {cold1 / cold2:8.2f}x")
        print(f"   Dask 2 workers / in-process (first batch)     {cold2 / t_local:8.2f}x")
        print(f"   Dask 2 workers / in-process (kernels warm)    {warm2 / t_local:8.2f}x")
        print("per worker (one thread, one kernel)")
        print(f"   seconds per report, kernel warm               {per_report:8.2f} s")
        print(f"   CPU seconds per report (worker and kernel)    {cpu1 / n:8.2f} s")
        print(f"   peak memory, worker and kernel (1 worker)     {mem1:8.0f} MiB")
        print(f"   peak memory, worker and kernel (2 workers)    {mem2:8.0f} MiB")
        for workers in (1, 10, 50):
            minutes = BIG_BATCH / workers * per_report / 60
            print(
                f"   {BIG_BATCH} teams on {workers:>2} workers: "
                f"{BIG_BATCH / workers:5.0f} reports each  {minutes:8.1f} min"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
