"""Loading a prepared file into the store: checks per chunk, the rejects file, one transaction."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from helpers.files import spreadsheet_text
from helpers.i18n import say
from helpers.playbook.scale import parse_scores
from helpers.report.ingest import source
from helpers.report.ingest.ids import DERIVED, RowNumbers, StoredIds, derived_ids
from helpers.report.ingest.kinds import COLUMNS, KEYS, KINDS, REFS, IngestError, IngestResult
from helpers.report.ingest.source import Source, prepare
from helpers.report.ingest.values import (
    Checks,
    column_checks,
    convert,
    cross_problems,
    parse_dates,
    parse_numbers,
    problems,
)
from helpers.store import TRACKED, Change, Score, Store


class _Seen:
    """Keys already met in this file, as 64-bit hashes with the row number of their first row
    (12 bytes a key).

    They are kept in sorted runs, a run merged into the one before it once it is as long
    (up to :attr:`RUN` keys): each key is copied a few times over the whole file, not once
    per chunk, and a merge never needs much more memory than the keys themselves.
    """

    RUN = 1 << 22

    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []

    def earlier(self, keys: pd.Series) -> np.ndarray:
        """Row number of an earlier row with the same key, 0 if none; remember new keys."""
        # Python's own hash of each key: the same for equal keys within this process
        h = np.fromiter(map(hash, keys.tolist()), dtype=np.int64, count=len(keys))
        order = np.argsort(h)
        h, rows = h[order], keys.index.to_numpy(dtype=np.int64)[order]
        first = np.ones(len(h), dtype=bool)
        first[1:] = h[1:] != h[:-1]
        starts = np.flatnonzero(first)
        found = np.repeat(np.minimum.reduceat(rows, starts), np.diff(starts, append=len(h)))
        found[found == rows] = 0  # the first row of its key in this chunk
        for hashes, at in self.runs:
            pos = np.minimum(np.searchsorted(hashes, h), len(hashes) - 1)
            hit = hashes[pos] == h
            found[hit] = at[pos[hit]]
        self._keep(h[found == 0], rows[found == 0])
        earlier = np.empty_like(found)
        earlier[order] = found
        return earlier

    def _keep(self, hashes: np.ndarray, rows: np.ndarray) -> None:
        if len(hashes):
            small = rows.max() <= np.iinfo(np.uint32).max  # row numbers in 4 bytes, not 8
            self.runs.append((hashes, rows.astype(np.uint32) if small else rows))
        while len(self.runs) > 1:
            (h1, r1), (h2, r2) = self.runs[-2:]
            if len(h1) > len(h2) or len(h1) + len(h2) > self.RUN:
                break
            at = np.searchsorted(h1, h2)
            r1 = r1.astype(np.result_type(r1, r2), copy=False)
            self.runs[-2:] = [(np.insert(h1, at, h2), np.insert(r1, at, r2))]


def check_rejects_path(rejects: Path, data: Path) -> None:
    """Refuse a rejects file that could not be written or would overwrite the data file.

    Raises
    ------
    IngestError
        If ``rejects`` is a folder, lies in a folder that does not exist, or is
        ``data`` itself (the same path, or another name of the same file).
    """
    if rejects.is_dir():
        raise IngestError("op.ingest.rejects_folder", path=rejects)
    if not rejects.parent.is_dir():
        why = say("op.ingest.no_folder", path=rejects.parent)
        raise IngestError("op.ingest.rejects", path=rejects, why=why)
    same = rejects.resolve() == data.resolve()
    if not same and rejects.exists():
        try:
            same = rejects.samefile(data)
        except OSError:
            same = False
    if same:
        raise IngestError("op.ingest.rejects_is_data", path=rejects, data=data)


class _Rejects:
    """The rejects file: written to a temporary name, moved into place on success."""

    def __init__(self, path: Path, keep: bool = True) -> None:
        self.path, self.part = path, path.with_name(path.name + ".part")
        self.handle: Any = None
        self.done: Path | None = None
        self.keep = keep
        """False: nothing is written (a checking run without a rejects file asked for)."""

    def _open(self) -> Any:
        # UTF-8 with BOM, so that Excel opens it
        return self.part.open("w", encoding="utf-8-sig", newline="")

    def _failed(self, exc: OSError) -> IngestError:
        return IngestError("op.ingest.rejects", path=self.path, why=exc.strerror or exc)

    def write(self, bad: pd.DataFrame, raw: pd.DataFrame) -> None:
        if not self.keep:
            return
        lines = pd.concat(
            [bad.rename_axis("row").reset_index(), raw.loc[bad.index].reset_index(drop=True)],
            axis=1,
        ).map(spreadsheet_text)
        try:
            first = self.handle is None
            if first:
                self.handle = self._open()
            lines.to_csv(self.handle, index=False, header=first)
        except OSError as exc:
            raise self._failed(exc) from exc

    def finish(self) -> Path | None:
        """Close the rejects file and move it into place; None if no row was rejected."""
        if self.handle is None:
            return None
        try:
            self.handle.close()  # the last buffered lines are written here: it can fail
            self.done = self.part.replace(self.path)
        except OSError as exc:
            raise self._failed(exc) from exc
        return self.done

    def discard(self) -> None:
        """Remove what was written: the import failed, so its rejects describe nothing stored."""
        if self.handle is not None:
            with contextlib.suppress(OSError):  # already failing: leave nothing behind
                self.handle.close()
        self.part.unlink(missing_ok=True)
        if self.done is not None:
            self.done.unlink(missing_ok=True)


class _Checked(Exception):
    """Ends a checking run's transaction, so that nothing it wrote stays."""


