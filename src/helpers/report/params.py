"""Team coaching reports: their parameters, checked before anything runs, and what the
report notebook loads.

A report is ``notebooks/reports/team_coaching.ipynb`` run with one team's
parameters; :mod:`helpers.report.runner` runs and exports it. This module is
imported inside the report's kernel, so it stays light (no papermill or
nbconvert here).
"""

from __future__ import annotations

import datetime as dt
import keyword
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.config import REPORT_NOTEBOOK, get_settings
from helpers.errors import UsageError
from helpers.playbook.models import LOCALES, Locale

if TYPE_CHECKING:  # light at run time: the report kernel imports this module first
    from helpers.playbook.library import Library
    from helpers.report.sections import ReportView
    from helpers.store import Store

SAMPLE = "sample"
"""The store value that means the bundled sample organisation."""
FACTS = "coachkit_report"
"""Key of the report header's output metadata: what the index page shows about a report
(team, reps, new hires, period)."""


class ReportParameterError(UsageError):
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
        raise ReportParameterError("op.param.date", name=name, value=repr(value)) from None


def masked(url: str) -> str:
    """A store URL fit for a message: any password replaced by ``***``, even in a malformed URL."""
    from helpers.store.engine import describe_any

    return describe_any(url)


def resolve_store(store: str | None) -> str:
    """The store URL a report reads: ``sample`` is the bundled sample organisation's store,
    None or empty the configured store (``COACHKIT_STORE``)."""
    from sqlalchemy.exc import ArgumentError

    from helpers.store.engine import store_url

    settings = get_settings()
    if store == SAMPLE:
        return settings.sample_store
    given = None if store is None or not str(store).strip() else str(store).strip()
    try:
        return store_url(given)
    except ArgumentError:
        raise ReportParameterError("op.param.store_url", value=masked(given or "")) from None


def open_store(url: str, create: bool = False) -> Store:
    """Open the store at ``url`` to read it: a report never creates or migrates a store
    (``create``: a command that may, see :class:`helpers.store.Store`).

    The sample store is derived from ``data/sample``: it is (re)built, into a
    new file swapped in whole, when it is missing or older than the CSV files.

    Raises
    ------
    DataError
        If the store does not exist, is empty or is not at this kit's schema.
    """
    from helpers.store import Store

    settings = get_settings()
    if url == settings.sample_store:
        # the kit's own file, derived from data/sample: brought up to this version like any
        # other derived file
        build_sample_store(settings.sample_data, Path(url.removeprefix("sqlite:///")))
        return Store(url, create=True)
    return Store(url, create=create)


