"""The ``coachkit`` command.

Every command reports a mistake as one line, in the operator's language
(``COACHKIT_LOCALE`` or the system locale), never as a traceback, and exits
0 when it worked, 1 for bad data or a run that failed, 2 for a usage error.

One module on purpose: every command is a thin function over ``helpers``,
and keeping them together keeps ``coachkit --help`` and this file in step.
The help texts come from the message catalogue (``cli.*`` keys) in the
operator's language, read once when the command line is defined; the
docstrings of the command functions are for developers.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import click
import typer
from typer.core import TyperCommand, TyperGroup

from helpers import __version__
from helpers.errors import FAILURE, USAGE, KitError, log_unexpected
from helpers.i18n import say

EXIT_CODES = say("cli.exit_codes")


def _with_help_text(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = say("cli.help")
    return option


class _Command(TyperCommand):
    """A command whose ``--help`` option is described in the operator's language."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _with_help_text(super().get_help_option(ctx))


class _Group(TyperGroup):
    """A group whose ``--help`` option is described in the operator's language."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _with_help_text(super().get_help_option(ctx))


app = typer.Typer(
    name="coachkit",
    cls=_Group,
    help=say("cli.coachkit"),
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(say("op.error", message=" ".join(str(message).split())), err=True)
    return typer.Exit(code)


def _out_folder(folder: Path) -> None:
    """Create the folder a command writes into, or stop with one line naming it."""
    from helpers.errors import DataError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = exc.strerror or str(exc) or type(exc).__name__
        raise DataError("op.no_out_folder", path=folder, why=why) from None


def _store_detail(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = [ln.strip() for ln in str(orig).splitlines() if ln.strip()]
    return lines[0] if lines else type(orig).__name__


def command(*args: Any, group: typer.Typer | None = None, **kwargs: Any) -> Callable[[F], F]:
    """``app.command`` (or ``group.command``), with every failure shown as one line and the
    exit code it deserves."""

    def register(func: F) -> F:
        @functools.wraps(func)
        def run(*a: Any, **kw: Any) -> Any:
            from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

            try:
                return func(*a, **kw)
            except (typer.Exit, typer.Abort):
                raise
            except KitError as exc:
                raise _fail(str(exc), exc.exit_code) from None
            except (ArgumentError, NoSuchModuleError) as exc:
                raise _fail(say("op.store.bad_url", detail=_store_detail(exc)), USAGE) from None
            except SQLAlchemyError as exc:
                raise _fail(say("op.store.failed", detail=_store_detail(exc)), FAILURE) from None
            except OSError as exc:
                why = exc.strerror or str(exc) or type(exc).__name__
                if exc.filename:
                    raise _fail(say("op.os_error", path=exc.filename, why=why), FAILURE) from None
                raise _fail(why, FAILURE) from None
            except KeyboardInterrupt:
                raise _fail(say("op.interrupted"), 130) from None
            except Exception as exc:
                path = log_unexpected(exc)
                key = "op.unexpected_logged" if path else "op.unexpected"
                detail = f"{type(exc).__name__}: {exc}"
                raise _fail(say(key, detail=detail, log=path), FAILURE) from None

        (group or app).command(*args, cls=_Command, epilog=EXIT_CODES, **kwargs)(run)
        return func

    return register


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coachkit {__version__}")
        raise typer.Exit()


class Kind(StrEnum):
    """What ``coachkit ingest`` loads."""

    reps = "reps"
    accounts = "accounts"
    contacts = "contacts"
    deals = "deals"
    attempts = "attempts"
    scores = "scores"
    opportunities = "opportunities"
    customer_events = "customer_events"
    receivables = "receivables"
    all = "all"


class Lang(StrEnum):
    """A language of the kit."""

    zh = "zh"
    en = "en"


_STORE_URL = typer.Option("--store", help=say("cli.opt.store"))


def _open_store(url: str | None, create: bool = True) -> Any:
    """The store at ``url`` (``sample``, a URL, or None for ``COACHKIT_STORE``), opened and
    migrated (``create`` False: only read, never created or migrated); a URL that is not
    one, or a store that cannot be opened, is one plain line."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    from helpers import report
    from helpers.errors import DataError, UsageError
    from helpers.store.engine import describe_any

    resolved = report.resolve_store(url)
    try:
        return report.open_store(resolved, create=create)
    except (ArgumentError, NoSuchModuleError):
        raise UsageError("op.param.store_url", value=describe_any(resolved)) from None
    except SQLAlchemyError as exc:
        raise DataError(
            "op.store.unreachable", url=describe_any(resolved), detail=_store_detail(exc)
        ) from None


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=say("cli.version"))
    ] = False,
) -> None:
    """Sales coaching kit: check playbook content, run training, scoring and reports."""


