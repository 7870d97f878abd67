"""Scoring a role-play on the rubric: from a filled-in sheet to stored scores, and back to a table.

Pure functions; :mod:`helpers.trainer.sheet_view` puts them behind the trainer's
score sheet and :mod:`helpers.store` keeps the results.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence

import pandas as pd

from helpers.i18n import t
from helpers.playbook.models import Locale, RubricDoc
from helpers.store import RoleplaySession, Score


class SheetError(ValueError):
    """A score sheet that cannot be saved as it is; ``missing`` names the unscored criteria."""

    def __init__(self, message: str, missing: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.missing = list(missing)


def new_session_id(rep_id: str, when: dt.datetime) -> str:
    """A readable, unique id for a new role-play session: ``R0001-20261102-0930-1a2b``."""
    return f"{rep_id}-{when:%Y%m%d-%H%M}-{uuid.uuid4().hex[:4]}"[:64]


def sheet_scores(
    session: RoleplaySession,
    trainer_id: str,
    rubric: RubricDoc,
    version: str,
    values: Mapping[str, int | None],
    comments: Mapping[str, str] | None = None,
    on: dt.date | None = None,
    criteria: Sequence[str] | None = None,
) -> list[Score]:
    """Turn a filled-in score sheet into scores to store.

    Parameters
    ----------
    session : RoleplaySession
        The role-play being scored.
    trainer_id : str
        Who scores.
    rubric : RubricDoc
        The rubric the sheet showed.
    version : str
        That rubric's content version: each score keeps it.
    values : mapping
        Criterion id -> score 1 to 5 (None: not scored yet).
    comments : mapping, optional
        Criterion id -> the trainer's comment.
    on : date, optional
        The day of scoring (default today).
    criteria : sequence of str, optional
        The criteria of ``rubric`` the sheet asked for (default: all of them);
        each must have a score, and no other may have one.

    Raises
    ------
    SheetError
        If a criterion asked for has no score, or a criterion not asked for has one.
    """
    trainer_id = trainer_id.strip()
    if not trainer_id:
        raise SheetError("no trainer id")
    unknown = sorted(set(values) - {c.id for c in rubric.criteria})
    if unknown:
        raise SheetError(f"criteria not in rubric {rubric.id}: {', '.join(unknown)}")
    ids = [c.id for c in rubric.criteria if criteria is None or c.id in criteria]
    extra = sorted(set(values) - set(ids))
    if extra:
        raise SheetError(f"criteria not on this sheet: {', '.join(extra)}")
    missing = [c for c in ids if values.get(c) is None]
    if missing:
        raise SheetError(f"no score yet for {', '.join(missing)}", missing)
    comments = comments or {}
    return [
        Score(
            session_id=session.session_id,
            trainer_id=trainer_id,
            criterion_id=c,
            rep_id=session.rep_id,
            score=int(values[c]),  # type: ignore[arg-type]
            comment=(comments.get(c) or "").strip(),
            scenario_id=session.scenario_id,
            rubric_version=version,
            scored_on=on or dt.date.today(),
        )
        for c in ids
    ]


def _cell(now: float, was: float, locale: Locale) -> str | None:
    if now != now:  # NaN: not scored
        return None
    if int(was) != int(now):
        return t("ui.rp.was", locale, now=int(now), first=int(was))
    return str(int(now))


def agreement_table(scores: Sequence[Score], rubric: RubricDoc, locale: Locale) -> pd.DataFrame:
    """The session's scores side by side: one row per criterion, one column per trainer.

    Each trainer's column header carries the rubric version their scores were
    given under; a score changed after it was first submitted shows both values
    ("4 (was 3)"); the last column is the spread (highest minus lowest score now).
    """
    if not scores:
        return pd.DataFrame()
    frame = pd.DataFrame([s.model_dump() for s in scores])
    versions = frame.groupby("trainer_id")["rubric_version"].agg(lambda v: "/".join(sorted(set(v))))
    wide = frame.pivot(index="criterion_id", columns="trainer_id", values="score")
    order = [c.id for c in rubric.criteria if c.id in wide.index]
    order += sorted(set(wide.index) - set(order))
    wide = wide.reindex(order)
    spread = wide.max(axis=1) - wide.min(axis=1)
    names = {c.id: c.name.get(locale) for c in rubric.criteria}
    out = pd.DataFrame({t("ui.rp.criterion", locale): [names.get(c, c) for c in wide.index]})
    frame["first_score"] = pd.to_numeric(frame["first_score"]).fillna(frame["score"])
    first = frame.pivot(index="criterion_id", columns="trainer_id", values="first_score")
    first = first.reindex(index=wide.index, columns=wide.columns)
    for trainer in wide.columns:
        head = t("ui.rp.trainer_version", locale, trainer=trainer, version=versions[trainer])
        out[head] = [
            _cell(now, was, locale) for now, was in zip(wide[trainer], first[trainer], strict=True)
        ]
    out[t("ui.rp.spread", locale)] = [int(v) for v in spread.fillna(0)]
    return out
