"""Values and rules: parsing dates, timestamps and numbers, and the pandera schema per kind."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

try:  # pandera >= 0.24
    import pandera.pandas as pa
except ImportError:  # pragma: no cover - older pandera
    import pandera as pa

from helpers.i18n import say
from helpers.playbook.scale import parse_scores
from helpers.report.ingest.ids import StoredIds
from helpers.report.ingest.kinds import COLUMNS, EVENT_KINDS, REFS
from helpers.report.ingest.mapping import Mapping

_TIME = r"(?:(?:\s+|T)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?"
DATE_FORMATS = {
    "2026-03-05": r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>0[1-9]|1[0-2])(?P=s)(?P<d>0[1-9]|[12]\d|3[01])"
    + _TIME,
    "2026-3-5": r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>[1-9]|1[0-2])(?P=s)(?P<d>[1-9]|[12]\d|3[01])"
    + _TIME,
    "2026年3月5日": r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    + _TIME.replace("\\s+", "\\s*"),
}
"""Date styles accepted without a ``date_format``, each an example and the shape a value must
have: ``-``, ``/`` or ``.`` between year, month and day, month and day either both written
with two digits (``2026-03-05``) or both without a leading zero (``2026/3/5``), or
``2026年3月5日``; each may be followed by a time (``14:30``, ``14:30:00``), which a date
drops. ``2026-03-1`` (perhaps ``2026-03-15`` cut short) fits neither."""
NUMBER = r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?"
"""A number as accepted: a comma only between groups of three digits (``1,234,567.5``), so that
``1,5`` and ``1.234,56`` (decimal commas) are rejected instead of read as 15 and 1.23456."""
TRUE = frozenset({"true", "t", "yes", "y", "1", "是"})
FALSE = frozenset({"false", "f", "no", "n", "0", "否", ""})


def _in_range(stamps: pd.Series) -> pd.Series:
    return stamps.where(stamps.dt.year.between(1900, 2100))


def _each_once(values: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series | None:
    """``parse(values)`` with each distinct value parsed once (a column of dates or amounts
    repeats few values); None when every value is distinct."""
    codes, distinct = values.factorize(use_na_sentinel=False)
    if len(distinct) == len(values):
        return None
    parsed = parse(pd.Series(distinct, dtype=values.dtype))
    return pd.Series(parsed.array.take(codes), index=values.index, name=values.name)


def parse_dates(values: pd.Series, date_format: str | list[str] | None = None) -> pd.Series:
    """Parse text dates in the accepted styles.

    Parameters
    ----------
    values : pandas.Series
        Dates as text.
    date_format : str or list of str, optional
        ``strptime`` formats tried, in order, before :data:`DATE_FORMATS` (without their
        shape rule).

    Returns
    -------
    pandas.Series
        ``datetime64`` values (a time written after a date in one of :data:`DATE_FORMATS` is
        dropped); NaT where no format fits or the year is not 1900-2100.
    """
    if (once := _each_once(values, lambda v: parse_dates(v, date_format))) is not None:
        return once
    formats = [date_format] if isinstance(date_format, str) else list(date_format or [])
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    left = values[values != ""]
    for fmt in formats:
        parsed = _in_range(pd.to_datetime(left, format=fmt, errors="coerce"))
        out[left.index] = parsed.astype("datetime64[ns]")
        left = left[parsed.isna()]
    # the kit's own form first, as strptime reads it: most dates then need no regex
    iso = pd.to_datetime(left.where(left.str.len() == 10, ""), format="%Y-%m-%d", errors="coerce")
    iso = _in_range(iso).astype("datetime64[ns]")
    out[left.index] = iso
    left = left[iso.isna()]
    for shape in DATE_FORMATS.values():
        if left.empty:
            break
        parts = left.str.extract(rf"\A(?:{shape})\Z")
        parts = parts[parts["y"].notna()]
        if len(parts):
            ymd = parts[["y", "m", "d"]].astype("int64")
            ymd.columns = ["year", "month", "day"]
            parsed = _in_range(pd.to_datetime(ymd, errors="coerce")).astype("datetime64[ns]")
            out[parts.index] = parsed
            left = left.drop(index=parts.index[parsed.notna()])
    return out


_AWARE = r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$"


def parse_timestamps(values: pd.Series, timezone: str | None = None) -> pd.Series:
    """Parse ISO 8601 timestamps to UTC.

    Parameters
    ----------
    values : pandas.Series
        Timestamps as text, e.g. ``2024-03-05T09:30:00+08:00``.
    timezone : str, optional
        Zone of timestamps written without one; default UTC.

    Returns
    -------
    pandas.Series
        UTC-aware ``datetime64`` values; NaT where a value does not parse.
    """
    if (once := _each_once(values, lambda v: parse_timestamps(v, timezone))) is not None:
        return once
    aware = values.str.contains(_AWARE, regex=True)
    out = pd.to_datetime(values.where(aware, ""), format="ISO8601", utc=True, errors="coerce")
    naive = ~aware & (values != "")
    if naive.any():
        local = pd.to_datetime(values[naive], format="ISO8601", errors="coerce")
        local = local.dt.tz_localize(timezone or "UTC", ambiguous="NaT", nonexistent="NaT")
        out[naive] = local.dt.tz_convert("UTC")
    return _in_range(out)


def parse_numbers(values: pd.Series) -> pd.Series:
    """Numbers written as :data:`NUMBER` describes; NaN for anything else."""
    if (once := _each_once(values, parse_numbers)) is not None:
        return once
    shaped = values.where(values.str.fullmatch(NUMBER).fillna(False).astype(bool), "")
    num = pd.to_numeric(shaped.str.replace(",", "", regex=False), errors="coerce")
    return num.where(np.isfinite(num))


def _length(values: pd.Series) -> np.ndarray:
    return np.fromiter(map(len, values.tolist()), dtype=np.int64, count=len(values))


def _printable(values: pd.Series) -> np.ndarray:
    """``str.isprintable`` of each value: a property of each character, so one test of all the
    values written together answers for all of them when it passes."""
    if "".join(values.tolist()).isprintable():
        return np.ones(len(values), dtype=bool)
    return np.frompyfunc(str.isprintable, 1, 1)(values.to_numpy()).astype(bool)


OPTIONAL_VALUE = frozenset(
    {"text", "optional_id", "fields", "bool", "optional_score", "tier", "optional_name"}
    | {"optional_date"}
)
"""Value types whose cells may be empty."""
_DATES = "2026-03-05, 2026/3/5, 2026.3.5"


def _rule(vtype: str, mapping: Mapping) -> tuple[Callable[[pd.Series], Any], str]:
    """The test of one value type (on non-empty text) and what it expects, for messages."""

    def one_of(*values: str) -> tuple[Callable[[pd.Series], Any], str]:
        return (lambda s: s.isin(values)), say("op.reject.one_of", values=", ".join(values))

    def longest(n: int) -> tuple[Callable[[pd.Series], Any], str]:
        return (lambda s: _length(s) <= n), say("op.reject.longer", n=n)

    def id_of(n: int) -> tuple[Callable[[pd.Series], Any], str]:
        return (lambda s: (_length(s) <= n) & _printable(s)), say("op.reject.id", n=n)

    fmt, tz = mapping.date_format, mapping.timezone
    rules = {
        "id": id_of(64),
        "optional_id": id_of(64),
        "long_id": id_of(160),
        "name": longest(200),
        "version": longest(32),
        "text": longest(10_000),
        "grade": one_of("A", "B", "C", "D"),
        "contact_type": one_of("call", "visit", "message", "meeting"),
        "outcome": one_of("talked", "no_answer", "appointment"),
        "locale": one_of("zh", "en"),
        "tier": one_of("strategic", "important", "general"),
        "event_kind": one_of(*EVENT_KINDS),
        "optional_name": longest(200),
        "bool": (
            lambda s: s.str.lower().isin(TRUE | FALSE),
            say("op.reject.bool"),
        ),
        "fields": (
            lambda s: s.str.fullmatch(r"[^;\s]+(;[^;\s]+)*"),
            say("op.reject.fields"),
        ),
        "date": (
            lambda s: parse_dates(s, fmt).notna(),
            say("op.reject.date", formats=_DATES),
        ),
        "optional_date": (
            lambda s: parse_dates(s, fmt).notna(),
            say("op.reject.date", formats=_DATES),
        ),
        "count": (
            lambda s: (n := parse_numbers(s)).ge(0) & n.eq(n.round()),
            say("op.reject.count"),
        ),
        "timestamp": (
            lambda s: parse_timestamps(s, tz).notna(),
            say("op.reject.timestamp"),
        ),
        "amount": ((lambda s: parse_numbers(s) >= 0), say("op.reject.at_least_0")),
        "points": ((lambda s: parse_numbers(s) >= 0), say("op.reject.at_least_0")),
        "max_points": ((lambda s: parse_numbers(s) > 0), say("op.reject.above_0")),
        "score": ((lambda s: parse_scores(s).notna()), say("op.reject.score")),
        "optional_score": ((lambda s: parse_scores(s).notna()), say("op.reject.score")),
    }
    return rules[vtype]


def _stored(ids: pd.Index | StoredIds, values: pd.Series) -> np.ndarray:
    if isinstance(ids, StoredIds):
        return ids.contains(values)
    return ids.get_indexer(values) >= 0


Checks = dict[str, list[tuple[Callable[[pd.Series], Any], str]]]
"""The checks of each column: a vectorised test (text in, one truth value per row out) and its
``error``, a message template (see :func:`build_schema`)."""


def column_checks(
    kind: str,
    mapping: Mapping | None = None,
    known: dict[str, pd.Index | StoredIds] | None = None,
) -> Checks:
    """The checks of each column of one kind, in order: what :func:`build_schema` declares.

    Parameters are those of :func:`build_schema`.
    """
    mapping, known = mapping or Mapping(), known or {}
    columns: Checks = {}
    for col, vtype in COLUMNS[kind].items():
        test, expected = _rule(vtype, mapping)
        if vtype in OPTIONAL_VALUE:
            checks = [(lambda s, t=test: (s == "") | t(s), expected)]
        else:  # an empty cell fails too; _reason says so
            checks = [(lambda s, t=test: (s != "") & t(s), expected)]
        if (target := REFS.get(kind, {}).get(col)) in known:
            checks.append(
                (
                    lambda s, ids=known[target]: (s == "") | _stored(ids, s),
                    say("op.reject.not_stored", kind=target[:-1], kinds=target, value="{value}"),
                )
            )
        columns[col] = checks
    return columns


def build_schema(
    kind: str,
    mapping: Mapping | None = None,
    known: dict[str, pd.Index | StoredIds] | None = None,
) -> pa.DataFrameSchema:
    """The pandera schema of one kind, on text columns after mapping.

    Each check's ``error`` is a message template with ``{column}`` and ``{value}``.
    :func:`problems` runs the same checks (:func:`column_checks`) on each chunk directly,
    vectorised, and reports what pandera's lazy validation would.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    mapping : Mapping, optional
        Supplies ``date_format`` and ``timezone``.
    known : dict, optional
        Stored ids per kind (``reps``, ``accounts``), as an index or :class:`StoredIds`;
        columns that refer to them get a check that the id is among them.
    """
    columns = {
        col: pa.Column(checks=[pa.Check(t, error=e) for t, e in checks], nullable=False)
        for col, checks in column_checks(kind, mapping, known).items()
    }
    return pa.DataFrameSchema(columns, strict=False, name=kind)


def _reason(error: str, column: str, value: object) -> str:
    text = str(value)
    if "{value}" in error:
        return error.format(value=text)
    if not text:
        return say("op.reject.empty", column=column)
    shown = text if len(text) <= 60 else text[:57] + "..."
    return say("op.reject.value", column=column, value=shown, error=error)


def failure_cases(checks: Checks, frame: pd.DataFrame) -> pd.DataFrame:
    """Every failed check of every row, as pandera's lazy validation lists them.

    Parameters
    ----------
    checks : dict
        From :func:`column_checks`.
    frame : pandas.DataFrame
        Text columns after mapping, with no missing value.

    Returns
    -------
    pandas.DataFrame
        Columns ``index`` (row number), ``column``, ``check`` (its error) and
        ``failure_case`` (the value), column by column and check by check.
    """
    parts = []
    for col, tests in checks.items():
        values = frame[col]
        for test, error in tests:
            try:
                passed = np.asarray(test(values), dtype=bool)
            except Exception as exc:  # a check that could not run: a bug, not bad data
                raise RuntimeError(f"a validation check could not run: {col}, {error}") from exc
            if not passed.all():
                failed = values[~passed]
                parts.append(
                    pd.DataFrame(
                        {"index": failed.index, "column": col, "check": error},
                        index=range(len(failed)),
                    ).assign(failure_case=failed.to_numpy())
                )
    if not parts:
        return pd.DataFrame(columns=["index", "column", "check", "failure_case"])
    # pandera's own order: its (unstable) sort on a key that is the same for every failure
    context = pd.Series("Column", index=range(sum(map(len, parts))))
    order = context.sort_values(ascending=False).index
    return pd.concat(parts, ignore_index=True).loc[order]


def problems(checks: Checks, frame: pd.DataFrame) -> pd.DataFrame:
    """One row per bad input row: index row number, ``column``, ``reason``.

    Parameters
    ----------
    checks : dict
        From :func:`column_checks`.
    frame : pandas.DataFrame
        Text columns after mapping, with no missing value.
    """
    fc = failure_cases(checks, frame)
    if fc.empty:
        return pd.DataFrame(columns=["column", "reason"], index=pd.Index([], dtype="int64"))
    fc = fc.assign(index=fc["index"].astype("int64"))
    fc = fc.assign(
        reason=[
            _reason(*t) for t in zip(fc["check"], fc["column"], fc["failure_case"], strict=True)
        ]
    )
    return fc.groupby("index", sort=True).agg(
        column=("column", lambda c: ", ".join(dict.fromkeys(c))), reason=("reason", "; ".join)
    )


def _paid_before_invoice(rest: pd.DataFrame, mapping: Mapping) -> pd.DataFrame:
    paid = parse_dates(rest["paid_date"], mapping.date_format)
    early = rest.index[(paid < parse_dates(rest["invoice_date"], mapping.date_format)).to_numpy()]
    reasons = [
        say("op.reject.paid_before_invoice", paid=rest.at[i, "paid_date"],
            invoice=rest.at[i, "invoice_date"])
        for i in early
    ]  # fmt: skip
    return pd.DataFrame({"column": "paid_date, invoice_date", "reason": reasons}, index=early)


def cross_problems(
    kind: str, frame: pd.DataFrame, bad: pd.DataFrame, mapping: Mapping | None = None
) -> pd.DataFrame:
    """Rows whose values are each valid but do not fit together (an attempt scored above its
    maximum, a receivable paid before it was invoiced), among the rows not already in
    ``bad``; the same shape as :func:`problems`. ``mapping`` supplies the date formats."""
    mapping = mapping or Mapping()
    if kind == "receivables":
        return _paid_before_invoice(frame.drop(index=bad.index), mapping)
    if kind != "attempts":
        return bad.iloc[0:0]
    rest = frame.drop(index=bad.index)
    score, top = parse_numbers(rest["score"]), parse_numbers(rest["max_score"])
    over = rest.index[(score > top).to_numpy()]
    reasons = [
        say("op.reject.above_max", score=rest.at[i, "score"], max=rest.at[i, "max_score"])
        for i in over
    ]
    return pd.DataFrame({"column": "score, max_score", "reason": reasons}, index=over)


def _days(values: pd.Series, date_format: str | None) -> pd.Series:
    """Text dates as ``datetime.date`` objects, each distinct value made once."""

    def days(v: pd.Series) -> pd.Series:
        return parse_dates(v, date_format).dt.date

    once = _each_once(values, days)
    return days(values) if once is None else once


def convert(kind: str, frame: pd.DataFrame, mapping: Mapping) -> pd.DataFrame:
    """Turn validated text columns into the store's Python values."""
    out = frame.copy()
    for col, vtype in COLUMNS[kind].items():
        s = frame[col]
        if vtype == "date":
            out[col] = _days(s, mapping.date_format)
        elif vtype == "optional_date":
            dates = parse_dates(s, mapping.date_format)
            out[col] = dates.dt.date.astype(object).where(dates.notna(), None)
        elif vtype == "count":
            out[col] = parse_numbers(s).astype(int)
        elif vtype == "timestamp":
            out[col] = parse_timestamps(s, mapping.timezone).dt.to_pydatetime()
        elif vtype == "bool":
            out[col] = s.str.lower().isin(TRUE)
        elif vtype in {"amount", "points", "max_points"}:
            out[col] = parse_numbers(s).astype(float)
        elif vtype == "score":
            out[col] = parse_scores(s).astype(int)
        elif vtype == "optional_score":
            out[col] = parse_scores(s).astype("Int64")
    if kind == "attempts":
        # a stable id from learner, exercise, time (µs since 1970) and score
        micros = pd.to_datetime(out["created_at"], utc=True).dt.as_unit("us").astype("int64")
        keys = out["learner_id"] + "\x1f" + out["exercise_id"] + "\x1f" + micros.astype(str)
        keys = keys + "\x1f" + out["score"].astype(str)
        out["id"] = ["imp-" + hashlib.sha1(k.encode()).hexdigest()[:32] for k in keys]
        out["answer"], out["feedback"] = None, [[] for _ in range(len(out))]
    return out