@command(help=say("cli.lint"), short_help=say("cli.lint.short"))
def lint(
    path: Annotated[
        Path | None,
        typer.Argument(help=say("cli.lint.path")),
    ] = None,
    stats: Annotated[bool, typer.Option("--stats", help=say("cli.lint.stats"))] = False,
    coverage: Annotated[
        bool,
        typer.Option("--coverage", help=say("cli.lint.coverage")),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=say("cli.opt.json"))] = False,
) -> None:
    """Check playbook content and list every problem with its file and line.

    Exits 1 if there is any problem, 0 if there is none. Methods that nothing
    teaches or scores are listed by --stats and --coverage but are not errors.
    """
    from helpers.playbook.coverage import coverage as build_coverage
    from helpers.playbook.coverage import uncovered
    from helpers.playbook.library import find_files
    from helpers.playbook.library import lint as run_lint
    from helpers.playbook.method_checks import length_shares

    try:
        lib = run_lint(path)
    except FileNotFoundError as exc:
        raise _fail(say("op.lint.no_path", path=path), USAGE) from exc
    root = lib.root if lib.root.is_dir() else lib.root.parent
    rows = build_coverage(lib)
    if as_json:
        out: dict[str, object] = {}
        if stats:
            out.update(lib.stats())
            out.update(length_shares(lib))
            out["errors"] = len(lib.issues)
            out["uncovered_methods"] = uncovered(rows)
        if coverage:
            out["coverage"] = [
                {
                    "method": r.key,
                    "taught_by": r.taught_by,
                    "scored_by": r.scored_by,
                    "covered": r.covered,
                }
                for r in rows
            ]
        out["ok"] = not lib.issues
        out["issues"] = [
            {
                "file": str(i.file),
                "line": i.line,
                "field": i.field,
                "message": i.message,
                "code": i.code,
            }
            for i in lib.issues
        ]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for issue in lib.issues:
            typer.echo(issue.format(root))
        if stats:
            counts: dict[str, float | None] = {**lib.stats(), **length_shares(lib)}
            counts["errors"] = len(lib.issues)
            width = max(len(k) for k in counts)
            for key, value in counts.items():
                typer.echo(f"{key:<{width}}  {'-' if value is None else value}")
            gaps = uncovered(rows)
            typer.echo(f"{'uncovered_methods':<{width}}  {', '.join(gaps) if gaps else '-'}")
        if coverage:
            typer.echo(_coverage_table(rows))
        files = len({i.file for i in lib.issues})
        checked = len(lib.files)
        if path is not None:
            checked = 1 if path.is_file() else len(find_files(path))
        if lib.issues:
            typer.echo(say("op.lint.problems", n=len(lib.issues), files=files), err=True)
        else:
            typer.echo(say("op.lint.ok", n=checked), err=True)
    raise typer.Exit(1 if lib.issues else 0)


def _coverage_table(rows: list) -> str:
    def cell(items: list[str]) -> str:
        if not items:
            return say("op.coverage.missing")
        return ", ".join(items[:3]) + (f" (+{len(items) - 3})" if len(items) > 3 else "")

    head = (say("op.coverage.method"), say("op.coverage.taught"), say("op.coverage.scored"))
    body = [(r.key, cell(r.taught_by), cell(r.scored_by)) for r in rows]
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(3)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in body]
    return "\n".join(lines)


