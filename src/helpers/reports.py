"""Team coaching reports: parameters, the papermill run, HTML export and the batch runner.

A report is ``notebooks/reports/team_coaching.ipynb`` run by papermill with
one team's parameters and exported by nbconvert to HTML with no code and no
parameter cells. :class:`ReportRunner` keeps a kernel warm between reports,
so a batch pays the interpreter, import and kernel start-up costs once per
worker instead of once per team; :func:`render_reports` runs a batch on a few
such runners in parallel, shows progress, and renders every team it can even
when one fails.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import keyword
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from nbformat import NotebookNode

from helpers.config import REPORT_NOTEBOOK, get_settings
from helpers.playbook.models import LOCALES, Locale

log = logging.getLogger(__name__)

SAMPLE = "sample"
"""The store value that means the bundled sample organisation."""
REMOVE_TAG = "report-remove"
"""Cells with this tag (notes for developers) are not part of the exported report."""
HIDDEN_TAGS = ("parameters", "injected-parameters", REMOVE_TAG)
CELL_TIMEOUT = 300
"""Seconds one cell of a report may run before the report is abandoned."""
KERNEL = "python3"


class ReportParameterError(ValueError):
    """A report parameter is not usable; the message is one line naming it."""


# ------------------------------------------------------------------ parameters


@dataclass(frozen=True)
class ReportParams:
    """The validated parameters of one team's report."""

    team: str
    start: dt.date
    end: dt.date
    store: str
    locale: Locale

    def notebook_parameters(self) -> dict[str, str]:
        """The values papermill injects: every one a string, so ids stay text."""
        return {
            "team": self.team,
            "period_start": self.start.isoformat(),
            "period_end": self.end.isoformat(),
            "store": self.store,
            "locale": self.locale,
        }


