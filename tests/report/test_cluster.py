"""Reports on a Dask cluster: a real two-worker LocalCluster on the bundled sample store."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin
from typer.testing import CliRunner

from helpers import report as reports
from helpers.cli import app
from helpers.report import cluster as dask_reports
from helpers.report.cluster import PLUGIN, Job, render_reports_on_cluster
from helpers.report.params import ReportParams
from helpers.report.runner import BatchResult, render_reports

PERIOD = ("2026-10-01", "2026-10-31")
TEAMS = ("T01", "T02", "T03")
STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")
"""When a page was made: the one thing two renderings of a report may differ in."""


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
    ) as c:
        yield c


@pytest.fixture(scope="module")
def client(cluster: LocalCluster) -> Iterator[Client]:
    with Client(cluster.scheduler_address, set_as_default=False) as c:
        yield c


def batch(locale: str = "en") -> list[ReportParams]:
    db = reports.open_store(reports.resolve_store(reports.SAMPLE))
    good = reports.batch_params(TEAMS, *PERIOD, reports.SAMPLE, locale, db.teams)
    ghost = ReportParams("ghost", dt.date(2026, 10, 1), dt.date(2026, 10, 31), good[0].store, "en")
    return [*good, ghost]


@pytest.fixture(scope="module")
def in_process(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchResult]:
    out = tmp_path_factory.mktemp("in-process")
    return out, render_reports(batch(), out, workers=2, progress=False)


@pytest.fixture(scope="module")
def on_cluster(
    cluster: LocalCluster, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, BatchResult]:
    out = tmp_path_factory.mktemp("on-cluster")
    return out, render_reports_on_cluster(batch(), out, cluster.scheduler_address, progress=False)


def kernel_pids(dask_worker: Any) -> list[int]:
    """The process ids of the report kernels a worker keeps."""
    kernels = dask_worker.plugins[PLUGIN]
    return [runner.km.provisioner.pid for runner in list(kernels.runners.queue)]


def test_cluster_writes_what_the_in_process_batch_writes(
    in_process: tuple[Path, BatchResult], on_cluster: tuple[Path, BatchResult]
) -> None:
    (here, local), (there, remote) = in_process, on_cluster
    assert sorted(remote.rendered) == sorted(TEAMS)
    assert {t: p.name for t, p in remote.rendered.items()} == {
        t: p.name for t, p in local.rendered.items()
    }
    assert remote.facts == local.facts and remote.facts["T01"]["reps"] > 0
    for team in TEAMS:
        page = (there / f"{team}.html").read_text("utf-8")
        assert page.count("data:image/png;base64,") >= 4
        assert STAMP.sub("", page) == STAMP.sub("", (here / f"{team}.html").read_text("utf-8"))
    assert remote.index == there / "index.html"
    assert remote.index.read_text("utf-8") == (here / "index.html").read_text("utf-8")


def test_a_failing_team_is_named_and_the_rest_are_written(
    in_process: tuple[Path, BatchResult], on_cluster: tuple[Path, BatchResult]
) -> None:
    (_, local), (there, remote) = in_process, on_cluster
    [failure] = remote.failed
    assert failure.team == "ghost"
    assert failure.error.startswith("ReportParameterError: team: 'ghost' is not in the store")
    assert [f.line() for f in remote.failed] == [f.line() for f in local.failed]
    assert not (there / "ghost.html").exists()
    assert "Not rendered" in (there / "index.html").read_text("utf-8")


def test_each_worker_keeps_its_kernel_warm_between_batches(
    on_cluster: tuple[Path, BatchResult], cluster: LocalCluster, client: Client, tmp_path: Path
) -> None:
    before = client.run(kernel_pids)
    assert len(before) == 2 and all(len(pids) == 1 for pids in before.values())
    params = batch()[:2]
    again = render_reports_on_cluster(params, tmp_path, cluster.scheduler_address, progress=False)
    assert sorted(again.rendered) == ["T01", "T02"]
    assert client.run(kernel_pids) == before


def test_cli_renders_on_the_cluster(cluster: LocalCluster, tmp_path: Path) -> None:
    out = tmp_path / "zh"
    args = ["reports", "--cluster", cluster.scheduler_address, "--store", "sample"]
    args += ["--team", "T04", "--team", "T01", "--from", PERIOD[0], "--to", PERIOD[1]]
    result = CliRunner().invoke(
        app, [*args, "--locale", "zh", "--out", str(out)], env={"COACHKIT_LOCALE": "en"}
    )
    assert result.exit_code == 0, result.output
    assert "reports written: 2 of 2" in result.output
    assert "团队辅导报告：T04" in (out / "T04.html").read_text("utf-8")
    assert 'href="T01.html"' in (out / "index.html").read_text("utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_an_unreachable_scheduler_is_one_line_naming_it(
    locale: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_reports, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{free_port()}"
    args = ["reports", "--cluster", address, "--store", "sample", "--team", "T01"]
    result = CliRunner().invoke(
        app, [*args, "--out", str(tmp_path)], env={"COACHKIT_LOCALE": locale}
    )
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert address in line and "Traceback" not in result.output
    assert ("Dask 调度器" if locale == "zh" else "cannot reach the Dask scheduler") in line
    assert not (tmp_path / "T01.html").exists()


def test_a_scheduler_address_that_is_none_is_a_usage_error(tmp_path: Path) -> None:
    args = ["reports", "--cluster", "nonsense://x:1", "--store", "sample", "--team", "T01"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path)], env={"COACHKIT_LOCALE": "en"})
    assert result.exit_code == 2
    assert "the Dask scheduler address nonsense://x:1 cannot be used" in result.stderr


def test_what_dask_logs_of_a_task_hides_the_store_password() -> None:
    url = "postgresql+psycopg://coach:s3cret@db.example/coachkit"
    job = Job(ReportParams("T01", dt.date(2026, 10, 1), dt.date(2026, 10, 31), url, "en"))
    assert "s3cret" not in repr(job) and "T01" in repr(job) and "db.example" in repr(job)


class DieOnce(WorkerPlugin):
    """Kills its worker's process when the report of ``team`` starts there the first time."""

    name = "die-once"

    def __init__(self, team: str, marker: Path) -> None:
        self.team, self.marker = team, marker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if (
            finish == "executing"
            and str(key).startswith(f"coachkit-report-{self.team}-")
            and not self.marker.exists()
        ):
            self.marker.touch()
            os._exit(1)


def test_a_worker_dying_mid_batch_loses_no_report(
    on_cluster: tuple[Path, BatchResult], cluster: LocalCluster, client: Client, tmp_path: Path
) -> None:
    marker = tmp_path / "died"
    client.register_plugin(DieOnce("T03", marker))
    try:
        params = batch()[:3]
        result = render_reports_on_cluster(
            params, tmp_path / "out", cluster.scheduler_address, progress=False
        )
    finally:
        client.unregister_worker_plugin("die-once")
    assert marker.exists(), "no worker died"
    assert sorted(result.rendered) == ["T01", "T02", "T03"] and not result.failed
    # the worker that took its place started its own kernel
    client.wait_for_workers(2, timeout=60)
    assert all(len(pids) == 1 for pids in client.run(kernel_pids).values())


def test_removing_the_plugin_shuts_the_kernels_down(
    on_cluster: tuple[Path, BatchResult], client: Client
) -> None:
    pids = [pid for found in client.run(kernel_pids).values() for pid in found]
    assert pids and all(psutil.pid_exists(pid) for pid in pids)
    client.unregister_worker_plugin(PLUGIN)

    def gone(pid: int) -> bool:
        try:
            return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True

    assert all(gone(pid) for pid in pids)
