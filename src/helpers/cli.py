"""The ``coachkit`` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from helpers import __version__

app = typer.Typer(
    name="coachkit",
    help="Sales coaching kit: check playbook content, run training, scoring and reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coachkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Sales coaching kit: check playbook content, run training, scoring and reports."""


@app.command()
def lint(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A playbook folder or one YAML file. Default: the configured playbooks."
        ),
    ] = None,
    stats: Annotated[
        bool, typer.Option("--stats", help="Also count what the library holds.")
    ] = False,
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage",
            help="Also show, for each method, the content that teaches it and the criteria "
            "that score it.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
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
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
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
            typer.echo(f"{len(lib.issues)} problem(s) in {files} file(s)", err=True)
        else:
            typer.echo(f"ok: {checked} file(s) checked, no problems", err=True)
    raise typer.Exit(1 if lib.issues else 0)


def _coverage_table(rows: list) -> str:
    def cell(items: list[str]) -> str:
        if not items:
            return "MISSING"
        return ", ".join(items[:3]) + (f" (+{len(items) - 3})" if len(items) > 3 else "")

    head = ("method", "taught by", "scored by")
    body = [(r.key, cell(r.taught_by), cell(r.scored_by)) for r in rows]
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(3)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in body]
    return "\n".join(lines)


@app.command()
def info(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
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


@app.command()
def progress(
    learner: Annotated[str, typer.Option("--learner", help="The learner id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    store_url: Annotated[
        str | None, typer.Option("--store", help="Store URL. Default: COACHKIT_STORE.")
    ] = None,
) -> None:
    """Show a learner's mastery per training module, and how many reviews are due."""
    from helpers import review
    from helpers.playbook import load_library
    from helpers.progress import module_progress
    from helpers.store import Store

    store = Store(store_url)
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
        typer.echo(f"no attempts stored yet for learner {learner!r} in {store}", err=True)
    for r in rows:
        bar = "#" * round(r.mastery * 20)
        typer.echo(
            f"{r.module:<20} [{bar:<20}] {r.mastery:6.1%}  {r.mastered}/{r.exercises} mastered"
        )
    typer.echo(f"reviews due now: {len(due)}")


@app.command("sample-data")
def sample_data(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the CSV files into.")],
    teams: Annotated[int, typer.Option("--teams", min=1, help="Number of teams.")] = 4,
    reps_per_team: Annotated[
        int, typer.Option("--reps-per-team", min=1, help="Reps in each team.")
    ] = 6,
    months: Annotated[int, typer.Option("--months", min=1, help="Months of history.")] = 6,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same files).")] = 7,
) -> None:
    """Write a synthetic sales organisation as CSV files (reps, accounts, contacts, deals,
    training attempts, role-play scores)."""
    from helpers.playbook import load_library
    from helpers.sample import SampleSpec, generate

    spec = SampleSpec(teams=teams, reps_per_team=reps_per_team, months=months, seed=seed)
    counts = generate(out, spec, load_library(strict=False))
    for name, n in counts.items():
        typer.echo(f"{out / (name + '.csv')}: {n} rows")


def _period(start: str | None, end: str | None) -> tuple[str, str]:
    from datetime import date

    from helpers.reports import last_full_month

    first, last = last_full_month(date.today())
    return start or first.isoformat(), end or last.isoformat()


_FROM = typer.Option("--from", help="First day of the period, YYYY-MM-DD. Default: last month.")
_TO = typer.Option("--to", help="Last day of the period, YYYY-MM-DD. Default: last month.")
_LOCALE = typer.Option("--locale", help="Language of the report: zh or en.")
_STORE = typer.Option(
    "--store", help="Store URL, or 'sample' for the bundled sample. Default: COACHKIT_STORE."
)


@app.command()
def report(
    team: Annotated[str, typer.Option("--team", help="The team id (text, e.g. T01).")],
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")],
    start: Annotated[str | None, _FROM] = None,
    end: Annotated[str | None, _TO] = None,
    locale: Annotated[str, _LOCALE] = "en",
    store_url: Annotated[str | None, _STORE] = None,
) -> None:
    """Render one team's coaching report for a period as a self-contained HTML page."""
    from helpers import reports
    from helpers.report_runner import ReportRunner, describe_failure

    first, last = _period(start, end)
    with ReportRunner() as runner:
        runner.start()  # the kernel boots while the parameters are checked
        try:
            url = reports.resolve_store(store_url)
            db = reports.open_store(url)
            params = reports.validate(team, first, last, url, locale, db.teams)
        except reports.ReportParameterError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        try:
            runner.render(params, out)
        except Exception as exc:
            typer.echo(f"error: {describe_failure(team, exc).line()}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"{out}: report for team {params.team}, {params.start} to {params.end}")


@app.command("reports")
def reports_(
    out: Annotated[Path, typer.Option("--out", help="Folder for <team>.html and index.html.")],
    teams: Annotated[
        list[str] | None,
        typer.Option("--team", help="A team id; repeat for several. Default: all."),
    ] = None,
    start: Annotated[str | None, _FROM] = None,
    end: Annotated[str | None, _TO] = None,
    locale: Annotated[str, _LOCALE] = "en",
    store_url: Annotated[str | None, _STORE] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Reports rendered at once (one kernel each).")
    ] = 2,
) -> None:
    """Render every team's coaching report (or the teams given) into a folder, with an index."""
    from helpers import reports

    first, last = _period(start, end)
    try:
        url = reports.resolve_store(store_url)
        db = reports.open_store(url)
        wanted = teams or db.teams()
        if not wanted:
            raise reports.ReportParameterError(f"the store {url} holds no team")
        params = reports.batch_params(wanted, first, last, url, locale, db.teams)
    except reports.ReportParameterError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    from helpers.report_runner import render_reports

    result = render_reports(params, out, workers=workers)
    typer.echo(f"{len(result.rendered)} of {len(params)} reports written to {out}")
    if result.index is not None:
        typer.echo(f"index: {result.index}")
    for failure in result.failed:
        typer.echo(f"failed: {failure.line()}", err=True)
    if result.failed:
        raise typer.Exit(1)


@app.command("export-scores")
def export_scores(
    out: Annotated[Path, typer.Option("--out", help="The CSV file to write.")],
    store_url: Annotated[str | None, _STORE] = None,
) -> None:
    """Write every role-play score in the store to a CSV file (UTF-8 with BOM, opens in Excel).

    Columns: session_id, criterion_id, trainer_id, score (what `coachkit calibrate` reads),
    then rep_id, scenario_id, comment, rubric_version, scored_on.
    """
    from helpers.reports import resolve_store
    from helpers.store import Store

    n = Store(resolve_store(store_url)).export_scores(out)
    typer.echo(f"{out}: {n} scores")


@app.command()
def ingest(
    kind: Annotated[
        str,
        typer.Argument(
            help="reps, accounts, contacts, deals, attempts, scores, or all (FILE is then a "
            "folder of the kit's CSV files, loaded in dependency order)."
        ),
    ],
    file: Annotated[Path, typer.Argument(help="A .csv (UTF-8 or GB18030) or .xlsx file.")],
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", help="YAML file renaming a CRM export's columns and values."),
    ] = None,
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help="Where bad rows go. Default: <FILE stem>.rejects.csv."),
    ] = None,
    store_url: Annotated[
        str | None, typer.Option("--store", help="Store URL. Default: COACHKIT_STORE.")
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="Sheet of an .xlsx file. Default: the first.")
    ] = None,
) -> None:
    """Load reps, accounts, contacts, deals, training attempts or role-play scores.

    Bad rows go to a rejects file with their row number and the reason; the
    good rows are stored in one transaction, and a re-import adds nothing
    twice. Exits 1 without writing anything if the file is unusable as a whole.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from helpers.ingest import IngestError, ingest_folder
    from helpers.ingest import ingest as load
    from helpers.store import Store, describe

    if kind == "all" and (mapping or rejects or sheet):
        typer.echo("error: --mapping, --rejects and --sheet apply to one file, not all", err=True)
        raise typer.Exit(2)
    where = f"store {describe(store_url)}"
    try:
        store = Store(store_url)
    except (SQLAlchemyError, OSError) as exc:
        typer.echo(f"error: {where}: {str(exc).splitlines()[0]}", err=True)
        raise typer.Exit(1) from exc
    try:
        if kind == "all":
            ingest_folder(file, store, progress=True, report=lambda r: typer.echo(r.summary()))
        else:
            typer.echo(load(kind, file, store, mapping, rejects, sheet, progress=True).summary())
    except IngestError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    except SQLAlchemyError as exc:  # e.g. the store is locked or read-only
        typer.echo(f"error: {where}: {str(exc).splitlines()[0]}", err=True)
        raise typer.Exit(1) from exc


@app.command()
def calibrate(
    scores: Annotated[
        Path,
        typer.Option(
            "--scores",
            help="CSV file, one row per score, with the columns session_id, criterion_id, "
            "trainer_id and score (a whole number from 1 to 5); other columns are ignored.",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    locale: Annotated[
        str, typer.Option("--locale", help="Language of the tables and messages: zh or en.")
    ] = "en",
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
    from helpers import calibration

    if locale not in ("zh", "en"):
        typer.echo(f"error: --locale must be zh or en, not {locale!r}", err=True)
        raise typer.Exit(2)
    try:
        frame = calibration.read_scores(scores)
    except ValueError as exc:
        typer.echo(f"error: {' '.join(str(exc).split())}", err=True)
        raise typer.Exit(1) from None
    result = calibration.calibrate(frame)
    lang = "zh" if locale == "zh" else "en"
    if as_json:
        out = result.to_json(lang)
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        typer.echo(calibration.format_report(result, lang))


def main() -> None:
    """Entry point of the ``coachkit`` command."""
    app()
