"""Objection scenarios: walk a branching dialogue, score the path, find skipped steps.

The walk itself (:class:`ScenarioRun`, :func:`walk`, :func:`follow`,
:func:`max_path_score`) serves any branching document whose steps offer
choices with a ``score`` and a ``next`` step, or end: the field cases of
:mod:`helpers.learner.exercises.cases` run on it too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from helpers.learner.exercises.result import Feedback, Result, empty_answer, msg, stored_missed
from helpers.playbook.library import Library
from helpers.playbook.models import (
    Choice,
    Ending,
    FieldCaseDoc,
    ObjectionScenarioDoc,
    ScenarioStep,
    Text,
)


class Branch(Protocol):
    """What a walk needs of a choice: its id, its points and the step it leads to."""

    id: str
    score: int
    next: str


class BranchStep(Protocol):
    """What a walk needs of a step: its id, and its choices or its ending."""

    id: str
    choices: Any
    ending: Ending | None


Branching = ObjectionScenarioDoc | FieldCaseDoc
"""A document a run can walk: an objection scenario or a field case."""


def step_name(lib: Library, term: str) -> Text:
    """The glossary name of a method step or tactic (鼓励 / Encourage …)."""
    terms = lib.terms
    return terms[term][1].name if term in terms else Text(zh=term, en=term)


def best_choice(step: Any) -> Any:
    """The highest-scoring choice at a decision point (the first one on a tie)."""
    return max(step.choices, key=lambda c: c.score)


def choice_feedback(lib: Library, step: ScenarioStep, choice: Choice) -> Feedback:
    """The line a reply gets: its feedback and the method step it is about.

    A reply as good as the best one at its step names the step it used. Any
    other reply also names the step the moment called for (the best reply's):
    "You used Multiply; this moment called for Encourage", or, when the reply
    was about that same step, "This moment called for Encourage".

    Parameters
    ----------
    lib : Library
        For the glossary names of the steps.
    step : ScenarioStep
        The decision point.
    choice : Choice
        The reply taken there.

    Returns
    -------
    Feedback
        About ``<step id>.<choice id>``, with the reply's points.
    """
    best = best_choice(step)
    used = step_name(lib, choice.method_step)
    if choice.score >= best.score:
        text = msg("fb.choice", feedback=choice.feedback, step=used)
    elif choice.method_step != best.method_step:
        wanted = step_name(lib, best.method_step)
        text = msg("fb.choice_other_step", feedback=choice.feedback, used=used, wanted=wanted)
    else:
        text = msg("fb.choice_weak", feedback=choice.feedback, wanted=used)
    ok = choice.score >= best.score
    return Feedback(f"{step.id}.{choice.id}", ok, text, choice.method_step, float(choice.score))


def max_path_score(doc: Branching) -> int:
    """The most points any path through the scenario (or case) can earn."""
    memo: dict[str, int] = {}

    def best(sid: str) -> int:
        if sid not in memo:
            step = doc.step(sid)
            memo[sid] = max((c.score + best(c.next) for c in step.choices), default=0)
        return memo[sid]

    return best(doc.start)


@dataclass
class ScenarioRun:
    """One learner's way through one scenario.

    Create it, read :attr:`current`, call :meth:`choose` with a choice id until
    :attr:`finished`; :meth:`result` grades the path. ``replay`` starts over.
    """

    lib: Library
    doc: Any
    """The scenario (for a subclass, another branching document such as a field case)."""
    path: list[tuple[str, str]] = field(default_factory=list)
    """(step id, choice id) pairs taken so far."""

    def feedback_for(self, step: Any, choice: Any) -> Feedback:
        """The feedback a choice gets at its step (for a scenario: :func:`choice_feedback`)."""
        return choice_feedback(self.lib, step, choice)

    def taken(self) -> list[tuple[Any, Any]]:
        """The (step, choice) pairs taken so far, as content."""
        out = []
        for sid, cid in self.path:
            step = self.doc.step(sid)
            out.append((step, next(c for c in step.choices if c.id == cid)))
        return out

    @property
    def current(self) -> ScenarioStep:
        """The step the dialogue is at now."""
        if not self.path:
            return self.doc.step(self.doc.start)
        sid, cid = self.path[-1]
        choice = next(c for c in self.doc.step(sid).choices if c.id == cid)
        return self.doc.step(choice.next)

    @property
    def finished(self) -> bool:
        """Whether the dialogue reached an ending."""
        return self.current.ending is not None

    def choose(self, choice_id: str) -> Feedback:
        """Take a choice at the current step and return its feedback.

        Raises
        ------
        ValueError
            If the scenario has ended or the choice is not offered here.
        """
        step = self.current
        if step.ending is not None:
            raise ValueError(f"scenario {self.doc.id} has ended; replay to start again")
        choice = next((c for c in step.choices if c.id == choice_id), None)
        if choice is None:
            offered = ", ".join(c.id for c in step.choices)
            raise ValueError(f"no choice {choice_id!r} at step {step.id!r}; offered: {offered}")
        self.path.append((step.id, choice.id))
        return self.feedback_for(step, choice)

    def replay(self) -> None:
        """Start the dialogue again from the first step."""
        self.path.clear()

    def skipped(self) -> list[str]:
        """Method steps missed on this path: at each decision where the learner took
        a reply worth less than the best, the step the moment called for (the
        best reply's)."""
        out = []
        for sid, cid in self.path:
            step = self.doc.step(sid)
            best = best_choice(step)
            if cid != best.id and next(c for c in step.choices if c.id == cid).score < best.score:
                out.append(best.method_step)
        return out

    def result(self) -> Result:
        """Grade the path so far: points earned against the best possible path.

        An empty path (no choice taken yet) earns nothing and says so.
        """
        if not self.path:
            return empty_answer(f"scenario:{self.doc.id}", float(max_path_score(self.doc)))
        items = []
        score = 0
        for sid, cid in self.path:
            step = self.doc.step(sid)
            choice = next(c for c in step.choices if c.id == cid)
            score += choice.score
            items.append(self.feedback_for(step, choice))
        end = self.current.ending
        if end is not None:
            items.append(
                Feedback("ending", end.outcome == "won", msg("fb.scenario_end", text=end.text))
            )
        return Result(
            f"scenario:{self.doc.id}",
            float(score),
            float(max_path_score(self.doc)),
            items,
            self.skipped(),
            msg("rule.scenario"),
        )


def play(lib: Library, doc: ObjectionScenarioDoc, choices: Sequence[str]) -> Result:
    """Grade a whole path given as choice ids (a pure function of content and answer).

    Choices after the dialogue has ended are ignored. A choice that is not
    offered at its step ends the walk there: it is named as not one of the
    options and the path so far is graded.

    Parameters
    ----------
    lib : Library
        For the glossary names of the steps.
    doc : ObjectionScenarioDoc
        The scenario.
    choices : sequence of str
        The choice ids taken, in order.

    Returns
    -------
    Result
        Points earned against the best path; ``missed`` lists the method
        steps the best choices would have used where the learner took another.
    """
    return walk(ScenarioRun(lib, doc), choices)


def walk(run: ScenarioRun, choices: Sequence[str]) -> Result:
    """Take ``choices`` on a fresh ``run`` and grade the path (see :func:`play`).

    Parameters
    ----------
    run : ScenarioRun
        A run with no choice taken yet (of a scenario, or of a subclass for another kind).
    choices : sequence of str
        The choice ids taken, in order.

    Returns
    -------
    Result
        The run's result; a choice not offered at its step ends the walk and
        is named first.
    """
    for cid in choices:
        if run.finished:
            break
        if cid not in {c.id for c in run.current.choices}:
            r = run.result()
            unknown = Feedback(cid, False, msg("fb.unknown_option", name=cid))
            items = [unknown, *(i for i in r.items if i.item != "answer")]
            return Result(r.exercise_id, r.score, r.max_score, items, r.missed, r.rule)
        run.choose(cid)
    return run.result()


def resume(lib: Library, doc: ObjectionScenarioDoc, choices: Sequence[str]) -> ScenarioRun:
    """A run that has already taken ``choices`` (e.g. a half-played dialogue kept as a draft).

    Raises
    ------
    ValueError
        If a choice is not offered at its step or comes after the end.
    """
    return follow(ScenarioRun(lib, doc), choices)


def follow(run: ScenarioRun, choices: Sequence[str]) -> ScenarioRun:
    """``run`` after taking ``choices`` (see :func:`resume`).

    Raises
    ------
    ValueError
        If a choice is not offered at its step or comes after the end.
    """
    for cid in choices:
        run.choose(cid)
    return run


def paths(doc: Branching) -> list[list[str]]:
    """Every way through a scenario or case, as the choice ids taken, from start to an ending.

    Parameters
    ----------
    doc : ObjectionScenarioDoc or FieldCaseDoc
        A document whose paths all end (as the library check requires).

    Returns
    -------
    list of list of str
        One list of choice ids per path, in the order of the choices in the file.
    """
    out: list[list[str]] = []

    def go(sid: str, trail: list[str]) -> None:
        step = doc.step(sid)
        if step.ending is not None:
            out.append(trail)
            return
        for c in step.choices:
            go(c.next, [*trail, c.id])

    go(doc.start, [])
    return out


def replayed_missed(
    feedback: Any, answer: Any, replay: Callable[[list[str]], ScenarioRun]
) -> list[str]:
    """What a stored attempt missed, from its feedback or else by playing its path again.

    Parameters
    ----------
    feedback : Any
        The stored feedback; its kept ``missed`` list is used when there is one.
    answer : Any
        The stored answer: the choice ids taken.
    replay : callable
        A run that has taken the given path (e.g. :func:`resume` on the document).

    Returns
    -------
    list of str
        What the run skipped; empty when the path is not a list of ids or no
        longer fits the document.
    """
    kept = stored_missed(feedback)
    if kept is not None:
        return kept
    if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
        return []
    try:
        return replay(answer).skipped()
    except (ValueError, KeyError, StopIteration):
        return []


def attempt_missed(
    lib: Library, doc: ObjectionScenarioDoc, answer: Any, feedback: Any
) -> list[str]:
    """The method steps a stored scenario attempt skipped.

    Read from the stored feedback when it keeps them; for older records
    (and imported history) worked out again from the stored path, when the
    path still fits the scenario.

    Parameters
    ----------
    lib : Library
        The content library.
    doc : ObjectionScenarioDoc
        The scenario the attempt was made on.
    answer : Any
        The stored answer: the choice ids taken.
    feedback : Any
        The stored feedback.

    Returns
    -------
    list of str
        Method step ids, one per decision where a better step was skipped.
    """
    return replayed_missed(feedback, answer, lambda path: resume(lib, doc, path))


def skipped_summary(missed_lists: Iterable[Sequence[str]]) -> list[tuple[str, int]]:
    """Count the method steps a learner tends to skip, most often first.

    Parameters
    ----------
    missed_lists : iterable of sequences of str
        The ``missed`` steps of each attempt.

    Returns
    -------
    list of (str, int)
        Each step id with how often it was skipped, most often first (ties
        in the order first seen).
    """
    counts: Counter[str] = Counter()
    for missed in missed_lists:
        counts.update(missed)
    return counts.most_common()
