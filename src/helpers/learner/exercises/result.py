"""What every grading function returns: a score and itemised, bilingual feedback."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from helpers.i18n import CATALOGUE, catalogue
from helpers.playbook.models import LOCALES, Locale, Text

if TYPE_CHECKING:
    from helpers.playbook.library import Library

T = TypeVar("T")


def msg(key: str, **values: Any) -> Text:
    """Build a bilingual message from the catalogue, filling ``{name}`` fields.

    A value that is a :class:`Text` is filled in the matching language, a list
    of them is joined with the language's list separator; other values are
    formatted as they are.
    """
    messages = catalogue()
    template = messages[key]
    out = {}
    for loc in LOCALES:
        sep = list_separator(loc)
        filled = {k: _fill(v, loc, sep) for k, v in values.items()}
        out[loc] = template.get(loc).format(**filled)  # type: ignore[arg-type]
    return Text(**out)


@cache
def _raw_separators() -> dict[str, str]:
    raw = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in raw["sep.list"].items()}


def list_separator(locale: str) -> str:
    """The separator between list items in ``locale`` ("、" in Chinese, ", " in English).

    Read from the catalogue file as written: the :class:`Text` model strips
    surrounding whitespace, which would turn the English ", " into ",".

    Parameters
    ----------
    locale : str
        "zh" or "en".

    Returns
    -------
    str
        The separator, spaces kept.
    """
    return _raw_separators().get(locale) or catalogue()["sep.list"].get(locale)  # type: ignore[arg-type]


def method_name(lib: Library | None, term: str) -> Text:
    """The glossary name of a method term or a whole method, in both languages.

    Parameters
    ----------
    lib : Library or None
        The content library whose glossary (``methods.yaml``) names the term.
        Without one, or for an id the glossary lacks, the id itself is used.
    term : str
        A term id (``"ask"``, ``"benefit"``) or a method id (``"ffab"``).

    Returns
    -------
    Text
        E.g. 发问 / Ask, or FFAB 产品介绍法 / The FFAB pitch.
    """
    if lib is not None:
        terms = lib.terms
        if term in terms:
            return terms[term][1].name
        methods = lib.methods
        if term in methods:
            return methods[term].name
    return Text(zh=term, en=term)


def named(text: Text, step: Text | Sequence[Text]) -> Text:
    """``text`` followed by the method step(s) it is about, e.g. "… (The FFAB pitch)".

    Parameters
    ----------
    text : Text
        A feedback line.
    step : Text or sequence of Text
        The glossary name(s) of the step, stage or method.

    Returns
    -------
    Text
        The line with the step named in brackets, in both languages.
    """
    return msg("fb.step_named", text=text, step=step)


def _fill(value: Any, loc: str, sep: str) -> Any:
    if isinstance(value, Text):
        return value.get(loc)  # type: ignore[arg-type]
    if isinstance(value, list | tuple) and all(isinstance(v, Text) for v in value):
        return sep.join(v.get(loc) for v in value)  # type: ignore[arg-type]
    return value


@dataclass(frozen=True)
class Feedback:
    """One line of feedback about one part of an answer.

    Attributes
    ----------
    item : str
        What the line is about (a stage, question, slot or choice id).
    ok : bool
        Whether that part was right.
    text : Text
        The feedback, in both languages.
    method : str or None
        The method term the line names (a stage id, "ask", "divide", "benefit"…).
    points : float or None
        The points this part earned (positive) or cost (negative), for exercises
        scored part by part; None where the line is not about points.
    """

    item: str
    ok: bool
    text: Text
    method: str | None = None
    points: float | None = None

    def to_json(self) -> dict[str, Any]:
        """A plain dict for the store."""
        out: dict[str, Any] = {
            "item": self.item,
            "ok": self.ok,
            "zh": self.text.zh,
            "en": self.text.en,
            "method": self.method,
        }
        if self.points is not None:
            out["points"] = self.points
        return out


@dataclass(frozen=True)
class Result:
    """The grading of one answer to one exercise.

    Attributes
    ----------
    exercise_id : str
        ``<exercise kind>:<content id>``.
    score, max_score : float
        Points earned and possible.
    items : list of Feedback
        Itemised feedback, in the order the learner should read it.
    missed : list of str
        Method terms the answer used wrongly or skipped, for review and summaries.
    rule : Text or None
        How the score is made, in one line, for exercises that give part marks.
    """

    exercise_id: str
    score: float
    max_score: float
    items: list[Feedback] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    rule: Text | None = None

    @property
    def ratio(self) -> float:
        """Score as a share of the maximum, 0 to 1."""
        return self.score / self.max_score if self.max_score else 0.0

    @property
    def passed(self) -> bool:
        """At least 80% of the points."""
        return self.ratio >= 0.8

    def lines(self, locale: Locale) -> list[tuple[bool, str]]:
        """The feedback as (ok, text) pairs in ``locale``."""
        return [(f.ok, f.text.get(locale)) for f in self.items]

    def with_rule(self, key: str, **values: Any) -> Result:
        """The same result, saying how its score is made (message ``key`` of the catalogue)."""
        return replace(self, rule=msg(key, **values))

    @classmethod
    def from_points(
        cls, exercise_id: str, items: list[Feedback], max_score: float, term: str | None = None
    ) -> Result:
        """The result whose score adds up the points of ``items``.

        Parameters
        ----------
        exercise_id : str
            ``<exercise kind>:<content id>``.
        items : list of Feedback
            The lines, each with the points it earned or cost.
        max_score : float
            The points possible.
        term : str, optional
            The one method term the exercise trains: missed when the score falls
            short of ``max_score``. Without it, the methods of the lines marked
            wrong are missed, sorted.

        Returns
        -------
        Result
            With no rule; add one with :meth:`with_rule`.
        """
        score = sum(f.points or 0.0 for f in items)
        if term is None:
            missed = sorted({f.method for f in items if not f.ok and f.method})
        else:
            missed = [] if score == max_score else [term]
        return cls(exercise_id, score, max_score, items, missed)  # type: ignore[arg-type]

    def feedback_json(self) -> dict[str, Any]:
        """The feedback for the store: ``{"items": [...], "missed": [...]}``.

        ``items`` are the feedback lines as plain dicts; ``missed`` the method
        terms the answer skipped or misused, kept so that summaries such as
        "the steps this learner tends to skip" can be built from the store.
        """
        return {"items": [f.to_json() for f in self.items], "missed": list(self.missed)}


def stored_missed(feedback: Any) -> list[str] | None:
    """The method terms a stored attempt missed, or None when the record does not say.

    Records stored before the missed terms were kept (a plain list of lines)
    and imported history give None, so the caller can work them out again.
    """
    if isinstance(feedback, dict) and isinstance(feedback.get("missed"), list):
        return [str(m) for m in feedback["missed"]]
    return None


def empty_answer(exercise_id: str, max_score: float) -> Result:
    """The result of an empty answer: no points, and a nudge to answer."""
    return Result(
        exercise_id,
        0.0,
        max_score,
        [Feedback("answer", False, msg("fb.empty_answer"))],
    )


def in_order(items: Sequence[Feedback], presented: Sequence[str] | None) -> list[Feedback]:
    """Feedback lines in the order their items were ``presented`` on screen.

    Lines about items that were not presented (an unknown option, a repeat)
    keep their place at the top; with no ``presented`` order the lines are
    returned as they are.
    """
    if presented is None:
        return list(items)
    rank = {item: i for i, item in enumerate(presented)}
    return sorted(items, key=lambda f: rank.get(f.item, -1))


def display_order(items: Sequence[T], key: str) -> list[T]:
    """``items`` in a fixed shuffled order for ``key`` (an item or step id).

    Content lists the best answer wherever its writer put it; showing options
    in this order keeps its position from giving it away, while the same
    item always shows its options in the same order.
    """
    out = list(items)
    random.Random(key).shuffle(out)
    return out
