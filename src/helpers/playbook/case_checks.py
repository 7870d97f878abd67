"""Checks that each field case teaches its principles: two endings at least, and scores that
side with the principles.

A case teaches by contrast: a learner who applies the principles reaches another
ending than one who breaks them, and the decision that breaks a principle is never
the best one at its turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.playbook.checks import Loc, reachable_from
from helpers.playbook.issues import ContentIssue, say
from helpers.playbook.models import FieldCaseDoc

if TYPE_CHECKING:
    from helpers.playbook.library import Library

MIN_ENDINGS: int = 2
"""A field case has at least this many different endings reachable from its start."""

CASE_CODES: frozenset[str] = frozenset({"case-endings", "case-best-breaks", "case-best-untaught"})
"""Codes of the problems these checks report (lint errors that do not stop the content working)."""


def check_cases(lib: Library) -> list[ContentIssue]:
    """Run every field-case check and return the problems found."""
    issues: list[ContentIssue] = []
    issues += check_case_endings(lib)
    issues += check_case_scores(lib)
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