@command(help=say("cli.info"), short_help=say("cli.info.short"))
def info(
    as_json: Annotated[bool, typer.Option("--json", help=say("cli.opt.json"))] = False,
) -> None:
    """Show the settings in force: folders, store URL (password hidden) and version."""
    from helpers import store
    from helpers.config import get_settings

    s = get_settings()
    out = {
        "version": __version__,
        "home": str(s.home),
        "playbooks": str(s.playbooks),
        "data": str(s.data),
        "var": str(s.var),
        "store": store.describe(s.store),
    }
    if as_json:
        typer.echo(json.dumps(out, indent=2))
    else:
        for key, value in out.items():
            typer.echo(f"{key:<10} {value}")


@command(help=say("cli.progress"), short_help=say("cli.progress.short"))
def progress(
    learner: Annotated[str, typer.Option("--learner", help=say("cli.progress.learner"))],
    as_json: Annotated[bool, typer.Option("--json", help=say("cli.opt.json"))] = False,
    store_url: Annotated[str | None, _STORE_URL] = None,
) -> None:
    """Show a learner's mastery per training module, and how many reviews are due."""
    from helpers.learner import review
    from helpers.learner.progress import module_progress
    from helpers.playbook import load_library

    store = _open_store(store_url)
    lib = load_library(strict=False)
    rows = module_progress(lib, store, learner)
    due = review.due(store, learner)
    known = learner in store.learners()
    if as_json:
        out = {
            "learner": learner,
            "known": known,
            "modules": [r.to_json() for r in rows],
            "reviews_due": len(due),
        }
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if not known:
        typer.echo(say("op.progress.unknown", learner=repr(learner)), err=True)
    for r in rows:
        bar = "#" * round(r.mastery * 20)
        done = say("op.progress.mastered", done=r.mastered, of=r.exercises)
        typer.echo(f"{r.module:<20} [{bar:<20}] {r.mastery:6.1%}  {done}")
    typer.echo(say("op.progress.due", n=len(due)))


@command("sample-data", help=say("cli.sample_data"), short_help=say("cli.sample_data.short"))
def sample_data(
    out: Annotated[Path, typer.Option("--out", help=say("cli.sample_data.out"))],
    teams: Annotated[int, typer.Option("--teams", min=1, help=say("cli.sample_data.teams"))] = 4,
    reps_per_team: Annotated[
        int, typer.Option("--reps-per-team", min=1, help=say("cli.sample_data.reps_per_team"))
    ] = 6,
    months: Annotated[int, typer.Option("--months", min=1, help=say("cli.sample_data.months"))] = 6,
    seed: Annotated[int, typer.Option("--seed", help=say("cli.sample_data.seed"))] = 7,
) -> None:
    """Write a synthetic sales organisation as CSV files (reps, accounts, contacts, deals,
    training attempts, role-play scores)."""
    from helpers.playbook import load_library
    from helpers.report.sample import SampleSpec, generate

    spec = SampleSpec(teams=teams, reps_per_team=reps_per_team, months=months, seed=seed)
    counts = generate(out, spec, load_library(strict=False))
    for name, n in counts.items():
        typer.echo(say("op.sample.file", path=out / f"{name}.csv", n=n))


def _period(start: str | None, end: str | None) -> tuple[str, str]:
    from datetime import date

    from helpers.report.params import last_full_month

    first, last = last_full_month(date.today())
    return start or first.isoformat(), end or last.isoformat()


_FROM = typer.Option("--from", help=say("cli.opt.from"))
_TO = typer.Option("--to", help=say("cli.opt.to"))
_LOCALE = typer.Option("--locale", help=say("cli.opt.report_locale"))
_STORE = typer.Option("--store", help=say("cli.opt.store_or_sample"))


