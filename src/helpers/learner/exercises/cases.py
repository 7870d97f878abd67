"""Field cases: play a company's story turn by turn, score the path, and say what it reveals.

A case is walked like an objection scenario (the run, the walk and the path
score are those of :mod:`helpers.learner.exercises.scenario`). What differs is
what the learner is told: after each decision, what happened next in the case
and the principles the decision used or broke; at the end, a summary worked out
from the whole path: the principles applied and broken, the turn where the path
left the best line, and how often the learner did what the real company did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from helpers.learner.exercises.result import Feedback, Result, empty_answer, msg
from helpers.learner.exercises.scenario import (
    ScenarioRun,
    best_choice,
    follow,
    max_path_score,
    paths,
    replayed_missed,
    walk,
)
from helpers.playbook.library import Library
from helpers.playbook.models import CaseChoice, CaseTurn, FieldCaseDoc, Outcome, Text

__all__ = [
    "CaseRun",
    "CaseSummary",
    "attempt_missed",
    "exercise_id",
    "paths",
    "play",
    "principle_name",
    "principle_statement",
    "resume",
    "summarise",
]


def exercise_id(doc: FieldCaseDoc) -> str:
    """The id attempts at a case are stored under: ``case:<case id>``."""
    return f"case:{doc.id}"


def principle_name(lib: Library, pid: str) -> Text:
    """The name of a principle (or of a method term used as one), in both languages."""
    principle = lib.principles.get(pid)
    if principle is not None:
        return principle.name
    term = lib.terms.get(pid)
    return term[1].name if term is not None else Text(zh=pid, en=pid)


def principle_statement(lib: Library, pid: str) -> Text:
    """What a principle asks, in both languages (the id itself when the library lacks it)."""
    principle = lib.principles.get(pid)
    if principle is not None:
        return principle.statement
    term = lib.terms.get(pid)
    return term[1].description if term is not None else Text(zh=pid, en=pid)


def _ordered(ids: Sequence[str]) -> list[str]:
    """``ids`` with repeats dropped, in first-seen order."""
    return list(dict.fromkeys(ids))


@dataclass(frozen=True)
class CaseSummary:
    """What a path through a case shows about the learner's decisions.

    Attributes
    ----------
    score, max_score : int
        Points earned on the path, and what the best path earns.
    outcome : str or None
        The ending's outcome (``won``, ``open`` or ``lost``), None before the end.
    used : list of str
        Principles the learner's decisions applied, in the order first applied.
    broken : list of str
        Principles they broke, in the order first broken.
    wavered : list of str
        Principles applied at one turn and broken at a later one.
    recovered : list of str
        Principles broken first and applied at a later turn, never broken
        after they were first applied.
    turning_point : str or None
        The first turn where the learner took a decision worth less than the
        best one there; None when every decision was a best one.
    historical : int
        Decisions on the path that match what the real company did.
    historical_turns : int
        Turns on the path where the content marks what the real company did.
    """

    score: int
    max_score: int
    outcome: Outcome | None
    used: list[str]
    broken: list[str]
    wavered: list[str]
    recovered: list[str]
    turning_point: str | None
    historical: int
    historical_turns: int


def summarise(doc: FieldCaseDoc, choices: Sequence[str]) -> CaseSummary:
    """Sum up a path through a case (a pure function of the case and the choice ids).

    Parameters
    ----------
    doc : FieldCaseDoc
        The case.
    choices : sequence of str
        The choice ids taken, in order; the walk stops at an ending or at a
        choice not offered at its turn.

    Returns
    -------
    CaseSummary
        Principles used and broken, where the path turned, how often it
        matched the real company's decisions, the points and the outcome.
    """
    turn = doc.step(doc.start)
    taken: list[tuple[CaseTurn, CaseChoice]] = []
    for cid in choices:
        if turn.ending is not None:
            break
        choice = next((c for c in turn.choices if c.id == cid), None)
        if choice is None:
            break
        taken.append((turn, choice))
        turn = doc.step(choice.next)
    used = _ordered([p for _, c in taken for p in c.uses])
    broken = _ordered([p for _, c in taken for p in c.breaks])
    first_use: dict[str, int] = {}
    for i, (_, c) in enumerate(taken):
        for p in c.uses:
            first_use.setdefault(p, i)
    dropped = {p for i, (_, c) in enumerate(taken) for p in c.breaks if first_use.get(p, i) < i}
    turning = next((t.id for t, c in taken if c.score < best_choice(t).score), None)
    return CaseSummary(
        score=sum(c.score for _, c in taken),
        max_score=max_path_score(doc),
        outcome=turn.ending.outcome if turn.ending is not None else None,
        used=used,
        broken=broken,
        wavered=[p for p in used if p in dropped],
        recovered=[p for p in used if p in broken and p not in dropped],
        turning_point=turning,
        historical=sum(c.historical for _, c in taken),
        historical_turns=sum(any(x.historical for x in t.choices) for t, _ in taken),
    )


def choice_feedback(lib: Library, turn: CaseTurn, choice: CaseChoice) -> Feedback:
    """What a decision gets: what happened next, and the principles it used or broke.

    Parameters
    ----------
    lib : Library
        For the principles' names.
    turn : CaseTurn
        The turn the decision was taken at.
    choice : CaseChoice
        The decision.

    Returns
    -------
    Feedback
        About ``<turn id>.<choice id>``, right when no decision there scores
        more, naming the first principle broken (or else the first used).
    """
    lines = [choice.consequence]
    if choice.uses:
        lines.append(msg("fb.case_used", names=[principle_name(lib, p) for p in choice.uses]))
    if choice.breaks:
        lines.append(msg("fb.case_broke", names=[principle_name(lib, p) for p in choice.breaks]))
    text = Text(zh="".join(t.zh for t in lines), en=" ".join(t.en for t in lines))
    ok = choice.score >= best_choice(turn).score
    method = (choice.breaks or choice.uses)[0]
    return Feedback(f"{turn.id}.{choice.id}", ok, text, method, float(choice.score))


def reveal(lib: Library, doc: FieldCaseDoc, summary: CaseSummary) -> list[Feedback]:
    """The closing lines of a finished path, built from its summary.

    Parameters
    ----------
    lib : Library
        For the principles' names and statements.
    doc : FieldCaseDoc
        The case (for the turn titles and the real company's story).
    summary : CaseSummary
        The path's summary.

    Returns
    -------
    list of Feedback
        What the decisions reveal (``reveal``; on a won ending reached after
        giving way on a principle, that the result held this time all the
        same), the turn the path left the best
        line (``turn``), each principle broken with what it asks
        (``broken.<id>``), the principles applied (``used``), and the real
        company's decisions set against the learner's (``history``).
    """
    used = [principle_name(lib, p) for p in summary.used]
    broken = [principle_name(lib, p) for p in summary.broken]
    if summary.wavered:
        wavered = [principle_name(lib, p) for p in summary.wavered]
        text = msg("case.reveal.wavered", names=wavered)
    elif summary.recovered:
        recovered = [principle_name(lib, p) for p in summary.recovered]
        text = msg("case.reveal.recovered", names=recovered)
    elif not summary.broken:
        text = msg("case.reveal.kept", used=used)
    elif summary.outcome == "won":
        text = msg("case.reveal.won_despite", broken=broken)
    elif not summary.used:
        text = msg("case.reveal.broke_all", broken=broken)
    else:
        text = msg("case.reveal.mixed", used=used, broken=broken)
    out = [Feedback("reveal", not summary.broken, text)]
    if summary.turning_point is not None:
        turn = doc.step(summary.turning_point)
        best = best_choice(turn)
        name = turn.title if turn.title is not None else Text(zh=turn.id, en=turn.id)
        wanted = [principle_name(lib, p) for p in best.uses]
        out.append(Feedback("turn", False, msg("case.turning_point", turn=name, names=wanted)))
    for pid in summary.broken:
        line = msg(
            "case.principle_broken",
            name=principle_name(lib, pid),
            statement=principle_statement(lib, pid),
        )
        out.append(Feedback(f"broken.{pid}", False, line, pid))
    if used:
        out.append(Feedback("used", True, msg("case.principles_used", names=used)))
    if summary.historical_turns:
        line = msg(
            "case.history_match",
            n=summary.historical,
            total=summary.historical_turns,
            history=doc.history,
        )
        out.append(Feedback("history", True, line))
    return out


class CaseRun(ScenarioRun):
    """One learner's way through one field case.

    Read :attr:`current`, call :meth:`choose` with a decision id until
    :attr:`finished`; :meth:`result` grades the path and sums it up.
    ``missed`` of the result lists the principles broken.
    """

    doc: FieldCaseDoc

    def feedback_for(self, step: Any, choice: Any) -> Feedback:
        """What happened next, and the principles the decision used or broke."""
        return choice_feedback(self.lib, step, choice)

    def skipped(self) -> list[str]:
        """The principles broken on this path, each once, in the order first broken."""
        return _ordered([p for _, c in self.taken() for p in c.breaks])

    def result(self) -> Result:
        """Grade the path so far and, once the case has ended, say what it reveals."""
        exercise = exercise_id(self.doc)
        if not self.path:
            return empty_answer(exercise, float(max_path_score(self.doc)))
        choices = [cid for _, cid in self.path]
        summary = summarise(self.doc, choices)
        items = [self.feedback_for(t, c) for t, c in self.taken()]
        end = self.current.ending
        if end is not None:
            closing = msg("fb.case_end", text=end.text)
            items.append(Feedback("ending", end.outcome == "won", closing))
            items += reveal(self.lib, self.doc, summary)
        return Result(
            exercise,
            float(summary.score),
            float(summary.max_score),
            items,
            self.skipped(),
            msg("rule.case"),
        )


def play(lib: Library, doc: FieldCaseDoc, choices: Sequence[str]) -> Result:
    """Grade a whole path through a case given as decision ids (a pure function).

    Decisions after the end are ignored; one not offered at its turn ends the
    walk there and is named first.

    Parameters
    ----------
    lib : Library
        For the principles' names and statements.
    doc : FieldCaseDoc
        The case.
    choices : sequence of str
        The decision ids taken, in order.

    Returns
    -------
    Result
        Points against the best path, each decision's consequence and
        principles, and (at the end) the summary; ``missed`` lists the
        principles broken.
    """
    return walk(CaseRun(lib, doc), choices)


def resume(lib: Library, doc: FieldCaseDoc, choices: Sequence[str]) -> CaseRun:
    """A run of the case that has already taken ``choices`` (a draft picked up again).

    Raises
    ------
    ValueError
        If a decision is not offered at its turn or comes after the end.
    """
    run = follow(CaseRun(lib, doc), choices)
    assert isinstance(run, CaseRun)
    return run


def attempt_missed(lib: Library, doc: FieldCaseDoc, answer: Any, feedback: Any) -> list[str]:
    """The principles a stored attempt at a case broke.

    Read from the stored feedback when it keeps them, else worked out again
    from the stored path while it still fits the case.
    """
    return replayed_missed(feedback, answer, lambda path: resume(lib, doc, path))
