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
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Check playbook content and list every problem with its file and line.

    Exits 1 if there is any problem, 0 if there is none.
    """
    from helpers.playbook.library import lint as run_lint

    try:
        lib = run_lint(path)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    root = lib.root if lib.root.is_dir() else lib.root.parent
    if as_json:
        out: dict[str, object] = {}
        if stats:
            out.update(lib.stats())
            out["errors"] = len(lib.issues)
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
            counts = lib.stats()
            counts["errors"] = len(lib.issues)
            width = max(len(k) for k in counts)
            for key, value in counts.items():
                typer.echo(f"{key:<{width}}  {value}")
        files = len({i.file for i in lib.issues})
        checked = 1 if path is not None and path.is_file() else len(lib.files)
        if lib.issues:
            typer.echo(f"{len(lib.issues)} problem(s) in {files} file(s)", err=True)
        else:
            typer.echo(f"ok: {checked} file(s) checked, no problems", err=True)
    raise typer.Exit(1 if lib.issues else 0)


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


def main() -> None:
    """Entry point of the ``coachkit`` command."""
    app()