@command(help=say("cli.report"), short_help=say("cli.report.short"))
def report(
    team: Annotated[str, typer.Option("--team", help=say("cli.report.team"))],
    out: Annotated[Path, typer.Option("--out", help=say("cli.report.out"))],
    start: Annotated[str | None, _FROM] = None,
    end: Annotated[str | None, _TO] = None,
    locale: Annotated[str, _LOCALE] = "en",
    store_url: Annotated[str | None, _STORE] = None,
) -> None:
    """Render one team's coaching report for a period as a self-contained HTML page."""
    from helpers.report_kernel import start_kernel, stop_kernel

    kernel = start_kernel(Path.cwd())  # boots while the rest is imported
    try:
        from helpers import report as reports
        from helpers.report.runner import ReportRunner, describe_failure

        first, last = _period(start, end)
    except BaseException:
        stop_kernel(kernel)
        raise
    with ReportRunner(km=kernel) as runner:
        runner.start()  # the kernel boots while the parameters are checked
        db = _open_store(store_url, create=False)
        params = reports.validate(team, first, last, db.url, locale, db.teams, db.access_limited())
        _out_folder(out.parent)
        try:
            runner.render(params, out)
        except OSError:
            raise  # shown as the file and why it could not be written
        except Exception as exc:
            raise _fail(describe_failure(team, exc).line(), FAILURE) from None
    typer.echo(
        say("op.report.written", path=out, team=params.team, start=params.start, end=params.end)
    )


@command("reports", help=say("cli.reports"), short_help=say("cli.reports.short"))
def reports_(
    out: Annotated[Path, typer.Option("--out", help=say("cli.reports.out"))],
    teams: Annotated[
        list[str] | None,
        typer.Option("--team", help=say("cli.reports.team")),
    ] = None,
    start: Annotated[str | None, _FROM] = None,
    end: Annotated[str | None, _TO] = None,
    locale: Annotated[str, _LOCALE] = "en",
    store_url: Annotated[str | None, _STORE] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help=say("cli.reports.workers"))] = 2,
    cluster: Annotated[
        str | None,
        typer.Option("--cluster", metavar="ADDRESS", help=say("cli.reports.cluster")),
    ] = None,
) -> None:
    """Render every team's coaching report (or the teams given) into a folder, with an index."""
    from helpers import report as reports
    from helpers.errors import DataError
    from helpers.store import describe

    first, last = _period(start, end)
    db = _open_store(store_url, create=False)
    wanted = teams or db.teams()
    if not wanted:
        if db.access_limited():
            raise DataError("op.reports.no_team_yours", url=describe(db.url))
        raise DataError("op.reports.no_team", url=describe(db.url))
    params = reports.batch_params(
        wanted, first, last, db.url, locale, db.teams, db.access_limited()
    )
    _out_folder(out)
    if cluster:
        from helpers.report.cluster import render_reports_on_cluster

        result = render_reports_on_cluster(params, out, cluster)
    else:
        from helpers.report.runner import render_reports

        result = render_reports(params, out, workers=workers)
    typer.echo(say("op.reports.written", done=len(result.rendered), total=len(params), path=out))
    if result.index is not None:
        typer.echo(say("op.reports.index", path=result.index))
    for failure in result.failed:
        typer.echo(say("op.reports.failed", line=failure.line()), err=True)
    if result.failed:
        raise typer.Exit(FAILURE)


@command("export-scores", help=say("cli.export_scores"), short_help=say("cli.export_scores.short"))
def export_scores(
    out: Annotated[Path, typer.Option("--out", help=say("cli.export_scores.out"))],
    store_url: Annotated[str | None, _STORE] = None,
) -> None:
    """Write every role-play score in the store to a CSV file (UTF-8 with BOM, opens in Excel).

    Columns: session_id, criterion_id, trainer_id, score (as first submitted, blind: what
    `coachkit calibrate` reads), revised_score (the value after a revision, if any), then
    rep_id, scenario_id, comment, rubric_version, scored_on. A text that a spreadsheet
    would run as a formula (starting with =, +, -, @, a tab or a carriage return) is
    written with a ' before it.
    """
    from helpers.errors import DataError

    if not out.parent.is_dir():
        raise DataError("op.no_folder", path=out.parent)
    n = _open_store(store_url, create=False).export_scores(out)
    typer.echo(say("op.export.written", path=out, n=n))


