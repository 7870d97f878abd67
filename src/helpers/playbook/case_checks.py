"""Checks that each field case teaches its principles: two endings at least, scores that
side with the principles, and wins that the whole path has earned.

A case teaches by contrast: a learner who applies the principles reaches another
ending than one who breaks them, the decision that breaks a principle is never
the best one at its turn, and a path that gave way early and often does not end
in a win because its last two decisions were good ones.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from helpers.playbook.checks import Loc, reachable_from
from helpers.playbook.issues import ContentIssue, say
from helpers.playbook.models import CaseChoice, CaseTurn, FieldCaseDoc

if TYPE_CHECKING:
    from helpers.playbook.library import Library

MIN_ENDINGS: int = 2
"""A field case has at least this many different endings reachable from its start."""

WON_SHARE: Fraction = Fraction(3, 4)
"""A path ending in a won outcome earns at least this share of the best path's points."""

WON_CLEAN_TURNS: int = 2
"""A path ending in a won outcome breaks no principle at this many last decisions."""

CASE_CODES: frozenset[str] = frozenset(
    {"case-endings", "case-best-breaks", "case-best-untaught", "case-won-unearned"}
)
"""Codes of the problems these checks report (lint errors that do not stop the content working)."""


def check_cases(lib: Library) -> list[ContentIssue]:
    """Run every field-case check and return the problems found."""
    issues: list[ContentIssue] = []
    issues += check_case_endings(lib)
    issues += check_case_scores(lib)
    issues += check_case_wins(lib)
    return issues


def check_case_endings(lib: Library) -> list[ContentIssue]:
    """Every case reaches at least :data:`MIN_ENDINGS` endings of different outcomes."""
    issues: list[ContentIssue] = []
    for ld in lib.loaded("field_case"):
        doc: FieldCaseDoc = ld.doc  # type: ignore[assignment]
        ids = {s.id for s in doc.steps}
        if doc.start not in ids:
            continue  # reported as a dangling reference
        nexts = {s.id: [c.next for c in s.choices if c.next in ids] for s in doc.steps}
        reached = reachable_from(doc.start, nexts)
        outcomes = {s.ending.outcome for s in doc.steps if s.id in reached and s.ending is not None}
        if len(outcomes) < MIN_ENDINGS:
            message = say("lint.case.endings", least=MIN_ENDINGS, found=len(outcomes))
            issues.append(ld.issue(["steps"], message, "case-endings"))
    return issues


def check_case_scores(lib: Library) -> list[ContentIssue]:
    """At each turn a best decision applies a principle and none of the best breaks one.

    A decision that breaks a principle may still be a fair move in the story,
    but it never earns the most points at its turn; and the turn's best
    decision names the principle it applies, so the feedback can teach it.
    """
    issues: list[ContentIssue] = []
    for ld in lib.loaded("field_case"):
        doc: FieldCaseDoc = ld.doc  # type: ignore[assignment]
        for i, step in enumerate(doc.steps):
            if not step.choices:
                continue
            top = max(c.score for c in step.choices)
            best = [(j, c) for j, c in enumerate(step.choices) if c.score == top]
            for j, c in best:
                if c.breaks:
                    loc: Loc = ["steps", i, "choices", j, "breaks"]
                    message = say("lint.case.best_breaks", choice=repr(c.id))
                    issues.append(ld.issue(loc, message, "case-best-breaks"))
            if not any(c.uses for _, c in best):
                message = say("lint.case.best_untaught", turn=repr(step.id))
                issues.append(ld.issue(["steps", i, "choices"], message, "case-best-untaught"))
    return issues


def case_paths(doc: FieldCaseDoc) -> list[tuple[list[CaseChoice], CaseTurn]]:
    """Every way through a case from its start: the decisions taken and the ending reached.

    A path that meets an unknown turn or comes back to a turn it has passed is
    left out (both are reported by other checks).
    """
    turns = {s.id: s for s in doc.steps}
    out: list[tuple[list[CaseChoice], CaseTurn]] = []
    todo: list[tuple[str, list[CaseChoice], frozenset[str]]] = [(doc.start, [], frozenset())]
    while todo:
        sid, taken, seen = todo.pop()
        turn = turns.get(sid)
        if turn is None or sid in seen:
            continue
        if turn.ending is not None:
            out.append((taken, turn))
            continue
        for c in reversed(turn.choices):
            todo.append((c.next, [*taken, c], seen | {sid}))
    return out


def won_unearned(doc: FieldCaseDoc) -> list[tuple[list[CaseChoice], CaseTurn]]:
    """The paths of a case that end in a won outcome without having earned it.

    A won ending is earned by a path that scores at least :data:`WON_SHARE` of
    the best path's points and breaks no principle at its last
    :data:`WON_CLEAN_TURNS` decisions.
    """
    found = case_paths(doc)
    if not found:
        return []
    least = math.ceil(max(_points(taken) for taken, _ in found) * WON_SHARE)
    out: list[tuple[list[CaseChoice], CaseTurn]] = []
    for taken, end in found:
        if end.ending is None or end.ending.outcome != "won":
            continue
        late_break = any(c.breaks for c in taken[-WON_CLEAN_TURNS:])
        if _points(taken) < least or late_break:
            out.append((taken, end))
    return out


def _points(taken: list[CaseChoice]) -> int:
    """The points a path's decisions earn."""
    return sum(c.score for c in taken)


def check_case_wins(lib: Library) -> list[ContentIssue]:
    """No path ends in a won outcome unless the whole path earned it (see :func:`won_unearned`).

    One problem per won ending that such paths reach, naming how many do and
    the lowest-scoring of them.
    """
    issues: list[ContentIssue] = []
    for ld in lib.loaded("field_case"):
        doc: FieldCaseDoc = ld.doc  # type: ignore[assignment]
        found = case_paths(doc)
        if not found:
            continue
        best = max(_points(taken) for taken, _ in found)
        by_end: dict[str, list[list[CaseChoice]]] = {}
        for taken, end in won_unearned(doc):
            by_end.setdefault(end.id, []).append(taken)
        for i, step in enumerate(doc.steps):
            paths = by_end.get(step.id)
            if not paths:
                continue
            worst = min(paths, key=_points)
            message = say(
                "lint.case.won_unearned",
                ending=repr(step.id),
                n=len(paths),
                path=" → ".join(c.id for c in worst),
                score=_points(worst),
                best=best,
                least=math.ceil(best * WON_SHARE),
                turns=WON_CLEAN_TURNS,
            )
            issues.append(ld.issue(["steps", i, "ending", "outcome"], message, "case-won-unearned"))
    return issues
