"""Objection scenarios: walk a branching dialogue, score the path, find skipped steps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from helpers.exercises.result import Feedback, Result, msg
from helpers.playbook.library import Library
from helpers.playbook.models import Choice, ObjectionScenarioDoc, ScenarioStep, Text


def step_name(lib: Library, term: str) -> Text:
    """The glossary name of a method step or tactic (鼓励 / Encourage …)."""
    terms = lib.terms
    return terms[term][1].name if term in terms else Text(zh=term, en=term)


def best_choice(step: ScenarioStep) -> Choice:
    """The highest-scoring choice at a decision point (the first one on a tie)."""
    return max(step.choices, key=lambda c: c.score)


def max_path_score(doc: ObjectionScenarioDoc) -> int:
    """The most points any path through the scenario can earn."""
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
    doc: ObjectionScenarioDoc
    path: list[tuple[str, str]] = field(default_factory=list)
    """(step id, choice id) pairs taken so far."""

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
        ok = choice.score >= best_choice(step).score
        text = msg(
            "fb.choice", feedback=choice.feedback, step=step_name(self.lib, choice.method_step)
        )
        return Feedback(f"{step.id}.{choice.id}", ok, text, choice.method_step)

    def replay(self) -> None:
        """Start the dialogue again from the first step."""
        self.path.clear()

    def skipped(self) -> list[str]:
        """Method steps missed on this path: at each decision where the learner did
        not take the best choice, the step the best choice would have used."""
        out = []
        for sid, cid in self.path:
            step = self.doc.step(sid)
            best = best_choice(step)
            if cid != best.id and next(c for c in step.choices if c.id == cid).score < best.score:
                out.append(best.method_step)
        return out

    def result(self) -> Result:
        """Grade the path so far: points earned against the best possible path."""
        items = []
        score = 0
        for sid, cid in self.path:
            step = self.doc.step(sid)
            choice = next(c for c in step.choices if c.id == cid)
            score += choice.score
            ok = choice.score >= best_choice(step).score
            text = msg(
                "fb.choice", feedback=choice.feedback, step=step_name(self.lib, choice.method_step)
            )
            items.append(Feedback(f"{sid}.{cid}", ok, text, choice.method_step))
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
        )


def play(lib: Library, doc: ObjectionScenarioDoc, choices: Sequence[str]) -> Result:
    """Grade a whole path given as choice ids (a pure function of content and answer)."""
    run = ScenarioRun(lib, doc)
    for cid in choices:
        if run.finished:
            break
        run.choose(cid)
    return run.result()


def skipped_summary(missed_lists: Iterable[Sequence[str]]) -> list[tuple[str, int]]:
    """Count the method steps a learner tends to skip, most often first."""
    counts: Counter[str] = Counter()
    for missed in missed_lists:
        counts.update(missed)
    return counts.most_common()