@command(help=say("cli.ingest"), short_help=say("cli.ingest.short"))
def ingest(
    kind: Annotated[
        Kind,
        typer.Argument(help=say("cli.ingest.kind")),
    ],
    file: Annotated[Path, typer.Argument(help=say("cli.ingest.file"))],
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", help=say("cli.ingest.mapping")),
    ] = None,
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help=say("cli.ingest.rejects")),
    ] = None,
    store_url: Annotated[str | None, _STORE_URL] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help=say("cli.ingest.sheet"))] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help=say("cli.ingest.encoding")),
    ] = None,
    derive_id: Annotated[
        bool,
        typer.Option("--derive-id", help=say("cli.ingest.derive_id")),
    ] = False,
    header_row: Annotated[
        int | None,
        typer.Option("--header-row", min=1, help=say("cli.ingest.header_row")),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help=say("cli.ingest.check")),
    ] = False,
    draft: Annotated[
        Path | None,
        typer.Option(
            "--draft-mapping",
            metavar="OUT.yaml",
            help=say("cli.ingest.draft_mapping"),
        ),
    ] = None,
) -> None:
    """Load reps, accounts, contacts, deals, training attempts, role-play scores, opportunity
    assessments, customer events or receivables.

    Bad rows go to a rejects file with their row number and the reason; the
    good rows are stored in one transaction, and a re-import adds nothing
    twice. Exits 1 without writing anything if the file is unusable as a whole.
    A CRM export: start with --draft-mapping, then --mapping with --check.
    """
    from helpers.errors import UsageError
    from helpers.report.ingest import ingest as load
    from helpers.report.ingest import ingest_folder
    from helpers.report.ingest.draft import draft_mapping

    one_file = (mapping, rejects, sheet, encoding, derive_id, header_row, check, draft)
    if kind is Kind.all and any(one_file):
        raise UsageError("op.ingest.one_file_options")
    if draft is not None:
        draft_mapping(kind.value, file, draft, sheet, encoding, header_row)
        typer.echo(say("op.ingest.draft_written", path=draft))
        return
    store = _open_store(store_url)
    if kind is Kind.all:
        ingest_folder(file, store, progress=True, report=lambda r: typer.echo(r.summary()))
    else:
        result = load(
            kind.value, file, store, mapping, rejects, sheet, True, encoding, derive_id,
            header_row, check,
        )  # fmt: skip
        for line in result.report():
            typer.echo(line)


@command(help=say("cli.calibrate"), short_help=say("cli.calibrate.short"))
def calibrate(
    scores: Annotated[
        Path | None,
        typer.Option("--scores", help=say("cli.calibrate.scores")),
    ] = None,
    revised: Annotated[
        bool,
        typer.Option("--revised", help=say("cli.calibrate.revised")),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=say("cli.opt.json"))] = False,
    locale: Annotated[Lang, typer.Option("--locale", help=say("cli.calibrate.locale"))] = Lang.en,
    store_url: Annotated[str | None, _STORE] = None,
) -> None:
    """Show how well trainers agree when they score the same role-plays.

    Per criterion: Krippendorff's alpha (ordinal), the ICC (two-way random,
    absolute agreement: ICC(2,1) and ICC(2,k)) with 95% confidence intervals,
    and quadratic-weighted kappa for pairs of trainers. Per trainer: severity,
    the mean offset from the other trainers' scores (negative = harsher), with
    its 95% confidence interval. Flags criteria whose agreement is too low to
    trust and trainers far harsher or more lenient than the others. A figure
    with too little data behind it is left out and the reason is given.

    Exits 1 with one line on stderr if the file cannot be used.
    """
    from helpers.trainer import calibration

    lang = locale.value
    if scores is not None:
        source = calibration.load_scores(scores, revised=revised)
    else:
        source = calibration.load_scores(store=_open_store(store_url), revised=revised)
    result = calibration.calibrate(source.frame)
    if as_json:
        out = {**result.to_json(lang), "source": source.note(lang)}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        typer.echo(source.note(lang), err=True)
        typer.echo(calibration.format_report(result, lang))