def _date(name: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ReportParameterError(
            f"{name}: {value!r} is not a date; use YYYY-MM-DD, e.g. 2026-10-31"
        ) from None


def resolve_store(store: str | None) -> str:
    """The store URL a report reads: ``sample`` is the bundled sample organisation's store,
    None or empty the configured store (``COACHKIT_STORE``)."""
    settings = get_settings()
    if store is None or not str(store).strip():
        assert settings.store is not None
        return settings.store
    if store == SAMPLE:
        return settings.sample_store
    return str(store)


def open_store(url: str) -> Any:
    """Open the store at ``url``.

    The sample store is derived from ``data/sample``: it is (re)built, into a
    new file swapped in whole, when it is missing or older than the CSV files.
    """
    from helpers.store import Store

    settings = get_settings()
    if url == settings.sample_store:
        build_sample_store(settings.sample_data, Path(url.removeprefix("sqlite:///")))
    return Store(url)


def build_sample_store(folder: Path, db: Path) -> bool:
    """Load the sample CSV files of ``folder`` into the SQLite file ``db`` if it is out of date.

    Returns True when it was (re)built.
    """
    from helpers.ingest import ingest_folder
    from helpers.store import Store

    sources = sorted(folder.glob("*.csv"))
    if not sources:
        raise ReportParameterError(f"store: no sample data in {folder}; run `make sample`")
    newest = max(p.stat().st_mtime for p in sources)
    if db.exists() and db.stat().st_mtime >= newest:
        return False
    db.parent.mkdir(parents=True, exist_ok=True)
    part = db.with_name(f".{db.name}.{threading.get_ident()}.part")
    part.unlink(missing_ok=True)
    store = Store(f"sqlite:///{part}")
    ingest_folder(folder, store)
    store.engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    part.replace(db)
    return True


def validate(
    team: object,
    period_start: object,
    period_end: object,
    store: str | None = None,
    locale: str = "en",
    teams: Callable[[], Sequence[str]] | None = None,
) -> ReportParams:
    """Check a report's parameters before anything runs.

    Parameters
    ----------
    team : str
        The team id. It must be text: ``7`` is refused because ``"007"`` and
        ``"7"`` are different teams.
    period_start, period_end : str or date
        First and last day of the period (``YYYY-MM-DD``); the period may not be empty.
    store : str, optional
        ``sample``, a SQLAlchemy URL, or None for the configured store.
    locale : str
        ``zh`` or ``en``.
    teams : callable, optional
        Returns the teams in the store; when given, the team must be one of them.

    Raises
    ------
    ReportParameterError
        Naming the first bad parameter and what was expected, in one line.
    """
    if not isinstance(team, str):
        raise ReportParameterError(
            f'team: {team!r} is a {type(team).__name__}; a team id is text (write "{team}")'
        )
    team = team.strip()
    if not team or len(team) > 64 or not team.isprintable():
        raise ReportParameterError(f"team: {team!r} is not a team id (1-64 printable characters)")
    start = _date("period_start", period_start)
    end = _date("period_end", period_end)
    if end < start:
        raise ReportParameterError(
            f"period_end: {end} is before period_start {start}; the period is empty"
        )
    if locale not in LOCALES:
        raise ReportParameterError(f"locale: {locale!r} is not one of {', '.join(LOCALES)}")
    url = resolve_store(store)
    try:
        from sqlalchemy.engine import make_url

        make_url(url)
    except Exception:
        raise ReportParameterError(f"store: {url!r} is not a database URL") from None
    if teams is not None:
        known = list(teams())
        if team not in known:
            listed = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
            raise ReportParameterError(
                f"team: {team!r} is not in the store; teams there: {listed or 'none'}"
            )
    return ReportParams(team, start, end, url, locale)  # type: ignore[arg-type]


def check_names(parameters: dict[str, object], notebook: Path = REPORT_NOTEBOOK) -> None:
    """Refuse parameter names that are not identifiers or that the notebook does not declare.

    papermill pastes names into code unescaped, and only warns about unknown ones.
    """
    import papermill

    declared = set(papermill.inspect_notebook(str(notebook)))
    for name in parameters:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ReportParameterError(f"parameter name {name!r} is not a Python identifier")
        if name not in declared:
            raise ReportParameterError(
                f"parameter {name!r} is not declared by {notebook.name}; "
                f"it takes {', '.join(sorted(declared))}"
            )


def load(
    team: str,
    period_start: str,
    period_end: str,
    store: str | None = SAMPLE,
    locale: str = "en",
) -> Any:
    """Validate the parameters, read the team's records and compute its report.

    This is what the report notebook calls; it returns a
    :class:`helpers.report_sections.ReportView` whose methods the next cells show.
    """
    from helpers import store as store_mod
    from helpers.metrics import Period
    from helpers.playbook import load_library
    from helpers.report_sections import ReportView
    from helpers.team_report import build

    url = resolve_store(store)
    db = open_store(url)
    params = validate(team, period_start, period_end, url, locale, db.teams)
    records = db.team_records(params.team, params.end)
    lib = load_library(strict=False)
    report = build(records, lib, Period(params.start, params.end))
    return ReportView(report, lib, params.locale, store_mod.describe(url), dt.datetime.now(dt.UTC))


# ------------------------------------------------------------------ execution


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


class _DropNoise(Preprocessor):
    """Drop stderr streams (warnings, logs) so a report shows only what it means to show."""

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        if cell.get("outputs"):
            cell.outputs = [
                o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")
            ]
        return cell, resources


def make_exporter() -> HTMLExporter:
    """An HTML exporter that leaves out code, prompts, parameter cells and stderr."""
    exporter = HTMLExporter(
        template_name="lab",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=HIDDEN_TAGS, enabled=True), enabled=True
    )
    exporter.register_preprocessor(_DropNoise(), enabled=True)
    return exporter


def to_html(nb: NotebookNode, title: str, exporter: HTMLExporter | None = None) -> str:
    """Export an executed report notebook to one self-contained HTML page."""
    exporter = exporter or make_exporter()
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def _template(notebook: Path) -> NotebookNode:
    nb = nbformat.read(notebook, as_version=4)
    # each report starts from an empty namespace in the warm kernel
    reset = nbformat.v4.new_code_cell("get_ipython().run_line_magic('reset_selective', '-f .')")
    reset.metadata["tags"] = [REMOVE_TAG]
    nb.cells.insert(0, reset)
    return nb