REASONS_SHOWN = 5
"""Reject reasons a checking run prints."""

SCORE_BATCH = 10_000
"""Scores saved at a time within a chunk (each becomes a model object first)."""


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    rows = zip(*(frame[c].tolist() for c in columns), strict=False)  # columns of one frame
    return list(map(dict, map(zip, repeat(columns), rows)))


def _score(record: dict[str, Any]) -> Score:
    """A score row as stored: a ``revised_score`` is the value now, ``score`` the first."""
    revised = record.pop("revised_score", None)
    if revised is None or revised is pd.NA:
        return Score(**record)
    return Score(**{**record, "score": int(revised), "first_score": record["score"]})


def _with_last(chunks: Iterator[pd.DataFrame]) -> Iterator[tuple[pd.DataFrame, bool]]:
    """Each chunk, and whether it is the last."""
    held = None
    for chunk in chunks:
        if held is not None:
            yield held, False
        held = chunk
    if held is not None:
        yield held, True


DIGIT_TYPES = frozenset({"date", "amount", "points", "max_points", "score", "optional_score"})
"""Value types that a line cut short in the middle of its last value can leave valid."""


def _lost_digits(src: Source) -> bool:
    """True if the file's last value is a date or a number that a digit more would still make
    valid (``2026-3-1`` of ``2026-3-15``, ``51`` of ``5100``): the line may have been cut there."""
    last = src.rename.get(src.header[-1], src.header[-1])
    value, vtype = src.last_value, COLUMNS[src.kind].get(last)
    if not value or vtype not in DIGIT_TYPES:
        return False
    longer = pd.Series([value + d for d in "0123456789"], dtype=str)
    if vtype == "date":
        return bool(parse_dates(longer, src.mapping.date_format).notna().any())
    if vtype in {"score", "optional_score"}:
        return bool(parse_scores(longer).notna().any())
    return bool(parse_numbers(longer).notna().any())