@command("app", help=say("cli.app"), short_help=say("cli.app.short"))
def serve_app(
    host: Annotated[str, typer.Option("--host", help=say("cli.app.host"))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help=say("cli.opt.port"))] = 8866,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="COACHKIT_APP_TOKEN", help=say("cli.app.token")),
    ] = None,
    pool: Annotated[
        int,
        typer.Option(
            "--pool",
            min=0,
            envvar="COACHKIT_APP_POOL",
            help=say("cli.app.pool"),
        ),
    ] = 1,
    reports_store: Annotated[
        str | None,
        typer.Option("--reports-store", help=say("cli.app.reports_store")),
    ] = None,
    hub: Annotated[
        bool,
        typer.Option("--hub", help=say("cli.app.hub")),
    ] = False,
) -> None:
    """Serve the kit in a browser: start page, training modules, trainer pages, team reports."""
    from helpers.app.server import AppOptions, hub_options, make_app, new_token

    if hub:
        from helpers.app.hub import HUB_ENVS, missing_hub_env

        if missing := missing_hub_env():
            raise _fail(say("op.app.no_hub", names=", ".join(missing)), 2)
        options = hub_options(pool, reports_store)
        server = make_app(options)
        person = os.environ[HUB_ENVS[-1]]
        typer.echo(say("op.app.hub_serving", person=person, url=options.base_url))
        server.start()
        return
    chosen = token or new_token()
    options = AppOptions(host, port, chosen, pool, reports_store)
    server = make_app(options)
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    typer.echo(say("op.app.serving", url=f"http://{shown}:{port}/?token={chosen}"))
    server.start()


@command(help=say("cli.lab"), short_help=say("cli.lab.short"))
def lab(
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help=say("cli.opt.port"))] = 8888,
) -> None:
    """Open JupyterLab on the notebooks; saving never keeps live widgets that could not reopen."""
    from helpers.config import NOTEBOOKS
    from helpers.lab import lab_arguments

    os.execv(sys.executable, [sys.executable, "-m", "jupyterlab", *lab_arguments(NOTEBOOKS, port)])


def _group(name: str, help: str, short_help: str) -> typer.Typer:
    """A group of subcommands (``coachkit NAME ...``)."""
    group = typer.Typer(
        cls=_Group,
        help=help,
        short_help=short_help,
        epilog=EXIT_CODES,
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    app.add_typer(group, name=name)
    return group


people_app = _group("people", say("cli.people"), say("cli.people.short"))
db_app = _group("db", say("cli.db"), say("cli.db.short"))

_TEAM = typer.Option("--team", help=say("cli.people.team"))
_ROLE = typer.Argument(help=say("cli.people.role"))
_PERSON = typer.Argument(help=say("cli.people.person"))


@command(
    "list",
    group=people_app,
    help=say("cli.people.list"),
    short_help=say("cli.people.list.short"),
)
def people_list(
    team: Annotated[str | None, typer.Option("--team", help=say("cli.people.list.team"))] = None,
    store_url: Annotated[str | None, _STORE_URL] = None,
) -> None:
    """List people with their roles, teams and where each role came from."""
    store = _open_store(store_url)
    people = store.people(team)
    if not people:
        typer.echo(say("op.people.none"), err=True)
        return
    head = (say("op.people.col_person"), say("op.people.col_name"), say("op.people.col_roles"))
    body = [
        (
            p.person_id,
            p.name,
            ", ".join(f"{r}{':' + t if t else ''} ({s})" for r, t, s in p.roles)
            or say("op.people.no_roles"),
        )
        for p in people
    ]
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(2)]
    for row in [head, *body]:
        typer.echo(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}".rstrip())


def _sync_login(store: Any, person: str) -> None:
    """On PostgreSQL, make the person's database login (if any) follow their roles now."""
    from helpers.store import access

    if access.sync_login(store.engine, person):
        typer.echo(say("op.people.login_synced", person=person))


def _role_label(role: str, team: str | None) -> str:
    return f"{role}:{team}" if team else role


