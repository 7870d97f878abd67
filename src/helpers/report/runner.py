"""Running team coaching reports: papermill in a kept kernel, HTML export, batches.

:class:`ReportRunner` runs the report notebook in a kernel it keeps warm
between reports, so a batch pays the interpreter, import and kernel start-up
costs once per worker instead of once per team; :func:`render_reports` runs a
batch on a few such runners in parallel, shows progress, and renders every
team it can even when one fails. Exports leave out code, prompts, parameter
cells and stderr, embed the figures, and load nothing from the network (the
kit's template in ``templates/coachkit_report``).
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import importlib.util
import logging
import sys
import threading
import types
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.config import REPORT_NOTEBOOK
from helpers.i18n import say, t
from helpers.playbook.models import Locale
from helpers.report.pages import batch_links, nav_html, write_index, write_whole
from helpers.report.params import FACTS, ReportParams
from helpers.report_kernel import KERNEL, start_kernel, stop_kernel

if TYPE_CHECKING:  # nbformat and nbconvert are imported once the kernel is starting
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

log = logging.getLogger(__name__)

REMOVE_TAG = "report-remove"
"""Cells with this tag (notes for developers) are not part of the exported report."""
HIDDEN_TAGS = ("parameters", "injected-parameters", REMOVE_TAG)
CELL_TIMEOUT = 300
"""Seconds one cell of a report may run before the report is abandoned."""
PRELOAD = (
    "import helpers.report.params, helpers.report.sections, helpers.report.figures; "
    "helpers.report.params.report_library()"
)
"""What a new kernel imports and loads while the caller is still getting ready."""
TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "coachkit_report"
"""The nbconvert template of the exported pages (in :data:`TEMPLATES`)."""


def _register_engine() -> str:
    """Register the papermill engine that runs a notebook in a kernel the caller keeps warm."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class WarmKernelEngine(NBClientEngine):
        """papermill's nbclient engine, run in the kernel given as ``km`` and left running."""

        @classmethod
        def execute_managed_notebook(  # type: ignore[override]
            cls,
            nb_man: Any,
            kernel_name: str,
            log_output: bool = False,
            stdout_file: Any = None,
            stderr_file: Any = None,
            start_timeout: int = 60,
            execution_timeout: int | None = None,
            km: Any = None,
            **_: Any,
        ) -> Any:
            client = PapermillNotebookClient(
                nb_man,
                km=km,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=log,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register("coachkit-warm", WarmKernelEngine)
    return "coachkit-warm"


def defer_iri_grammar() -> None:
    """Have ``rfc3987_syntax`` imported when jsonschema first checks an IRI, not when
    jsonschema is imported.

    jsonschema imports it, when installed, to check the ``iri`` formats; it builds a
    grammar as it is imported, which takes seconds, and the notebook schemas nbformat
    validates against use no such format. Until a check needs it, a stand-in takes its place.
    """
    name = "rfc3987_syntax"
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return
    stand_in = types.ModuleType(name)

    def is_valid_syntax(*args: Any, **kwargs: Any) -> Any:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return importlib.import_module(name).is_valid_syntax(*args, **kwargs)

    stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[name] = stand_in


def _drop_noise() -> Any:
    from nbconvert.preprocessors import Preprocessor

    class DropNoise(Preprocessor):
        """Drop stderr streams (warnings, logs) so a report shows only what it means to show."""

        def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
            if cell.get("outputs"):
                cell.outputs = [
                    o
                    for o in cell.outputs
                    if not (o.output_type == "stream" and o.name == "stderr")
                ]
            return cell, resources

    return DropNoise()


def make_exporter() -> HTMLExporter:
    """An HTML exporter that leaves out code, prompts, parameter cells and stderr, and
    anything loaded from the network (the kit's template: JupyterLab's, without MathJax,
    require.js, Mermaid or the widget manager)."""
    defer_iri_grammar()
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=HIDDEN_TAGS, enabled=True), enabled=True
    )
    exporter.register_preprocessor(_drop_noise(), enabled=True)
    return exporter


