"""Rendering a batch of team reports on an existing Dask distributed cluster.

Each worker keeps warm report kernels (one :class:`~helpers.report.runner.ReportRunner`
per worker thread) for as long as :class:`ReportKernels` stays registered, so a batch,
and the next one, pays the kernel start-up once per worker thread rather than once per
team. A task renders one team's page on the worker and returns its HTML; the client
writes the pages and the index, so the output folder is local to the client and the
workers need no shared disk.

The workers read the store themselves: its URL (in the parameters) must be reachable
from every worker: a PostgreSQL server, or a SQLite file on a path every worker sees
the same way. The workers need the same coachkit installed as the client.

A worker that dies mid-batch loses its task to the scheduler, which runs it on another
worker (up to ``distributed.scheduler.allowed-failures`` times, then the team is named
as failed with ``KilledWorker``); a report that fails in its notebook is not retried.
"""

from __future__ import annotations

import asyncio
import queue
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.errors import KitError, UsageError
from helpers.report.pages import batch_links, nav_html, write_index, write_whole
from helpers.report.params import ReportParams
from helpers.report.runner import (
    BatchResult,
    Failure,
    Page,
    ReportRunner,
    describe_failure,
    page_names,
    safe_name,
)
from helpers.store.engine import describe_any

if TYPE_CHECKING:
    from distributed import Worker

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # the cluster extra is not installed: the module still imports
    WorkerPlugin = object  # type: ignore[assignment,misc]

PLUGIN = "coachkit-report-kernels"
"""The name :class:`ReportKernels` is registered under on a cluster."""
KEY_PREFIX = "coachkit-report"
"""Task keys read ``coachkit-report-<team>-<random>`` (on the dashboard too)."""
CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the scheduler before giving up."""


class ClusterUnreachable(KitError):
    """The Dask scheduler at the given address did not answer."""


class ClusterUnready(KitError):
    """The cluster's workers could not start a report kernel."""


class ReportKernels(WorkerPlugin):
    """A worker plugin that keeps one warm :class:`ReportRunner` per worker thread.

    The kernels start when the plugin is set up on a worker (at registration, or when a
    worker joins later) and shut down at teardown (the worker closes, or the plugin is
    removed with ``client.unregister_worker_plugin``). Registering it again under the same
    name keeps the kernels already running.
    """

    name = PLUGIN
    idempotent = True

    def __init__(self) -> None:
        self.runners: queue.Queue[ReportRunner] = queue.Queue()

    def __getstate__(self) -> dict[str, Any]:
        return {}  # kernels are never shipped: each worker starts its own

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]

    async def setup(self, worker: Worker) -> None:
        """Start and warm one kernel per worker thread, off the worker's event loop."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._start, worker.state.nthreads)

    async def teardown(self, worker: Worker) -> None:
        """Shut every kernel down."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._close)

    def _start(self, n: int) -> None:
        for _ in range(max(1, n)):
            runner = ReportRunner()
            runner.start()
            self.runners.put(runner)

    def _close(self) -> None:
        while True:
            try:
                runner = self.runners.get_nowait()
            except queue.Empty:
                return
            runner.close()


@dataclass(frozen=True)
class Job:
    """One team's report as sent to a worker: its parameters and the links at its top.

    Its ``repr`` (what Dask logs when a task fails) hides the store's password.
    """

    params: ReportParams
    nav: str = ""

    def __repr__(self) -> str:
        return f"Job(team={self.params.team!r}, store={describe_any(self.params.store)!r})"


def render_team(job: Job) -> Page:
    """Render one team's report on this worker's warm kernels; return the page.

    Runs on a Dask worker where :class:`ReportKernels` is registered; writes nothing.
    """
    from distributed import get_worker

    kernels: ReportKernels = get_worker().plugins[PLUGIN]  # type: ignore[assignment]
    runner = kernels.runners.get()
    try:
        return runner.render_html(job.params, job.nav)
    finally:
        kernels.runners.put(runner)


def connect(address: str, timeout: float | None = None) -> Any:
    """A ``distributed.Client`` of the scheduler at ``address`` (waiting ``timeout``
    seconds for it, default :data:`CONNECT_TIMEOUT`).

    Raises
    ------
    UsageError
        If ``address`` is not a scheduler address, or Dask is not installed.
    ClusterUnreachable
        If no scheduler answers there in time.
    """
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("op.cluster.no_dask") from None
    try:
        return Client(address, timeout=timeout or CONNECT_TIMEOUT, set_as_default=False)
    except ValueError as exc:
        raise UsageError("op.cluster.bad_address", address=address, detail=str(exc)) from None
    except OSError as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise ClusterUnreachable("op.cluster.unreachable", address=address, detail=detail) from None


def _failure(p: ReportParams, exc: BaseException) -> Failure:
    failure = describe_failure(p.team, exc)
    # a worker's error may quote the store URL; never show its password
    failure.error = failure.error.replace(p.store, describe_any(p.store))
    return failure


def render_reports_on_cluster(
    params: Sequence[ReportParams],
    out_dir: Path,
    address: str,
    progress: bool = True,
    connect_timeout: float | None = None,
) -> BatchResult:
    """Render one report per entry of ``params`` on the Dask cluster at ``address`` into
    ``out_dir/<team>.html``, then an index: what :func:`~helpers.report.runner.render_reports`
    writes, with the same failure lines.

    Every worker thread renders on a warm kernel (:class:`ReportKernels`, left registered
    so the next batch finds the kernels warm); the pages come back to this process, which
    writes them. A report that fails is recorded (team, cell, error) and the others still
    render.

    Raises
    ------
    UsageError
        If ``address`` is not a scheduler address.
    ClusterUnreachable
        If no scheduler answers at ``address``.
    ClusterUnready
        If the workers cannot start a report kernel (coachkit missing on a worker).
    """
    from tqdm.auto import tqdm

    out_dir.mkdir(parents=True, exist_ok=True)
    result = BatchResult()
    with connect(address, connect_timeout) as client:
        from distributed import as_completed

        try:
            client.register_plugin(ReportKernels())
        except Exception as exc:
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())
            raise ClusterUnready("op.cluster.no_kernel", address=address, detail=detail) from None
        futures = {}
        pages = page_names(p.team for p in params)
        for p in params:
            page = f"{pages[p.team]}.html"
            nav = nav_html(batch_links(out_dir, p.locale), page, p.locale)
            key = f"{KEY_PREFIX}-{safe_name(p.team)}-{uuid.uuid4().hex[:12]}"
            futures[client.submit(render_team, Job(p, nav), key=key)] = p
        bar = tqdm(total=len(params), desc="reports", unit="team", disable=not progress)
        try:
            for future in as_completed(futures, loop=client.loop):
                p = futures[future]
                try:
                    done: Page = future.result()
                except Exception as exc:
                    result.failed.append(_failure(p, exc))
                else:
                    path = out_dir / f"{pages[p.team]}.html"
                    write_whole(path, done.html.decode("utf-8"))
                    result.rendered[p.team] = path
                    result.facts[p.team] = done.facts
                bar.update(1)
        finally:
            bar.close()
    if params:
        failed = {f.team: f.line() for f in result.failed}
        result.index = write_index(out_dir, params, result.rendered, failed, result.facts)
    return result