@command(
    "grant",
    group=people_app,
    help=say("cli.people.grant"),
    short_help=say("cli.people.grant.short"),
)
def people_grant(
    person: Annotated[str, _PERSON],
    role: Annotated[str, _ROLE],
    team: Annotated[str | None, _TEAM] = None,
    store_url: Annotated[str | None, _STORE_URL] = None,
) -> None:
    """Give a person a role (a manager or learner role names a team with --team)."""
    from helpers.store.people import person_key

    store = _open_store(store_url)
    person = person_key(person)
    label = _role_label(role, team)
    if store.grant_role(person, role, team or ""):
        typer.echo(say("op.people.granted", person=person, role=label))
        _sync_login(store, person)
    else:
        typer.echo(say("op.people.already", person=person, role=label))


@command(
    "revoke",
    group=people_app,
    help=say("cli.people.revoke"),
    short_help=say("cli.people.revoke.short"),
)
def people_revoke(
    person: Annotated[str, _PERSON],
    role: Annotated[str, _ROLE],
    team: Annotated[str | None, typer.Option("--team", help=say("cli.people.revoke.team"))] = None,
    store_url: Annotated[str | None, _STORE_URL] = None,
) -> None:
    """Take a role from a person, whatever gave it (reps file, admin, hub groups)."""
    from helpers.store.people import person_key

    store = _open_store(store_url)
    person = person_key(person)
    label = _role_label(role, team)
    from_reps = any(
        (r, s) == (role, "reps") and (team is None or t == team)
        for r, t, s in store.role_rows(person)
    )
    n = store.revoke_role(person, role, team)
    if not n:
        typer.echo(say("op.people.not_held", person=person, role=label))
        return
    typer.echo(say("op.people.revoked", person=person, role=label, n=n))
    if from_reps:
        typer.echo(say("op.people.from_reps"), err=True)
    _sync_login(store, person)


@command(
    "init-roles",
    group=db_app,
    help=say("cli.db.init_roles"),
    short_help=say("cli.db.init_roles.short"),
)
def db_init_roles(
    store_url: Annotated[
        str,
        typer.Option(
            "--store",
            help=say("cli.db.init_roles.store"),
        ),
    ],
) -> None:
    """On PostgreSQL: bring the schema up to date, then create the group roles (learner,
    trainer, manager, admin), their grants and the row-level security policies. Safe to
    run again; run it after every upgrade of the kit."""
    from helpers.store import access
    from helpers.store.engine import describe_any

    access.init_roles(store_url)
    names = ", ".join(access.GROUPS.values())
    typer.echo(say("op.db.roles_ready", url=describe_any(store_url), roles=names))


@command("check", group=db_app, help=say("cli.db.check"), short_help=say("cli.db.check.short"))
def db_check(
    store_url: Annotated[str | None, _STORE_URL] = None,
) -> None:
    """Check the store: schema at the newest version, every table present, on PostgreSQL
    the roles and row-level security policies; print the rows per table (those the
    connecting user may see). Exits 1 on any problem. Changes nothing."""
    from helpers.errors import DataError
    from helpers.store import get_engine
    from helpers.store import store_url as resolve
    from helpers.store.access import check
    from helpers.store.engine import describe_any

    url = resolve(store_url)
    engine = get_engine(url)
    try:
        result = check(engine)
    finally:
        engine.dispose()
    for table, n in result.counts.items():
        typer.echo(say("op.db.count", table=table, n=n))
    shown = describe_any(url)
    if not result.ok:
        problems = "; ".join(say(k, **v) for k, v in result.problems)
        raise DataError("op.db.check_failed", url=shown, problems=problems)
    from helpers.store import HEAD

    typer.echo(say("op.db.check_ok", url=shown, head=HEAD, tables=len(result.counts)))


@command(
    "upgrade",
    group=db_app,
    help=say("cli.db.upgrade"),
    short_help=say("cli.db.upgrade.short"),
)
def db_upgrade(
    store_url: Annotated[str | None, _STORE_URL] = None,
) -> None:
    """Bring the store's schema up to this version of the kit (run it as the store's owner;
    safe to run again). On PostgreSQL, run db init-roles afterwards."""
    from helpers.store import HEAD, describe

    store = _open_store(store_url)
    typer.echo(say("op.db.upgraded", url=describe(store.url), head=HEAD))


def main() -> None:
    """Entry point of the ``coachkit`` command."""
    app()


if __name__ == "__main__":
    main()
