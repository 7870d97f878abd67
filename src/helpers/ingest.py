"""Load CRM exports and the kit's own CSV files into the store (``coachkit ingest``).

A file is checked in two steps. Whole-file problems (unknown kind, unreadable
encoding, empty file, missing columns, an invalid mapping file) raise
:class:`IngestError` before anything is written. Then every row is validated
by a declarative pandera schema per kind (plus store checks: the rep or
account a row refers to must be stored, ids must not repeat in the file).
Good rows are written in one transaction; bad rows go to a rejects file with
their row number and the reason.

Conventions:

- Every cell is read as text, so ids such as ``007`` stay ``007``.
- CSV files are UTF-8 (with or without BOM) or GB18030; ``.xlsx`` files are
  read from their first sheet unless another is named.
- Dates: ``YYYY-MM-DD``, ``YYYY/MM/DD``, ``YYYY.MM.DD``, ``YYYY年MM月DD日`` and
  Excel date cells. ``DD/MM/YYYY`` is ambiguous and rejected unless the
  mapping file names a ``date_format``.
- Timestamps (``created_at``) are ISO 8601; one without a time zone is taken
  as UTC, or as the mapping file's ``timezone``.
- Row numbers are those a spreadsheet shows: the header is row 1.
- Imported attempts get ``content_version`` ``import`` and locale ``zh``
  unless the file has those columns.
"""

from __future__ import annotations

import codecs
import hashlib
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, field_validator
from tqdm import tqdm

try:  # pandera >= 0.24
    import pandera.pandas as pa
except ImportError:  # pragma: no cover - older pandera
    import pandera as pa

from helpers.store import Score, Store

KINDS = ("reps", "accounts", "contacts", "deals", "attempts", "scores")
"""Record kinds in dependency order: a kind only refers to kinds before it."""
CHUNK_ROWS = 200_000
ENCODINGS = ("utf-8-sig", "gb18030")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y-%m-%d %H:%M:%S")
TRUE = frozenset({"true", "t", "yes", "y", "1", "是"})
FALSE = frozenset({"false", "f", "no", "n", "0", "否", ""})


def _columns(spec: str) -> dict[str, str]:
    return dict(item.split(":") for item in spec.split())


COLUMNS: dict[str, dict[str, str]] = {
    "reps": _columns("rep_id:id name:name team_id:id hire_date:date"),
    "accounts": _columns(
        "account_id:id name:name owner_rep_id:id grade:grade created_on:date "
        "profile_fields:fields parked:bool"
    ),
    "contacts": _columns(
        "contact_id:id date:date rep_id:id account_id:id type:contact_type outcome:outcome"
    ),
    "deals": _columns("deal_id:id account_id:id rep_id:id date:date amount:amount"),
    "attempts": _columns(
        "learner_id:id module:id exercise_id:long_id score:points max_score:max_points "
        "created_at:timestamp content_version:version locale:locale"
    ),
    "scores": _columns(
        "session_id:id rep_id:id trainer_id:id criterion_id:id score:score scored_on:date "
        "rubric_version:version comment:text scenario_id:optional_id"
    ),
}
"""Columns per kind, as in data/README.md, and the type of their values."""
OPTIONAL: dict[str, dict[str, str]] = {
    "attempts": {"content_version": "import", "locale": "zh"},
    "scores": {"comment": "", "scenario_id": ""},
}
"""Columns a file may leave out, and the value they then get."""
KEYS = {kind: [next(iter(columns))] for kind, columns in COLUMNS.items()} | {
    "attempts": ["learner_id", "exercise_id", "created_at", "score"],
    "scores": ["session_id", "trainer_id", "criterion_id"],
}
"""What makes a row the same record: a later row with the same key is a duplicate."""
REFS = {
    "accounts": {"owner_rep_id": "reps"},
    "contacts": {"rep_id": "reps", "account_id": "accounts"},
    "deals": {"rep_id": "reps", "account_id": "accounts"},
    "attempts": {"learner_id": "reps"},
    "scores": {"rep_id": "reps"},
}
"""Columns that must name a stored record of another kind."""


class IngestError(Exception):
    """A file (or mapping file) that is unusable as a whole; nothing was written."""


