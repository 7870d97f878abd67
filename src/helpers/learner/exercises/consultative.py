"""Consultative selling: tell an adviser's reply from a vendor's, and name the skill it shows."""

from __future__ import annotations

from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import ReplyPair

REPLIES: tuple[str, ...] = ("adviser", "vendor")
"""The ids of the two replies of a pair."""


def grade_reply_pair(
    pair: ReplyPair,
    adviser: str | None,
    skill: str | None,
    lib: Library | None = None,
    method: str = "consultative_selling",
) -> Result:
    """Grade picking the adviser's reply of a pair and the skill it shows.

    One point for the reply, one for the skill. The feedback gives the
    pair's reason and names the skill (a term of ``method``).

    Parameters
    ----------
    pair : ReplyPair
        The two replies.
    adviser : str or None
        Which reply the learner says is the adviser's: ``"adviser"`` or ``"vendor"``.
    skill : str or None
        The term id of the skill the learner says the adviser's reply shows.
    lib : Library, optional
        For the glossary names of the skills.
    method : str
        The method whose terms the skills are.

    Returns
    -------
    Result
        Out of 2; ``missed`` holds the skill when either part is wrong.
    """
    exercise_id = f"reply_pair:{pair.id}"
    if not adviser and not skill:
        return empty_answer(exercise_id, 2)
    step = method_name(lib, pair.skill)
    whole = method_name(lib, method)
    items = []
    if adviser not in REPLIES:
        items.append(Feedback("adviser", False, named(msg("fb.ka_pick_reply"), whole), method))
        reply_ok = False
    else:
        reply_ok = adviser == "adviser"
        key = "fb.ka_adviser_right" if reply_ok else "fb.ka_adviser_wrong"
        text = named(msg(key, why=pair.why), whole)
        items.append(Feedback("adviser", reply_ok, text, method, float(reply_ok)))
    skill_ok = skill == pair.skill
    if not skill:
        text = msg("fb.ka_skill_missing", skill=step)
    elif skill_ok:
        text = msg("fb.ka_skill_right", skill=step)
    else:
        text = msg("fb.ka_skill_wrong", skill=step, got=method_name(lib, skill))
    items.append(Feedback("skill", skill_ok, text, pair.skill, float(skill_ok)))
    score = float(reply_ok) + float(skill_ok)
    missed = [] if score == 2 else [pair.skill]
    return Result(exercise_id, score, 2.0, items, missed).with_rule("rule.ka_two_parts")
