"""The role-plays a trainer can score, and the rubric and criteria each is scored on.

Two kinds of content are role-plays. In an objection scenario the trainer
plays its customer through a whole visit, scored on every criterion of the
rubric that holds the criteria the scenario practises. A role-play brief
covers one part of the sale and is scored on its own rubric, on the criteria
it names and no others.
"""

from __future__ import annotations

from collections import Counter

from helpers.playbook.library import Library
from helpers.playbook.models import (
    Criterion,
    ObjectionScenarioDoc,
    RoleplayBriefDoc,
    RubricDoc,
)

Roleplay = ObjectionScenarioDoc | RoleplayBriefDoc


def roleplays(lib: Library) -> list[Roleplay]:
    """Every role-play of the library: the objection scenarios, then the briefs, in file order."""
    return [*lib.scenarios, *lib.roleplay_briefs]


def find_roleplay(lib: Library, roleplay_id: str) -> Roleplay | None:
    """The role-play with id ``roleplay_id`` (a scenario or a brief), or None."""
    return next((r for r in roleplays(lib) if r.id == roleplay_id), None)


def brief_of(lib: Library, roleplay_id: str) -> RoleplayBriefDoc | None:
    """The brief with id ``roleplay_id``, or None (no role-play, or an objection scenario)."""
    found = find_roleplay(lib, roleplay_id)
    return found if isinstance(found, RoleplayBriefDoc) else None


def rubric_for(lib: Library, roleplay_id: str) -> RubricDoc | None:
    """The rubric a role-play is scored on.

    Parameters
    ----------
    lib : Library
        The playbooks.
    roleplay_id : str
        A scenario or brief id; ``""`` for a role-play of no scenario.

    Returns
    -------
    RubricDoc or None
        A brief's own rubric; for an objection scenario, the rubric holding
        most of the criteria it practises; None when there is no such
        role-play or it names no criterion of any rubric.
    """
    found = find_roleplay(lib, roleplay_id)
    if found is None:
        return None
    if isinstance(found, RoleplayBriefDoc):
        return next((r for r in lib.rubrics if r.id == found.rubric), None)
    held = Counter(r.id for r in lib.rubrics for c in r.criteria if c.id in found.rubric_criteria)
    if not held:
        return None
    best = held.most_common(1)[0][0]
    return next(r for r in lib.rubrics if r.id == best)


def criteria_for(lib: Library, rubric: RubricDoc, roleplay_id: str) -> list[Criterion]:
    """The criteria a role-play is scored on with ``rubric``, in the rubric's order.

    A brief scored on its own rubric asks for its criteria only; anything else
    (an objection scenario, no scenario, a brief scored on another rubric)
    asks for every criterion of ``rubric``.
    """
    brief = brief_of(lib, roleplay_id)
    if brief is None or brief.rubric != rubric.id:
        return list(rubric.criteria)
    return [c for c in rubric.criteria if c.id in brief.criteria]


def default_rubric(lib: Library) -> RubricDoc | None:
    """The rubric offered before a role-play is picked: the one most role-plays are scored on
    (the first in file order on a tie); None for a library without rubrics."""
    if not lib.rubrics:
        return None
    used = Counter(r.id for x in roleplays(lib) if (r := rubric_for(lib, x.id)) is not None)
    return max(lib.rubrics, key=lambda r: used[r.id])