def _text(value: Any) -> Any:
    # YAML turns 是/yes/1/2024-01-01 into bools, ints and dates; mappings want text
    if value is None:
        return ""
    if isinstance(value, dict):
        return {_text(k): _text(v) for k, v in value.items()}
    return value if isinstance(value, str) else str(value)


_Text = Annotated[str, BeforeValidator(_text)]


class Mapping(BaseModel):
    """How a CRM export's columns and values map onto the kit's schema.

    Attributes
    ----------
    columns : dict
        CRM column name to kit column name.
    values : dict
        Kit column to ``{CRM value: kit value}``.
    date_format : str, optional
        ``strptime`` format tried first for dates, e.g. ``%d.%m.%Y``.
    defaults : dict
        Kit column to the value used when the column is absent or a cell is empty.
    timezone : str, optional
        Zone of timestamps written without one (default UTC).
    """

    model_config = ConfigDict(extra="forbid")

    columns: dict[_Text, _Text] = {}
    values: dict[_Text, dict[_Text, _Text]] = {}
    date_format: str | None = None
    defaults: dict[_Text, _Text] = {}
    timezone: str | None = None

    @field_validator("date_format")
    @classmethod
    def _format(cls, value: str | None) -> str | None:
        if value is not None and "%" not in value:
            raise ValueError("expected a strptime format such as %d.%m.%Y")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        try:
            return value if value is None else str(ZoneInfo(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}, e.g. Asia/Shanghai") from None


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file.

    Parameters
    ----------
    path : Path
        A YAML file with the keys of :class:`Mapping`.

    Returns
    -------
    Mapping
        The checked mapping; every key and value is text.

    Raises
    ------
    IngestError
        If the file is missing, is not YAML, has unknown keys or names unknown kit columns.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
        mapping = Mapping.model_validate(data)
    except OSError as exc:
        raise IngestError(f"{path}: cannot read the mapping file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" at line {line + 1}" if line is not None else ""
        raise IngestError(f"{path}: mapping file is not valid YAML{where}") from exc
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
            if err["type"] == "extra_forbidden":
                problems.append(f"{loc}: unknown key (expected {', '.join(Mapping.model_fields)})")
            else:
                problems.append(f"{loc}: {err['msg']}")
        raise IngestError(f"{path}: invalid mapping file: {'; '.join(problems)}") from exc
    known = {c for cols in COLUMNS.values() for c in cols}
    used = {*mapping.columns.values(), *mapping.values, *mapping.defaults}
    if unknown := sorted(used - known):
        raise IngestError(
            f"{path}: invalid mapping file: unknown kit column(s) {', '.join(unknown)}"
        )
    return mapping


@dataclass
class IngestResult:
    """What one ingest run did: rows read, added, already stored, rejected."""

    kind: str
    file: Path
    read: int = 0
    added: int = 0
    unchanged: int = 0
    updated: int = 0
    rejected: int = 0
    rejects_path: Path | None = None

    def summary(self) -> str:
        """One line for the console."""
        parts = [f"read {self.read}", f"added {self.added}"]
        if self.kind == "scores":
            parts.append(f"updated {self.updated}")
        parts += [f"already stored {self.unchanged}", f"rejected {self.rejected}"]
        line = f"{self.kind} from {self.file}: {', '.join(parts)}"
        return line + (f" (see {self.rejects_path})" if self.rejects_path else "")


# ------------------------------------------------------------------ values


def _in_range(stamps: pd.Series) -> pd.Series:
    return stamps.where(stamps.dt.year.between(1900, 2100))


def parse_dates(values: pd.Series, date_format: str | None = None) -> pd.Series:
    """Parse text dates in the accepted formats.

    Parameters
    ----------
    values : pandas.Series
        Dates as text.
    date_format : str, optional
        A ``strptime`` format tried before :data:`DATE_FORMATS`.

    Returns
    -------
    pandas.Series
        ``datetime64`` values; NaT where no format fits or the year is not 1900-2100.
    """
    formats = (date_format, *DATE_FORMATS) if date_format else DATE_FORMATS
    out = pd.to_datetime(values, format=formats[0], errors="coerce")
    for fmt in formats[1:]:
        todo = out.isna() & (values != "")
        if not todo.any():
            break
        out[todo] = pd.to_datetime(values[todo], format=fmt, errors="coerce")
    return _in_range(out)


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
    aware = values.str.contains(_AWARE, regex=True)
    out = pd.to_datetime(values.where(aware, ""), format="ISO8601", utc=True, errors="coerce")
    naive = ~aware & (values != "")
    if naive.any():
        local = pd.to_datetime(values[naive], format="ISO8601", errors="coerce")
        local = local.dt.tz_localize(timezone or "UTC", ambiguous="NaT", nonexistent="NaT")
        out[naive] = local.dt.tz_convert("UTC")
    return _in_range(out)


def _number(values: pd.Series) -> pd.Series:
    num = pd.to_numeric(values.str.replace(",", "", regex=False), errors="coerce")
    return num.where(np.isfinite(num))


def _length(values: pd.Series) -> np.ndarray:
    return np.fromiter(map(len, values.tolist()), dtype=np.int64, count=len(values))


OPTIONAL_VALUE = frozenset({"text", "optional_id", "outcome", "fields", "bool"})
"""Value types whose cells may be empty."""
_DATES = "YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年MM月DD日"


def _rule(vtype: str, mapping: Mapping) -> tuple[Callable[[pd.Series], Any], str]:
    """The test of one value type (on non-empty text) and what it expects, for messages."""

    def one_of(*values: str) -> tuple[Callable[[pd.Series], Any], str]:
        return (lambda s: s.isin(values)), f"is not one of {', '.join(values)}"

    def longest(n: int) -> tuple[Callable[[pd.Series], Any], str]:
        return (lambda s: _length(s) <= n), f"is longer than {n} characters"

    fmt, tz = mapping.date_format, mapping.timezone
    rules = {
        "id": longest(64),
        "optional_id": longest(64),
        "long_id": longest(160),
        "name": longest(200),
        "version": longest(32),
        "text": longest(10_000),
        "grade": one_of("A", "B", "C", "D"),
        "contact_type": one_of("call", "visit", "message", "meeting"),
        "outcome": one_of("talked", "no_answer", "appointment"),
        "locale": one_of("zh", "en"),
        "bool": (
            lambda s: s.str.lower().isin(TRUE | FALSE),
            "is not yes or no (expected True/False, 1/0, yes/no or 是/否)",
        ),
        "fields": (
            lambda s: s.str.fullmatch(r"[^;\s]+(;[^;\s]+)*"),
            "is not a ;-separated list of profile field ids",
        ),
        "date": (
            lambda s: parse_dates(s, fmt).notna(),
            f"is not a date (expected {_DATES}; DD/MM/YYYY needs date_format in a mapping file)",
        ),
        "timestamp": (
            lambda s: parse_timestamps(s, tz).notna(),
            "is not an ISO 8601 timestamp (expected e.g. 2024-03-05T09:30:00+08:00)",
        ),
        "amount": ((lambda s: _number(s) >= 0), "is not a number >= 0"),
        "points": ((lambda s: _number(s) >= 0), "is not a number >= 0"),
        "max_points": ((lambda s: _number(s) > 0), "is not a number > 0"),
        "score": ((lambda s: _number(s).isin([1, 2, 3, 4, 5])), "is not a whole number 1 to 5"),
    }
    return rules[vtype]


def build_schema(
    kind: str, mapping: Mapping | None = None, known: dict[str, pd.Index] | None = None
) -> pa.DataFrameSchema:
    """The pandera schema of one kind, on text columns after mapping.

    Each check's ``error`` is a message template with ``{column}`` and ``{value}``.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    mapping : Mapping, optional
        Supplies ``date_format`` and ``timezone``.
    known : dict, optional
        Stored ids per kind (``reps``, ``accounts``); columns that refer to
        them get a check that the id is among them.
    """
    mapping, known = mapping or Mapping(), known or {}
    columns = {}
    for col, vtype in COLUMNS[kind].items():
        test, expected = _rule(vtype, mapping)
        if vtype in OPTIONAL_VALUE:
            check = pa.Check(lambda s, t=test: (s == "") | t(s), error=expected)
        else:  # an empty cell fails too; _reason says so
            check = pa.Check(lambda s, t=test: (s != "") & t(s), error=expected)
        checks = [check]
        if (target := REFS.get(kind, {}).get(col)) in known:
            ids = known[target]
            checks.append(
                pa.Check(
                    lambda s, ids=ids: (s == "") | (ids.get_indexer(s) >= 0),
                    error=f"{target[:-1]} {{value}} is not in the store; import {target} first",
                )
            )
        columns[col] = pa.Column(checks=checks, nullable=False)
    return pa.DataFrameSchema(columns, strict=False, name=kind)


def _reason(error: str, column: str, value: object) -> str:
    text = str(value)
    if "{value}" in error:
        return error.format(value=text)
    if not text:
        return f"{column} is empty"
    return f"{column} '{text if len(text) <= 60 else text[:57] + '...'}' {error}"


def _problems(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """Validate lazily; one row per bad input row: index row number, ``column``, ``reason``."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        if fc["index"].isna().any():  # a check that could not run: a bug, not bad data
            failed = fc[fc["index"].isna()].iloc[0].to_dict()
            raise RuntimeError(f"a validation check could not run: {failed}") from exc
        fc = fc.assign(index=fc["index"].astype("int64"))
        fc = fc.assign(
            reason=[
                _reason(*t) for t in zip(fc["check"], fc["column"], fc["failure_case"], strict=True)
            ]
        )
        return fc.groupby("index", sort=True).agg(
            column=("column", lambda c: ", ".join(dict.fromkeys(c))), reason=("reason", "; ".join)
        )
    return pd.DataFrame(columns=["column", "reason"], index=pd.Index([], dtype="int64"))


def _convert(kind: str, frame: pd.DataFrame, mapping: Mapping) -> pd.DataFrame:
    """Turn validated text columns into the store's Python values."""
    out = frame.copy()
    for col, vtype in COLUMNS[kind].items():
        s = frame[col]
        if vtype == "date":
            out[col] = parse_dates(s, mapping.date_format).dt.date
        elif vtype == "timestamp":
            out[col] = parse_timestamps(s, mapping.timezone).dt.to_pydatetime()
        elif vtype == "bool":
            out[col] = s.str.lower().isin(TRUE)
        elif vtype in {"amount", "points", "max_points"}:
            out[col] = _number(s).astype(float)
        elif vtype == "score":
            out[col] = _number(s).astype(int)
    if kind == "attempts":
        # a stable id from learner, exercise, time (µs since 1970) and score
        micros = pd.to_datetime(out["created_at"], utc=True).dt.as_unit("us").astype("int64")
        keys = out["learner_id"] + "\x1f" + out["exercise_id"] + "\x1f" + micros.astype(str)
        keys = keys + "\x1f" + out["score"].astype(str)
        out["id"] = ["imp-" + hashlib.sha1(k.encode()).hexdigest()[:32] for k in keys]
        out["answer"], out["feedback"] = None, [[] for _ in range(len(out))]
    return out


# ------------------------------------------------------------------ reading


@dataclass
class _Source:
    """A file that passed the whole-file checks, ready to be read in chunks."""

    kind: str
    path: Path
    mapping: Mapping
    sha256: str
    header: list[str]
    rename: dict[str, str]
    rows: int
    encoding: str | None = None
    sheet: pd.DataFrame | None = None

    def chunks(self) -> Iterator[pd.DataFrame]:
        """Raw text chunks, indexed by the row number a spreadsheet shows."""
        if self.sheet is not None:
            for start in range(0, len(self.sheet), CHUNK_ROWS):
                yield self.sheet.iloc[start : start + CHUNK_ROWS]
            return
        reader = pd.read_csv(
            self.path, encoding=self.encoding, dtype=str, na_filter=False,
            skip_blank_lines=False, chunksize=CHUNK_ROWS,
        )  # fmt: skip
        first = 2
        try:
            for chunk in reader:
                chunk.columns = self.header
                chunk.index = pd.RangeIndex(first, first + len(chunk))
                first += len(chunk)
                yield chunk
        except (pd.errors.ParserError, ValueError) as exc:
            msg = str(exc).strip().splitlines()[-1].removeprefix("Error tokenizing data. C error: ")
            raise IngestError(f"{self.path}: not a well-formed CSV file: {msg}") from exc

    def to_kit(self, raw: pd.DataFrame) -> pd.DataFrame:
        """Rename, trim and map a raw chunk onto the kit's columns (all text)."""
        frame = raw.rename(columns=self.rename)
        out = pd.DataFrame(index=raw.index)
        defaults = {**OPTIONAL.get(self.kind, {}), **self.mapping.defaults}
        for col, vtype in COLUMNS[self.kind].items():
            if col not in frame:
                out[col] = defaults.get(col, "")
                continue
            s = pd.Series(list(map(str.strip, frame[col].tolist())), raw.index, dtype=str)
            if col in self.mapping.values:
                s = s.replace(self.mapping.values[col])
            if col in self.mapping.defaults:
                s = s.mask(s == "", self.mapping.defaults[col])
            if vtype in {"contact_type", "outcome", "locale"}:
                s = s.str.lower()
            elif vtype == "grade":
                s = s.str.upper()
            elif vtype == "fields":
                s = s.str.replace("；", ";").str.replace(r"\s*;\s*", ";", regex=True).str.strip(";")
            out[col] = s
        return out


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as fh:
            while block := fh.read(1 << 22):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _sniff(path: Path) -> tuple[str, str, int]:
    """Return (encoding, sha256, newline count) of a CSV file."""
    sha, lines = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 22):
            sha.update(block)
            lines += block.count(b"\n")
    for encoding in ENCODINGS:
        if _decodes(path, encoding):
            return encoding, sha.hexdigest(), lines
    raise IngestError(f"{path}: cannot read the text: it is neither UTF-8 nor GB18030")


def _read_sheet(path: Path, sheet: str | None) -> pd.DataFrame:
    """One sheet as text, indexed by sheet row number (the header is row 1)."""
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            names = [str(n) for n in book.sheet_names]
            name = sheet or names[0]
            if name not in names:
                raise IngestError(f"{path}: no sheet {name!r}; sheets: {', '.join(names)}")
            table = pd.read_excel(book, sheet_name=name, dtype=str, keep_default_na=False)
            table = table.fillna("")
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"{path}: not a readable .xlsx file ({exc})") from exc
    except pd.errors.EmptyDataError:
        table = pd.DataFrame()
    if table.columns.empty:
        raise IngestError(f"{path}: sheet {name!r} is empty")
    table.index = pd.RangeIndex(2, 2 + len(table))
    return table


def prepare(
    kind: str, path: Path, mapping: Path | None = None, sheet: str | None = None
) -> _Source:
    """Run the whole-file checks on ``path`` and return a source to read rows from.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    path : Path
        A ``.csv`` or ``.xlsx`` file.
    mapping : Path, optional
        A mapping file (see :func:`load_mapping`).
    sheet : str, optional
        Sheet of an ``.xlsx`` file; default the first.

    Raises
    ------
    IngestError
        Unknown kind, missing or unreadable file, empty file, missing columns, bad mapping.
    """
    path = Path(path)
    if kind not in KINDS:
        raise IngestError(f"{path}: unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not path.is_file():
        raise IngestError(f"{path}: no such file")
    rules = load_mapping(mapping) if mapping else Mapping()
    suffix = path.suffix.lower()
    table, encoding = None, None
    try:
        if suffix in {".xlsx", ".xlsm"}:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            table = _read_sheet(path, sheet)
            header, rows = list(table.columns), len(table)
        elif suffix == ".csv":
            encoding, digest, lines = _sniff(path)
            rows = max(lines - 1, 0)  # for the progress bar only
            header = list(pd.read_csv(path, encoding=encoding, dtype=str, nrows=0).columns)
        else:
            raise IngestError(f"{path}: expected a .csv or .xlsx file")
    except pd.errors.EmptyDataError as exc:
        raise IngestError(f"{path}: the file is empty") from exc
    except OSError as exc:
        raise IngestError(f"{path}: cannot read the file ({exc.strerror})") from exc
    header = [str(h).strip() for h in header]
    if not header or all(h.startswith("Unnamed:") for h in header):
        raise IngestError(f"{path}: the file is empty")
    if table is not None:
        table.columns = header
    rename = {h: rules.columns[h] for h in header if h in rules.columns}
    kit = [rename.get(h, h) for h in header]
    if clash := sorted({c for c in kit if kit.count(c) > 1 and c in COLUMNS[kind]}):
        raise IngestError(f"{path}: several columns map to {', '.join(clash)}")
    present = set(kit) | set(rules.defaults) | set(OPTIONAL.get(kind, {}))
    if missing := [c for c in COLUMNS[kind] if c not in present]:
        hint = "" if mapping else "; a mapping file (--mapping) can rename columns"
        raise IngestError(
            f"{path}: missing column(s) {', '.join(missing)} for {kind}; "
            f"found {', '.join(header)}{hint}"
        )
    return _Source(kind, path, rules, digest, header, rename, rows, encoding, table)


# ------------------------------------------------------------------ loading


class _Seen:
    """Keys already met in this file, as sorted 64-bit hashes with their row numbers."""

    def __init__(self) -> None:
        self.hashes = np.empty(0, dtype=np.uint64)
        self.rows = np.empty(0, dtype=np.int64)

    def earlier(self, keys: pd.Series) -> np.ndarray:
        """Row number of an earlier row with the same key, 0 if none; remember new keys."""
        h = pd.util.hash_pandas_object(keys, index=False).to_numpy()
        rows = keys.index.to_numpy(dtype=np.int64)
        earlier = pd.Series(rows).groupby(h).transform("first").to_numpy(copy=True)
        earlier[earlier == rows] = 0
        if len(self.hashes):
            pos = np.minimum(np.searchsorted(self.hashes, h), len(self.hashes) - 1)
            hit = self.hashes[pos] == h
            earlier[hit] = self.rows[pos[hit]]
        new = np.flatnonzero(earlier == 0)
        new = new[np.argsort(h[new])]
        at = np.searchsorted(self.hashes, h[new])
        self.hashes, self.rows = (
            np.insert(self.hashes, at, h[new]),
            np.insert(self.rows, at, rows[new]),
        )
        return earlier


class _Rejects:
    """The rejects file: written to a temporary name, moved into place on success."""

    def __init__(self, path: Path) -> None:
        self.path, self.part = path, path.with_name(path.name + ".part")
        self.handle: Any = None

    def write(self, bad: pd.DataFrame, raw: pd.DataFrame) -> None:
        lines = pd.concat(
            [bad.rename_axis("row").reset_index(), raw.loc[bad.index].reset_index(drop=True)],
            axis=1,
        )
        try:
            first = self.handle is None
            if first:  # UTF-8 with BOM, so that Excel opens it
                self.handle = self.part.open("w", encoding="utf-8-sig", newline="")
            lines.to_csv(self.handle, index=False, header=first)
        except OSError as exc:
            msg = f"{self.path}: cannot write the rejects file ({exc.strerror}); see --rejects"
            raise IngestError(msg) from exc

    def close(self, keep: bool) -> Path | None:
        if self.handle is None:
            return None
        self.handle.close()
        if keep:
            return self.part.replace(self.path)
        self.part.unlink(missing_ok=True)
        return None


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    rows = zip(*(frame[c].tolist() for c in columns), strict=False)  # columns of one frame
    return list(map(dict, map(zip, repeat(columns), rows)))


def _check_chunk(
    src: _Source, schema: pa.DataFrameSchema, seen: _Seen, raw: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split a raw chunk into converted good rows and bad rows (``column``, ``reason``)."""
    frame = src.to_kit(raw)
    bad = _problems(schema, frame)
    good = _convert(src.kind, frame.drop(index=bad.index), src.mapping)
    keys = KEYS[src.kind]
    key = good["id" if src.kind == "attempts" else keys[0]]
    for col in [] if src.kind == "attempts" else keys[1:]:
        key = key + "\x1f" + good[col]
    earlier = seen.earlier(key)
    if (dup := earlier > 0).any():
        label = ", ".join(keys)
        reasons = [f"duplicate {label}: row {r} has the same" for r in earlier[dup]]
        dups = pd.DataFrame({"column": label, "reason": reasons}, index=good.index[dup])
        bad, good = pd.concat([bad, dups]).sort_index(), good[~dup]
    return good, bad


def _load(
    src: _Source, store: Store, rejects: Path | None = None, progress: bool = False
) -> IngestResult:
    """Validate and write one prepared file in one transaction."""
    kind, result = src.kind, IngestResult(src.kind, src.path)
    known = {k: pd.Index(list(store.known_ids(k))) for k in set(REFS.get(kind, {}).values())}
    schema = build_schema(kind, src.mapping, known)
    columns = [*COLUMNS[kind], *(["id", "answer", "feedback"] if kind == "attempts" else [])]
    seen, out = _Seen(), _Rejects(rejects or src.path.with_name(f"{src.path.stem}.rejects.csv"))
    quiet = not progress or src.rows < CHUNK_ROWS
    bar = tqdm(total=src.rows, unit="rows", file=sys.stderr, disable=True if quiet else None)
    done = False
    learners: set[str] = set()
    try:
        with store.transaction() as conn:
            for raw in src.chunks():
                raw = raw[(raw != "").any(axis=1)]  # blank lines are not rows
                good, bad = _check_chunk(src, schema, seen, raw)
                if kind == "scores":
                    scores = [Score(**r) for r in _records(good, list(COLUMNS[kind]))]
                    saved = store.save_scores(scores, conn)
                    result.added += saved.added
                    result.updated += saved.updated
                    result.unchanged += saved.unchanged
                else:
                    if kind == "attempts":
                        learners.update(good["learner_id"])
                    added = store.insert_new(kind, _records(good, columns), conn)
                    result.added += added
                    result.unchanged += len(good) - added
                result.read += len(raw)
                result.rejected += len(bad)
                if len(bad):
                    out.write(bad, raw)
                bar.update(len(raw))
            written = result.added + result.updated
            store.log_import(
                conn, kind, str(src.path), src.sha256, result.read, written, result.rejected
            )
        done = True
    finally:
        bar.close()
        result.rejects_path = out.close(keep=done)
    if kind == "attempts" and result.added:
        # review cards are derived from attempts: rebuilt whole, so a rerun changes nothing
        from helpers.review import rebuild_cards

        rebuild_cards(store, learners)
    return result


def ingest(
    kind: str,
    path: Path,
    store: Store,
    mapping: Path | None = None,
    rejects: Path | None = None,
    sheet: str | None = None,
    progress: bool = False,
) -> IngestResult:
    """Load one file of ``kind`` into ``store``.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    path : Path
        A ``.csv`` (UTF-8 or GB18030) or ``.xlsx`` file.
    store : Store
        Where the rows go, in one transaction.
    mapping : Path, optional
        YAML mapping file (see :class:`Mapping`).
    rejects : Path, optional
        Where bad rows go; default ``<stem>.rejects.csv`` next to ``path``.
    sheet : str, optional
        Sheet of an ``.xlsx`` file; default the first.
    progress : bool
        Show a progress bar on stderr for large files.

    Returns
    -------
    IngestResult
        Rows read, added, already stored, rejected, and the rejects file if any.

    Raises
    ------
    IngestError
        If the file is unusable as a whole; then nothing is written.
    """
    return _load(prepare(kind, path, mapping, sheet), store, rejects, progress)


def ingest_folder(
    folder: Path,
    store: Store,
    progress: bool = False,
    report: Callable[[IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Load the kit's own CSV files (``reps.csv`` ... ``scores.csv``) from ``folder``.

    Every file present passes the whole-file checks before anything is
    written; then each is loaded in dependency order, one transaction per
    file. A file found malformed midway is rolled back; those before it stay.

    Parameters
    ----------
    folder : Path
        Holds some of ``reps.csv``, ``accounts.csv``, ``contacts.csv``,
        ``deals.csv``, ``attempts.csv`` and ``scores.csv``.
    store : Store
        Where the rows go.
    progress : bool
        Show a progress bar on stderr for large files.
    report : callable, optional
        Called with each file's result as soon as it is loaded.

    Returns
    -------
    list of IngestResult
        One per file, in the order loaded.

    Raises
    ------
    IngestError
        If the folder holds none of the files or one of them is unusable.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise IngestError(f"{folder}: not a folder")
    sources = [prepare(k, folder / f"{k}.csv") for k in KINDS if (folder / f"{k}.csv").is_file()]
    if not sources:
        raise IngestError(f"{folder}: none of {', '.join(k + '.csv' for k in KINDS)} is there")
    results = []
    for src in sources:
        results.append(_load(src, store, progress=progress))
        if report:
            report(results[-1])
    return results
