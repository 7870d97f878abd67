"""Invitations: at each moment of an invitation pick what to say or do; the feedback names
the rule of the method the choice keeps or breaks."""

from __future__ import annotations

from collections.abc import Mapping

from helpers.learner.exercises.care_events import stop_after
from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import InvitationCase


def grade_invitation(
    case: InvitationCase, picks: Mapping[str, str | None], lib: Library | None = None
) -> Result:
    """Grade the choice made at each moment of an invitation.

    One point per moment whose fitting choice was picked. Each line names the
    rule the picked choice keeps or breaks and says why; a wrong one also
    gives the choice that fits.

    Parameters
    ----------
    case : InvitationCase
        The situation and its moments.
    picks : mapping
        Moment id -> the id of the choice picked (None: not answered).
    lib : Library, optional
        For the glossary names of the rules.

    Returns
    -------
    Result
        Out of the number of moments.
    """
    exercise_id = f"invitation:{case.id}"
    max_score = float(len(case.moments))
    if not any(picks.values()):
        return empty_answer(exercise_id, max_score)
    items = []
    missed = []
    for moment in case.moments:
        fitting = next(c for c in moment.choices if c.fits)
        got = picks.get(moment.id)
        chosen = next((c for c in moment.choices if c.id == got), None)
        if chosen is None:
            first = msg("fb.unknown_option", name=got) if got else msg("fb.inv_missing")
            text = named(
                msg(
                    "fb.inv_fits",
                    first=first,
                    best=fitting.text,
                    stop=stop_after([fitting.text]),
                    why=fitting.why,
                ),
                method_name(lib, fitting.rule),
            )
            items.append(Feedback(moment.id, False, text, fitting.rule, 0.0))
            missed.append(fitting.rule)
        elif chosen.fits:
            text = named(msg("fb.inv_right", why=chosen.why), method_name(lib, chosen.rule))
            items.append(Feedback(moment.id, True, text, chosen.rule, 1.0))
        else:
            text = named(
                msg(
                    "fb.inv_wrong",
                    why=chosen.why,
                    best=fitting.text,
                    stop=stop_after([fitting.text]),
                    best_why=fitting.why,
                ),
                method_name(lib, chosen.rule),
            )
            items.append(Feedback(moment.id, False, text, chosen.rule, 0.0))
            missed.append(chosen.rule)
    score = sum(f.points or 0.0 for f in items)
    result = Result(exercise_id, score, max_score, items, sorted(set(missed)))
    return result.with_rule("rule.invitation")