def _write(path: Path, text: str) -> None:
    """Write a file whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.part")
    part.write_text(text, encoding="utf-8")
    part.replace(path)


class ReportRunner:
    """Runs the report notebook in one kernel kept alive between reports.

    Use it from one thread, and ``close`` it (or use it as a context manager)
    when done. A kernel that dies or times out is replaced on the next report.
    """

    def __init__(self, notebook: Path = REPORT_NOTEBOOK, timeout: int = CELL_TIMEOUT) -> None:
        self.notebook = notebook
        self.timeout = timeout
        self.template = _template(notebook)
        self.exporter = make_exporter()
        self.engine = _register_engine()
        self.km: Any = None

    def __enter__(self) -> ReportRunner:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _kernel(self) -> Any:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if self.km is not None and run_sync(self.km.is_alive)():
            return self.km
        self.close()
        self.km = AsyncKernelManager(kernel_name=KERNEL)
        # the kernel's own log (its TCP warning) is not for a manager's terminal
        run_sync(self.km.start_kernel)(
            cwd=str(self.notebook.parent), extra_arguments=["--IPKernelApp.log_level=ERROR"]
        )
        return self.km

    def execute(self, params: ReportParams) -> NotebookNode:
        """Run the notebook with ``params``; return the executed notebook.

        Raises papermill's ``PapermillExecutionError`` when a cell fails, and
        nbclient's ``CellTimeoutError`` or ``DeadKernelError``.
        """
        import papermill

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

    def render(self, params: ReportParams, out: Path) -> Path:
        """Run the report for ``params`` and write its HTML to ``out``."""
        nb = self.execute(params)
        title = f"{params.team} {params.start:%Y-%m-%d} – {params.end:%Y-%m-%d}"
        _write(out, to_html(nb, title, self.exporter))
        return out

    def close(self) -> None:
        """Shut the kernel down."""
        from jupyter_core.utils import run_sync

        if self.km is not None:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # already gone
                log.debug("kernel already stopped", exc_info=True)
            self.km = None


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


def describe_failure(team: str, exc: BaseException) -> Failure:
    """Name the cell and the error of a failed report, without a traceback."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        # cell number in the notebook as committed: the runner's reset and papermill's
        # injected-parameters cells come before any cell that can fail
        lines = [ln.strip() for ln in str(exc.source).splitlines() if ln.strip()]
        where = f"cell {exc.cell_index - 1}" + (f" ({lines[0][:80]})" if lines else "")
        return Failure(team, where, f"{exc.ename}: {exc.evalue}".strip())
    name = type(exc).__name__
    if name == "CellTimeoutError":
        return Failure(team, "a cell", f"timed out after {CELL_TIMEOUT} s")
    if name == "DeadKernelError":
        return Failure(team, "the kernel", "died while running the report")
    return Failure(team, "the run", f"{name}: {exc}")


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

    def job(p: ReportParams) -> Path:
        runner = getattr(local, "runner", None)
        if runner is None:
            runner = local.runner = runner_factory()
            with lock:
                runners.append(runner)
        return runner.render(p, out_dir / f"{safe_name(p.team)}.html")

    bar = tqdm(total=len(params), desc="reports", unit="team", disable=not progress)
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(params)))) as pool:
            futures = {pool.submit(job, p): p for p in params}
            for future in as_completed(futures):
                p = futures[future]
                try:
                    result.rendered[p.team] = future.result()
                except Exception as exc:
                    result.failed.append(describe_failure(p.team, exc))
                bar.update(1)
    finally:
        bar.close()
        for runner in runners:
            runner.close()
    if params:
        result.index = write_index(out_dir, params, result)
    return result


def safe_name(team: str) -> str:
    """A file name for a team id (letters, digits, ``-`` and ``_`` kept)."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in team) or "team"


def write_index(out_dir: Path, params: Sequence[ReportParams], result: BatchResult) -> Path:
    """Write ``index.html`` linking every team's report, and naming the failures."""
    from helpers.i18n import t

    first = params[0]
    loc = first.locale
    period = f"{first.start:%Y-%m-%d} – {first.end:%Y-%m-%d}"
    rows = []
    failed = {f.team: f for f in result.failed}
    for p in sorted(params, key=lambda p: p.team):
        team = html.escape(p.team)
        if p.team in result.rendered:
            link = html.escape(result.rendered[p.team].name)
            cell = f'<a href="{link}">{html.escape(t("report.index.open", loc))}</a>'
        else:
            why = failed[p.team].line() if p.team in failed else ""
            cell = html.escape(t("report.index.failed", loc, why=why))
        rows.append(f"<tr><td>{team}</td><td>{cell}</td></tr>")
    title = html.escape(t("report.index.title", loc, period=period))
    head = (
        f"<th>{html.escape(t('report.col.team', loc))}</th>"
        f"<th>{html.escape(t('report.col.report', loc))}</th>"
    )
    page = (
        f'<!DOCTYPE html><html lang="{loc}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>body{{font-family:sans-serif;margin:2rem}}"
        "td,th{padding:.3rem 1rem;border-bottom:1px solid #ddd;text-align:left}</style>"
        f"</head><body><h1>{title}</h1><table><tr>{head}</tr>{''.join(rows)}</table></body></html>"
    )
    path = out_dir / "index.html"
    _write(path, page)
    return path


def batch_params(
    teams: Iterable[str],
    period_start: object,
    period_end: object,
    store: str | None,
    locale: str,
    known: Callable[[], Sequence[str]],
) -> list[ReportParams]:
    """Validate every team's parameters before anything runs."""
    names = list(known())
    return [
        validate(team, period_start, period_end, store, locale, lambda: names) for team in teams
    ]


def last_full_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month before ``today``'s: the default report period."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end
