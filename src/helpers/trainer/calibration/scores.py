"""Role-play scores: read a score file, read the store, pick one, and check a frame.

A score file is a CSV with one row per score and the columns ``session_id``,
``criterion_id``, ``trainer_id`` and ``score`` (other columns are ignored).
:func:`read_scores` reads a file, :func:`store_scores` reads the store, and
:func:`load_scores` picks one. A file that cannot be used raises ``ValueError``
naming the file, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from helpers.errors import DataError
from helpers.files import detect_encoding
from helpers.i18n import say, t
from helpers.playbook.models import Locale
from helpers.playbook.scale import on_scale, parse_scores

if TYPE_CHECKING:
    from helpers.store import Store

COLUMNS: tuple[str, ...] = ("session_id", "criterion_id", "trainer_id", "score")
"""The columns a score file must have (ids are text; other columns are ignored)."""


class ScoreFileError(DataError):
    """Scores (a file or a frame) that cannot be used; the message names file, row and column."""


REVISED = "revised_score"
"""The optional column holding a score's value after a revision (empty: not revised)."""


def _check(scores: pd.DataFrame) -> pd.DataFrame:
    """The four columns, ids as text and scores as integers; ValueError if unusable."""
    missing = [c for c in COLUMNS if c not in scores.columns]
    if missing:
        raise ScoreFileError("op.scores.lack_columns", missing=", ".join(missing))
    frame = scores.loc[:, list(COLUMNS)].reset_index(drop=True)
    for col in COLUMNS[:3]:
        frame[col] = frame[col].astype(str)
    values = parse_scores(frame["score"])
    bad = values.isna()
    if bad.any():
        raise ScoreFileError("op.scores.bad_score", value=repr(frame["score"][bad].iloc[0]))
    frame["score"] = values.astype(int)
    dup = frame.duplicated(list(COLUMNS[:3]))
    if dup.any():
        key = ", ".join(frame.loc[dup, list(COLUMNS[:3])].iloc[0])
        raise ScoreFileError("op.scores.twice_key", key=key)
    return frame


def _read_csv(path: Path) -> pd.DataFrame:
    encoding = detect_encoding(path)
    if encoding is None:
        raise ScoreFileError("op.encoding", path=path)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)


def _score_problem(value: str) -> str | None:
    if on_scale(value) is None:
        return say("op.scores.not_on_scale", value=repr(value))
    return None


def read_scores(path: str | Path, revised: bool = False) -> pd.DataFrame:
    """Read a CSV file of role-play scores, checked.

    Parameters
    ----------
    path : str or Path
        UTF-8 (with or without BOM) or GB18030 CSV with a header naming at least
        ``session_id``, ``criterion_id``, ``trainer_id`` and ``score``; every id
        is read as text, so ``007`` stays ``007``. An optional ``revised_score``
        (as ``coachkit export-scores`` writes) holds a score's value after a
        revision; other columns are ignored.
    revised : bool
        Use the revised values where there are any, instead of the scores as
        first submitted (blind).

    Returns
    -------
    pandas.DataFrame
        The four columns, ids as text, scores as integers 1 to 5;
        ``frame.attrs["revisions"]`` counts the scores revised after first submission.

    Raises
    ------
    ValueError
        For a file that cannot be read, a missing column, an empty id, a score
        that is not a whole number from 1 to 5, or the same session, criterion
        and trainer twice. The message names the file, the row (the header is
        row 1) and the column of the first problem, and how many more there are.
    """
    path = Path(path)
    if not path.is_file():
        raise ScoreFileError("op.no_file", path=path)
    try:
        raw = _read_csv(path)
    except pd.errors.EmptyDataError as exc:
        raise ScoreFileError("op.empty_file", path=path) from exc
    except pd.errors.ParserError as exc:
        msg = str(exc).strip().splitlines()[-1]
        raise ScoreFileError("op.ingest.bad_csv", path=path, detail=msg) from exc
    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise ScoreFileError(
            "op.scores.missing_columns",
            path=path,
            missing=", ".join(missing),
            columns=", ".join(COLUMNS),
        )
    frame = raw.loc[:, list(COLUMNS)].apply(lambda col: col.str.strip())
    later = raw[REVISED].str.strip() if REVISED in raw.columns else pd.Series("", index=raw.index)
    problems: list[str] = []
    first_row: dict[tuple[str, str, str], int] = {}
    for i, (row, again) in enumerate(zip(frame.itertuples(index=False), later, strict=True), 2):
        for col, value in zip(COLUMNS, row, strict=True):
            if not value:
                problems.append(say("op.scores.row", row=i, column=col, why=say("op.empty")))
            elif col == "score" and (why := _score_problem(value)):
                problems.append(say("op.scores.row", row=i, column=col, why=why))
        if again and (why := _score_problem(again)):
            problems.append(say("op.scores.row", row=i, column=REVISED, why=why))
        key = (row.session_id, row.criterion_id, row.trainer_id)
        if key in first_row:
            problems.append(
                say(
                    "op.scores.twice",
                    first=first_row[key],
                    row=i,
                    session=key[0],
                    criterion=key[1],
                    trainer=key[2],
                )
            )
        else:
            first_row[key] = i
    if problems:
        if len(problems) > 1:
            raise ScoreFileError(
                "op.scores.problems", path=path, first=problems[0], more=len(problems) - 1
            )
        raise ScoreFileError("op.scores.problem", path=path, first=problems[0])
    first = frame["score"].astype(float).astype(int)
    now = later.where(later != "", frame["score"]).astype(float).astype(int)
    frame["score"] = now if revised else first
    frame.attrs["revisions"] = int((now != first).sum())
    return frame