def _open_end(src: Source, row: int, bad: pd.DataFrame) -> pd.DataFrame:
    """Bad rows, with the file's last line among them if it has no line end and is cut short
    (fewer fields than the header, or a last date or number that may have lost digits), and noted as
    possibly cut short if it is bad anyway."""
    assert src.open_end is not None
    reason, column = None, ""
    if src.open_end < len(src.header):
        reason = say("op.reject.cut_short", fields=src.open_end, columns=len(src.header))
    elif row not in bad.index and _lost_digits(src):
        column = src.rename.get(src.header[-1], src.header[-1])
        reason = say("op.reject.cut_short_value", column=column, value=src.last_value)
    if reason is not None:
        line = pd.DataFrame({"column": column, "reason": [reason]}, index=pd.Index([row]))
        return pd.concat([bad.drop(index=row, errors="ignore"), line]).sort_index()
    if row in bad.index:
        bad = bad.copy()
        bad.loc[row, "reason"] = bad.loc[row, "reason"] + say("op.reject.no_line_end")
    return bad


def _check_chunk(
    src: Source, checks: Checks, seen: _Seen, raw: pd.DataFrame, end: int | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split a raw chunk into converted good rows and bad rows (``column``, ``reason``);
    ``end`` is the row number of the file's last line if it is in the chunk and has no
    line end."""
    frame = src.to_kit(raw)
    keys = KEYS[src.kind]
    if src.derive_id:
        frame[keys[0]] = DERIVED  # stands in for the id derived once the values are converted
    bad = problems(checks, frame)
    bad = pd.concat([bad, cross_problems(src.kind, frame, bad, src.mapping)]).sort_index()
    if end is not None:
        bad = _open_end(src, end, bad)
    good = convert(src.kind, frame.drop(index=bad.index), src.mapping)
    if src.derive_id:
        good[keys[0]] = derived_ids(src.kind, good)
    key = good["id" if src.kind == "attempts" else keys[0]]
    for col in [] if src.kind == "attempts" else keys[1:]:
        key = key + "\x1f" + good[col]
    earlier = seen.earlier(key)
    if (dup := earlier > 0).any():
        label = ", ".join(keys)
        reasons = [say("op.reject.duplicate", columns=label, row=r) for r in earlier[dup]]
        dups = pd.DataFrame({"column": label, "reason": reasons}, index=good.index[dup])
        bad, good = pd.concat([bad, dups]).sort_index(), good[~dup]
    return good, bad


def _load(
    src: Source,
    store: Store,
    rejects: Path | None = None,
    progress: bool = False,
    check: bool = False,
) -> IngestResult:
    """Validate and write one prepared file in one transaction; ``check``: then roll it back,
    and write a rejects file only if ``rejects`` names one."""
    kind, result = src.kind, IngestResult(src.kind, src.path, checked=check)
    known = {k: StoredIds(store.id_batches(k)) for k in set(REFS.get(kind, {}).values())}
    checks = column_checks(kind, src.mapping, known)
    columns = [*COLUMNS[kind], *(["id", "answer", "feedback"] if kind == "attempts" else [])]
    target = rejects or src.path.with_name(f"{src.path.stem}.rejects.csv")
    if not check or rejects is not None:
        check_rejects_path(target, src.path)
    seen, out = _Seen(), _Rejects(target, keep=not check or rejects is not None)
    quiet = not progress or src.rows < source.CHUNK_ROWS
    bar = tqdm(total=src.rows, unit="rows", file=sys.stderr, disable=True if quiet else None)
    learners: set[str] = set()
    tracked = [c for c in TRACKED.get(kind, ()) if src.supplies(c)]
    changes: list[Change] = []
    key_column, numbers = src.key_column(), RowNumbers()
    teams: dict[str, set[tuple[str, str]]] = {}
    names: dict[str, str] = {}
    try:
        with store.transaction(bulk=True) as conn:
            for raw, last in _with_last(src.chunks()):
                end = raw.index[-1] if last and src.open_end is not None and len(raw) else None
                raw = raw[(raw != "").any(axis=1)]  # blank lines are not rows
                if key_column is not None:
                    numbers.feed(raw[key_column])
                good, bad = _check_chunk(src, checks, seen, raw, end if end in raw.index else None)
                if len(bad):
                    out.write(bad, raw)
                    shown = bad["reason"].head(REASONS_SHOWN - len(result.reasons))
                    result.reasons += list(zip(shown.index.tolist(), shown.tolist(), strict=True))
                if kind == "scores":
                    # a score is a model object: a few thousand at a time keeps memory low
                    for at in range(0, len(good), SCORE_BATCH):
                        part = good.iloc[at : at + SCORE_BATCH]
                        scores = [_score(r) for r in _records(part, list(COLUMNS[kind]))]
                        saved = store.save_scores(scores, conn)
                        result.added += saved.added
                        result.updated += saved.updated
                        result.unchanged += saved.unchanged
                else:
                    if kind == "attempts":
                        learners.update(good["learner_id"])
                    if kind == "reps":
                        for rep, name, team in zip(
                            good["rep_id"], good["name"], good["team_id"], strict=True
                        ):
                            teams[rep], names[rep] = {("learner", team)}, name
                    changed = (
                        store.apply_changes(kind, _records(good, columns), tracked, conn)
                        if tracked
                        else []
                    )
                    added = store.insert_new(kind, good[columns], conn)
                    updated = len({c.record_id for c in changed})
                    changes += changed
                    result.added += added
                    result.updated += updated
                    result.unchanged += len(good) - added - updated
                result.read += len(raw)
                result.rejected += len(bad)
                bar.update(len(raw))
            if numbers.found:
                raise IngestError(
                    "op.ingest.row_numbers", path=src.path, column=key_column, n=numbers.count
                )
            if kind == "attempts" and learners:
                # review cards are derived from attempts: rebuilt whole, in the same transaction,
                # even when nothing is added, so a re-run repairs cards that went missing
                from helpers.learner.review import rebuild_cards

                rebuild_cards(store, learners, conn)
            if teams:
                # every rep is a learner of their team (as the file says now)
                store.set_roles_many(teams, "reps", conn, names)
            written = result.added + result.updated
            import_id = store.log_import(
                conn, kind, str(src.path), src.sha256, result.read, written, result.rejected
            )
            store.log_changes(conn, changes, import_id)
            result.rejects_path = out.finish()
            if check:
                raise _Checked
    except _Checked:
        pass
    except BaseException:
        out.discard()
        raise
    finally:
        bar.close()
    return result


def ingest(
    kind: str,
    path: Path,
    store: Store,
    mapping: Path | None = None,
    rejects: Path | None = None,
    sheet: str | None = None,
    progress: bool = False,
    encoding: str | None = None,
    derive_id: bool = False,
    header_row: int | None = None,
    check: bool = False,
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
    encoding : str, optional
        Text encoding of a CSV file (e.g. ``big5``); default the mapping's, else detected.
    derive_id : bool
        Contacts and deals: derive each row's id from its content, as the mapping's
        ``id: derived`` does (see data/README.md).
    header_row : int, optional
        Row number of the header (from 1); default the mapping's ``header_row``, else
        found among the first rows (see :func:`~helpers.report.ingest.source.find_header`).
    check : bool
        Run every check and count what would be stored, then roll the transaction back:
        the store is left as it was (the import log too), and a rejects file is written
        only if ``rejects`` names one.

    Returns
    -------
    IngestResult
        Rows read, added, already stored, rejected, and the rejects file if any.

    Raises
    ------
    IngestError
        If the file is unusable as a whole, or its contacts or deals are keyed by row
        number (1, 2, 3... in file order) and ids are not derived; then nothing is written.
    """
    src = prepare(kind, path, mapping, sheet, encoding, derive_id, header_row)
    return _load(src, store, rejects, progress, check)


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
        raise IngestError("op.ingest.not_folder", path=folder)
    sources = [prepare(k, folder / f"{k}.csv") for k in KINDS if (folder / f"{k}.csv").is_file()]
    if not sources:
        names = ", ".join(k + ".csv" for k in KINDS)
        raise IngestError("op.ingest.no_files", path=folder, names=names)
    results = []
    for src in sources:
        results.append(_load(src, store, progress=progress))
        if report:
            report(results[-1])
    return results