def to_html(
    nb: NotebookNode,
    title: str,
    exporter: HTMLExporter | None = None,
    locale: Locale = "en",
    nav: str = "",
) -> str:
    """Export an executed report notebook to one self-contained HTML page in ``locale``,
    with ``nav`` (links to other pages) at its top."""
    exporter = exporter or make_exporter()
    exporter.language_code = locale
    resources = {"metadata": {"name": title}, "coachkit_nav": nav}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def report_facts(nb: NotebookNode) -> dict[str, Any]:
    """What an executed report says about itself for the index: team, reps, new hires,
    period (from the header's output metadata; empty if the header did not run)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            facts = output.get("metadata", {}).get("text/html", {}).get(FACTS)
            if facts:
                return dict(facts)
    return {}


def _template(notebook: Path) -> NotebookNode:
    defer_iri_grammar()
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    # each report starts from an empty namespace in the warm kernel
    reset = nbformat.v4.new_code_cell("get_ipython().run_line_magic('reset_selective', '-f .')")
    reset.metadata["tags"] = [REMOVE_TAG]
    nb.cells.insert(0, reset)
    return nb


class ReportRunner:
    """Runs the report notebook in one kernel kept alive between reports.

    Use it from one thread, and ``close`` it (or use it as a context manager)
    when done. A kernel that dies or times out is replaced on the next report.
    """

    def __init__(
        self, notebook: Path = REPORT_NOTEBOOK, timeout: int = CELL_TIMEOUT, km: Any = None
    ) -> None:
        """``km``: a kernel already booting (:func:`helpers.report_kernel.start_kernel`), to
        run the reports in instead of starting one."""
        self.notebook = notebook
        self.timeout = timeout
        self.km: Any = km
        self._preload: Any = None
        self.cwd = Path.cwd()

    # papermill, nbformat and nbconvert load on first use: a kernel started first boots meanwhile
    @cached_property
    def template(self) -> NotebookNode:
        """The report notebook, with a first cell that empties the kernel's namespace."""
        return _template(self.notebook)

    @cached_property
    def exporter(self) -> HTMLExporter:
        """The exporter of every page this runner writes (:func:`make_exporter`)."""
        return make_exporter()

    @cached_property
    def engine(self) -> str:
        """The name of the papermill engine that runs reports in the kept kernel."""
        defer_iri_grammar()
        return _register_engine()

    def __enter__(self) -> ReportRunner:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _kernel(self) -> Any:
        from jupyter_core.utils import run_sync

        if self.km is not None and run_sync(self.km.is_alive)():
            return self.km
        self.close()
        self.km = start_kernel(self.cwd)
        return self.km

    def start(self) -> None:
        """Start the kernel now and have it import the report's modules while the caller
        gets the parameters ready; the first report then finds them loaded.

        Meanwhile this process gets its own part ready (:meth:`prepare`).
        """
        from jupyter_client import BlockingKernelClient

        km = self._kernel()
        if self._preload is None:
            # a plain blocking client: it only sends, from whichever thread runs the report
            self._preload = BlockingKernelClient()
            self._preload.load_connection_info(km.get_connection_info())
            self._preload.start_channels()
            self._preload.execute(PRELOAD, silent=True, store_history=False)
        self.prepare()

    def prepare(self) -> None:
        """Load papermill, the notebook and the exporter, and compile the page templates by
        exporting an empty notebook, so that the first report pays for none of it."""
        defer_iri_grammar()  # before nbformat, which imports jsonschema
        import nbformat
        import papermill  # noqa: F401

        if "template" not in self.__dict__:
            _ = self.template, self.engine
            to_html(nbformat.v4.new_notebook(), "", self.exporter)

    def execute(self, params: ReportParams) -> NotebookNode:
        """Run the notebook with ``params``; return the executed notebook.

        Raises papermill's ``PapermillExecutionError`` when a cell fails, and
        nbclient's ``CellTimeoutError`` or ``DeadKernelError``.
        """
        defer_iri_grammar()
        import papermill

        from helpers.report.params import check_names

        check_names(params.notebook_parameters(), self.notebook)
        km = self._kernel()
        try:
            return papermill.execute_notebook(
                copy.deepcopy(self.template),
                None,
                parameters=params.notebook_parameters(),
                engine_name=self.engine,
                kernel_name=KERNEL,
                progress_bar=False,
                execution_timeout=self.timeout,
                km=km,
            )
        except Exception as exc:
            if type(exc).__name__ in ("CellTimeoutError", "DeadKernelError"):
                self.close()  # never reuse a kernel in an unknown state
            raise

    def render(self, params: ReportParams, out: Path, nav: str = "") -> Path:
        """Run the report for ``params`` and write its HTML to ``out``."""
        return self.render_page(params, out, nav).path

    def render_page(self, params: ReportParams, out: Path, nav: str = "") -> Rendered:
        """Run the report for ``params``, write its HTML (``nav`` at the top) to ``out``,
        and say what it is about (:func:`report_facts`)."""
        html, facts = self._page(params, nav)
        write_whole(out, html)
        return Rendered(out, facts)

    def render_html(self, params: ReportParams, nav: str = "") -> Page:
        """Run the report for ``params`` and return its HTML (``nav`` at the top) and what it
        is about (:func:`report_facts`), writing nothing: for a caller on another machine."""
        html, facts = self._page(params, nav)
        return Page(html.encode("utf-8"), facts)

    def _page(self, params: ReportParams, nav: str) -> tuple[str, dict[str, Any]]:
        nb = self.execute(params)
        period = f"{params.start:%Y-%m-%d} – {params.end:%Y-%m-%d}"
        title = t("report.page_title", params.locale, team=params.team, period=period)
        return to_html(nb, title, self.exporter, params.locale, nav), report_facts(nb)

    def close(self) -> None:
        """Shut the kernel down."""

        if self._preload is not None:
            self._preload.stop_channels()
            self._preload = None
        if self.km is not None:
            try:
                stop_kernel(self.km)
            except Exception:  # already gone
                log.debug("kernel already stopped", exc_info=True)
            self.km = None


