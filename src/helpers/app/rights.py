"""What each person may open in the app, from their roles in the store.

On one machine (no hub) whoever uses the app may open every page. Under
JupyterHub the roles decide: learners and trainers get the training modules,
trainers also the trainer pages, managers the reports page for the teams they
manage, administrators everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rights:
    """The parts of the app a person may open.

    Attributes
    ----------
    modules : bool
        The training modules (and their reviews on the start page).
    trainer : bool
        The trainer's pages.
    reports : bool
        The reports page.
    teams : frozenset of str, optional
        The teams whose reports they may read; None for every team.
    """

    modules: bool
    trainer: bool
    reports: bool
    teams: frozenset[str] | None

    def team_allowed(self, team: str) -> bool:
        """Whether this person may read ``team``'s report."""
        return self.reports and (self.teams is None or team in self.teams)

    def visible_teams(self, teams: list[str]) -> list[str]:
        """The teams of ``teams`` this person may read, in the same order."""
        return [team for team in teams if self.team_allowed(team)]


EVERYTHING = Rights(modules=True, trainer=True, reports=True, teams=None)
"""A person on a single machine: every page, every team."""


def rights_of(store: Any, person: str) -> Rights:
    """What ``person`` may open, from their roles in ``store``."""
    roles = {role for role, _ in store.roles_of(person)}
    if "admin" in roles:
        return EVERYTHING
    return Rights(
        modules=bool(roles & {"learner", "trainer"}),
        trainer="trainer" in roles,
        reports="manager" in roles,
        teams=frozenset(store.managed_teams(person)),
    )