def build_sample_store(folder: Path, db: Path) -> bool:
    """Load the sample CSV files of ``folder`` into the SQLite file ``db`` if it is out of date.

    Returns True when it was (re)built.
    """
    from helpers.report.ingest import ingest_folder
    from helpers.store import Store

    sources = sorted(folder.glob("*.csv"))
    if not sources:
        raise ReportParameterError("op.param.no_sample", folder=folder)
    newest = max(p.stat().st_mtime for p in sources)
    if db.exists() and db.stat().st_mtime >= newest:
        return False
    db.parent.mkdir(parents=True, exist_ok=True)
    part = db.with_name(f".{db.name}.{os.getpid()}.{threading.get_ident()}.part")
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
    limited: bool = False,
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
    limited : bool
        The store's user sees only some teams (:meth:`helpers.store.Store.access_limited`):
        a team not among them is named as one this login may not read.

    Raises
    ------
    ReportParameterError
        Naming the first bad parameter and what was expected, in one line.
    """
    if not isinstance(team, str):
        raise ReportParameterError(
            "op.param.team_type", value=repr(team), type=type(team).__name__, text=team
        )
    team = team.strip()
    if not team or len(team) > 64 or not team.isprintable():
        raise ReportParameterError("op.param.team", value=repr(team))
    start = _date("period_start", period_start)
    end = _date("period_end", period_end)
    if end < start:
        raise ReportParameterError("op.param.empty_period", start=start, end=end)
    if locale not in LOCALES:
        raise ReportParameterError(
            "op.param.locale", value=repr(locale), locales=", ".join(LOCALES)
        )
    url = resolve_store(store)
    try:
        from sqlalchemy.engine import make_url

        make_url(url)
    except Exception:
        raise ReportParameterError("op.param.store_url", value=masked(url)) from None
    if teams is not None:
        known = list(teams())
        if team not in known:
            listed = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
            if limited and not known:
                raise ReportParameterError("op.param.no_team_yours", team=repr(team))
            if limited:
                raise ReportParameterError("op.param.team_not_yours", team=repr(team), teams=listed)
            if not known:
                raise ReportParameterError("op.param.no_teams", team=repr(team))
            raise ReportParameterError("op.param.unknown_team", team=repr(team), teams=listed)
    return ReportParams(team, start, end, url, locale)  # type: ignore[arg-type]


def check_names(parameters: dict[str, object], notebook: Path = REPORT_NOTEBOOK) -> None:
    """Refuse parameter names that are not identifiers or that the notebook does not declare.

    papermill pastes names into code unescaped, and only warns about unknown ones.
    """
    import papermill

    declared = set(papermill.inspect_notebook(str(notebook)))
    for name in parameters:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ReportParameterError("op.param.name", name=repr(name))
        if name not in declared:
            raise ReportParameterError(
                "op.param.undeclared",
                name=repr(name),
                notebook=notebook.name,
                declared=", ".join(sorted(declared)),
            )


def load(
    team: str,
    period_start: str,
    period_end: str,
    store: str | None = SAMPLE,
    locale: str = "en",
) -> ReportView:
    """Validate the parameters, read the team's records and compute its report.

    This is what the report notebook calls; it returns a
    :class:`helpers.report.sections.ReportView` whose methods the next cells show.
    """
    from helpers.report.figures import build, contacts_from
    from helpers.report.metrics import Period
    from helpers.report.sections import ReportView

    url = resolve_store(store)
    db = open_store(url)
    params = validate(team, period_start, period_end, url, locale, db.teams, db.access_limited())
    lib = report_library()
    period = Period(params.start, params.end)
    records = db.team_records(params.team, params.end, contacts_from(lib, period))
    report = build(records, lib, period)
    # the page names the kind of data only: a store's address may hold a path or a password
    source = "sample" if url == get_settings().sample_store else "store"
    return ReportView(report, lib, params.locale, source, dt.datetime.now(dt.UTC))


_LIBRARIES: dict[tuple[object, ...], Library] = {}


def report_library() -> Library:
    """The playbook library reports read, loaded once per process for as long as its files
    are unchanged: a kept report kernel loads it while the caller gets ready, and then once
    more only after the playbooks are edited.

    A report shows no content problems, so the checks across files are left to
    ``coachkit lint`` and each file's problems are listed, not raised."""
    from helpers.playbook import load_library
    from helpers.playbook.library import find_files

    root = get_settings().playbooks
    files = find_files(root) if root.exists() else []
    stamps = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    key = (load_library, str(root), stamps)
    if key not in _LIBRARIES:
        _LIBRARIES.clear()
        _LIBRARIES[key] = load_library(strict=False, checks=False)
    return _LIBRARIES[key]


def batch_params(
    teams: Iterable[str],
    period_start: object,
    period_end: object,
    store: str | None,
    locale: str,
    known: Callable[[], Sequence[str]],
    limited: bool = False,
) -> list[ReportParams]:
    """Validate every team's parameters before anything runs (``limited``: see
    :func:`validate`)."""
    names = list(known())
    return [
        validate(team, period_start, period_end, store, locale, lambda: names, limited)
        for team in teams
    ]


def last_full_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month before ``today``'s: the default report period."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end