@dataclass(frozen=True)
class Page:
    """One report rendered in memory: its HTML page (UTF-8) and what it is about."""

    html: bytes
    facts: dict[str, Any]


@dataclass(frozen=True)
class Rendered:
    """One report written: where, and what it is about."""

    path: Path
    facts: dict[str, Any]


# ------------------------------------------------------------------ batches


@dataclass
class Failure:
    """One team whose report could not be rendered."""

    team: str
    cell: str
    error: str

    def line(self) -> str:
        """``T03: cell 5 (view.cards()): KeyError: 'x'``."""
        return f"{self.team}: {self.cell}: {self.error}"


@dataclass
class BatchResult:
    """What a batch rendered and what failed."""

    rendered: dict[str, Path] = field(default_factory=dict)
    failed: list[Failure] = field(default_factory=list)
    index: Path | None = None
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    """What each rendered report says about itself (:func:`report_facts`), by team."""


def describe_failure(team: str, exc: BaseException) -> Failure:
    """Name the cell and the error of a failed report, without a traceback."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        # cell number in the notebook as committed: the runner's reset and papermill's
        # injected-parameters cells come before any cell that can fail
        lines = [ln.strip() for ln in str(exc.source).splitlines() if ln.strip()]
        n = exc.cell_index - 1
        where = (
            say("op.fail.cell_code", n=n, code=lines[0][:80]) if lines else say("op.fail.cell", n=n)
        )
        return Failure(team, where, f"{exc.ename}: {exc.evalue}".strip())
    if isinstance(exc, OSError):  # a page that could not be written: full disk, no access
        why = exc.strerror or str(exc) or type(exc).__name__
        return Failure(team, say("op.fail.write"), say("op.os_error", path=exc.filename, why=why))
    name = type(exc).__name__
    if name == "CellTimeoutError":
        return Failure(team, say("op.fail.a_cell"), say("op.fail.timeout", s=CELL_TIMEOUT))
    if name == "DeadKernelError":
        return Failure(team, say("op.fail.kernel"), say("op.fail.died"))
    return Failure(team, say("op.fail.run"), f"{name}: {exc}")


def render_reports(
    params: Sequence[ReportParams],
    out_dir: Path,
    workers: int = 2,
    progress: bool = True,
    runner_factory: Callable[[], ReportRunner] = ReportRunner,
) -> BatchResult:
    """Render one report per entry of ``params`` into ``out_dir/<team>.html``, then an index.

    Reports run on ``workers`` warm kernels at once. A report that fails is
    recorded (team, cell, error) and the others still render.
    """
    from tqdm.auto import tqdm

    out_dir.mkdir(parents=True, exist_ok=True)
    result = BatchResult()
    local = threading.local()
    runners: list[ReportRunner] = []
    lock = threading.Lock()
    pages = page_names(p.team for p in params)

    def job(p: ReportParams) -> Rendered:
        runner = getattr(local, "runner", None)
        if runner is None:
            runner = local.runner = runner_factory()
            runner.start()
            with lock:
                runners.append(runner)
        page = f"{pages[p.team]}.html"
        nav = nav_html(batch_links(out_dir, p.locale), page, p.locale)
        return runner.render_page(p, out_dir / page, nav)

    bar = tqdm(total=len(params), desc="reports", unit="team", disable=not progress)
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(params)))) as pool:
            futures = {pool.submit(job, p): p for p in params}
            for future in as_completed(futures):
                p = futures[future]
                try:
                    done = future.result()
                    result.rendered[p.team] = done.path
                    result.facts[p.team] = done.facts
                except Exception as exc:
                    result.failed.append(describe_failure(p.team, exc))
                bar.update(1)
    finally:
        bar.close()
        for runner in runners:
            runner.close()
    if params:
        failed = {f.team: f.line() for f in result.failed}
        result.index = write_index(out_dir, params, result.rendered, failed, result.facts)
    return result


RESERVED_PAGES = frozenset({"index"})
"""Page names a batch uses for itself, never given to a team."""


def _sanitised(team: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in team) or "team"


def _suffixed(team: str, name: str) -> str:
    return f"{name}-{hashlib.sha256(team.encode('utf-8')).hexdigest()[:8]}"


def safe_name(team: str) -> str:
    """A file name (without extension) for a team id, one per id.

    Letters, digits, ``-`` and ``_`` are kept and anything else becomes ``_``;
    when that changed the id (``T/01`` and ``T_01`` would meet), or the name is
    one the batch keeps for itself (``index``), a short hash of the id is added.
    """
    name = _sanitised(team)
    if name != team or name.casefold() in RESERVED_PAGES:
        return _suffixed(team, name)
    return name


def page_names(teams: Iterable[str]) -> dict[str, str]:
    """The file name of each team's page in one batch: :func:`safe_name`, with a hash
    suffix also on ids that differ only in case (one file on Windows or macOS)."""
    names = {team: safe_name(team) for team in dict.fromkeys(teams)}
    folded = Counter(name.casefold() for name in names.values())
    return {
        team: _suffixed(team, name) if folded[name.casefold()] > 1 and name == team else name
        for team, name in names.items()
    }