def store_scores(store: Store, revised: bool = False) -> pd.DataFrame:
    """Every role-play score in the store, as calibration reads it.

    Parameters
    ----------
    store : Store
        Where the scores are.
    revised : bool
        Use each score's value now, revisions included, instead of the value
        first submitted (blind, the default).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`COLUMNS`, ids as text; empty if nothing is stored;
        ``frame.attrs["revisions"]`` counts the scores revised after first submission.
    """
    stored = store.scores_frame()
    frame = stored.loc[:, list(COLUMNS)]
    for col in COLUMNS[:3]:
        frame[col] = frame[col].astype(str)
    frame["score"] = (stored["score"] if revised else stored["first_score"]).astype(int)
    frame.attrs["revisions"] = int((stored["score"] != stored["first_score"]).sum())
    return frame


@dataclass
class ScoreSource:
    """Scores and where they came from: ``file``, ``store``, ``sample`` or ``empty``."""

    frame: pd.DataFrame
    origin: str
    where: str
    revised: bool = False
    """True when revised values are used; False for the scores as first submitted (blind)."""

    def note(self, locale: Locale) -> str:
        """Which scores these are, in plain words: where from, and blind or revised."""
        line = t(f"calib.source.{self.origin}", locale, where=self.where, n=len(self.frame))
        revisions = int(self.frame.attrs.get("revisions", 0))
        if self.revised:
            return f"{line} {t('calib.source.revised', locale, n=revisions)}"
        if revisions:
            return f"{line} {t('calib.source.blind', locale, n=revisions)}"
        return line


def load_scores(
    scores: str | Path = "", store: Store | None = None, revised: bool = False
) -> ScoreSource:
    """Scores from a CSV file, or else the store, or else the bundled sample.

    Parameters
    ----------
    scores : str or Path
        A CSV file for :func:`read_scores`; ``""`` reads the store.
    store : Store, optional
        The store to read when ``scores`` is ``""``; default: the configured one.
        When it holds no role-play score yet, the bundled sample
        ``data/sample/scores.csv`` is used, and :meth:`ScoreSource.note` says so.
    revised : bool
        Use revised values where trainers changed a score after seeing the
        others'; by default every score is taken as first submitted (blind).
    """
    if str(scores):
        return ScoreSource(read_scores(scores, revised), "file", str(scores), revised)
    from helpers.config import get_settings
    from helpers.store import Store, describe

    db = store if store is not None else Store()
    frame = store_scores(db, revised)
    if len(frame):
        return ScoreSource(frame, "store", describe(db.url), revised)
    sample = get_settings().sample_data / "scores.csv"
    if sample.is_file():
        return ScoreSource(read_scores(sample, revised), "sample", str(sample), revised)
    empty = pd.DataFrame(columns=list(COLUMNS))
    return ScoreSource(empty, "empty", describe(db.url), revised)
